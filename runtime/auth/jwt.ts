// `jwt`: a JWT signed per request from the configured claims (iat/exp added), sent as
// `<header_name>: <prefix><jwt>` (default `Authorization: Bearer <jwt>`).
import type { CompiledAuth } from '../connector.js';
import { assertHeaderName, assertHeaderValue } from './header-syntax.js';
import { timeClaims } from './issued-at.js';
import { signJwt } from './jwt-sign.js';
import { renderJsonObject } from './render-json.js';
import type { AppliedAuth, AuthContext } from './types.js';

export function applyJwt(auth: CompiledAuth & { readonly type: 'jwt' }, ctx: AuthContext, nowMs: number): AppliedAuth {
  const key = ctx.render(auth.key);
  const algorithm = ctx.render(auth.algorithm);
  const headerName = ctx.render(auth.headerName);
  const prefix = ctx.render(auth.prefix);
  assertHeaderName(headerName, 'jwt: `header_name`');
  assertHeaderValue(prefix, 'jwt: `prefix`');
  // Conduit owns iat/exp: a rendered claim is always a string, which is not a valid NumericDate.
  const payload = { ...renderJsonObject(auth.claims, ctx.render), ...timeClaims(nowMs, auth.expiresIn) };
  const token = signJwt(payload, key, algorithm, renderJsonObject(auth.headers, ctx.render));
  return { headers: [[headerName, `${prefix}${token}`]], query: [] };
}
