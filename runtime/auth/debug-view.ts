// The `authentication` part of `X-Debug-Request` (SPEC §5): the step's auth config as resolved
// for this request. Credential fields — the API key value, the client secret, private keys and
// JWT claims — are always `**********`; other fields are shown rendered, or as their template
// text when they read a secret. Tokens and signed JWTs are never part of the view.
import type { CompiledAuth, CompiledJson, TemplateValue } from '../connector.js';

type Render = (value: TemplateValue) => string;

/** What a credential field always shows. */
export const MASKED = '**********';

function shown(value: TemplateValue, render: Render): string {
  if (typeof value === 'string') return value;
  if (value.usesSecret) return value.source;
  try {
    return render(value);
  } catch {
    // The view is diagnostic: a value that fails to render shows what was written.
    return value.source;
  }
}

function shownOrNull(value: TemplateValue | null, render: Render): string | null {
  return value === null ? null : shown(value, render);
}

function shownJson(json: CompiledJson, render: Render): unknown {
  switch (json.kind) {
    case 'template':
      return shown(json.value, render);
    case 'literal':
      return json.value;
    case 'array':
      return json.items.map((item) => shownJson(item, render));
    case 'object':
      return Object.fromEntries(json.entries.map(([name, value]) => [name, shownJson(value, render)]));
  }
}

export function describeAuthentication(auth: CompiledAuth, render: Render): Record<string, unknown> {
  switch (auth.type) {
    case 'none':
      return { type: 'none' };
    case 'api_key':
      return { type: 'api_key', key: shown(auth.key, render), value: MASKED, in: auth.in };
    case 'oauth_client_credentials':
      return {
        type: auth.type,
        token_url: shown(auth.tokenUrl, render),
        client_id: shown(auth.clientId, render),
        client_secret: MASKED,
        scope: shownOrNull(auth.scope, render),
        audience: shownOrNull(auth.audience, render),
        client_auth: auth.clientAuth,
      };
    case 'jwt':
      return {
        type: 'jwt',
        private_key: MASKED,
        algorithm: shown(auth.algorithm, render),
        claims: MASKED,
        jwt_headers: shownJson(auth.jwtHeaders, render),
      };
    case 'oauth_jwt_bearer':
      return {
        type: auth.type,
        client_id: shown(auth.clientId, render),
        private_key: MASKED,
        token_url: shown(auth.tokenUrl, render),
        subject: shown(auth.subject, render),
        audience: shown(auth.audience, render),
        token_ttl: auth.tokenTtl,
        algorithm: shown(auth.algorithm, render),
        additional_claims: MASKED,
        jwt_headers: shownJson(auth.jwtHeaders, render),
      };
  }
}
