// `api_key` (alias `apikey`): one key/value pair, sent as a header or as a query parameter.
import type { CompiledAuth } from '../connector.js';
import { TemplateRenderError } from '../template/types.js';
import { assertHeaderName, assertHeaderValue } from './header-syntax.js';
import type { AppliedAuth, AuthContext } from './types.js';

export function applyApiKey(auth: CompiledAuth & { readonly type: 'api_key' }, ctx: AuthContext): AppliedAuth {
  const key = ctx.render(auth.key);
  const value = ctx.render(auth.value);
  if (key === '') throw new TemplateRenderError('empty-auth-key', 'api_key: `key` renders to an empty string');
  if (auth.in === 'query') return { headers: [], query: [[key, value]] };
  assertHeaderName(key, 'api_key: `key`');
  assertHeaderValue(value, 'api_key: `value`');
  return { headers: [[key, value]], query: [] };
}
