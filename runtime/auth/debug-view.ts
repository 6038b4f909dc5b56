// The `authentication` part of `X-Debug-Request`: the step's auth config as resolved for this
// request, with credentials shown as their template text, never their values. A value that used
// get_secret() shows its template; credential fields (client secret, signing key, API key value)
// always do, and a credential written literally in the registry shows as [REDACTED]. Tokens and
// signed JWTs are never part of the view.
import type { CompiledAuth, CompiledJson, TemplateValue } from '../connector.js';

type Render = (value: TemplateValue) => string;

export const REDACTED = '[REDACTED]';

function credential(value: TemplateValue): string {
  return typeof value === 'string' ? REDACTED : value.source;
}

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
    case 'apikey':
      return { type: 'apikey', key: shown(auth.key, render), value: credential(auth.value), in: auth.in };
    case 'oauth_client_credentials':
      return {
        type: auth.type,
        token_url: shown(auth.tokenUrl, render),
        client_id: shown(auth.clientId, render),
        client_secret: credential(auth.clientSecret),
        scope: shownOrNull(auth.scope, render),
        audience: shownOrNull(auth.audience, render),
        client_auth: auth.clientAuth,
      };
    case 'jwt':
      return {
        type: 'jwt',
        key: credential(auth.key),
        algorithm: shown(auth.algorithm, render),
        claims: shownJson(auth.claims, render),
        expires_in: auth.expiresIn,
        headers: shownJson(auth.headers, render),
        header_name: shown(auth.headerName, render),
        prefix: shown(auth.prefix, render),
      };
    case 'oauth_jwt_bearer':
      return {
        type: auth.type,
        token_url: shown(auth.tokenUrl, render),
        key: credential(auth.key),
        algorithm: shown(auth.algorithm, render),
        claims: shownJson(auth.claims, render),
        expires_in: auth.expiresIn,
        scope: shownOrNull(auth.scope, render),
      };
  }
}
