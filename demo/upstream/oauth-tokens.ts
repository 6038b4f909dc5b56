// The demo upstream's OAuth 2.0 authorization server: the client credentials grant (RFC 6749
// §4.4, client authentication in the form body or with HTTP Basic) issuing opaque bearer tokens,
// and the check the protected API routes make.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Scopes the demo client may ask for (the profile API needs profile:read). */
const CLIENT_SCOPES = new Set(['profile:read']);
/** Lifetime of an access token in seconds. */
export const ACCESS_TOKEN_SECONDS = 300;

export type TokenAnswer =
  | { readonly ok: true; readonly body: { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string } }
  | { readonly ok: false; readonly status: number; readonly error: string; readonly description: string };

interface IssuedToken {
  readonly scopes: ReadonlySet<string>;
  readonly expiresAt: number;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** RFC 6749 §2.3.1: `Basic base64(urlencoded id ":" urlencoded secret)`. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (match === null) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

export class OAuthTokens {
  private readonly issued = new Map<string, IssuedToken>();
  /** Token requests answered with a token, for the page's "how often did Conduit fetch a token". */
  issuedCount = 0;

  constructor(
    private readonly client: { readonly id: string; readonly secret: string },
    private readonly now: () => number = Date.now,
  ) {}

  /** Answers a token request: `form` is the urlencoded body, `authorization` its Authorization header. */
  token(form: URLSearchParams, authorization: string | undefined): TokenAnswer {
    if (form.get('grant_type') !== 'client_credentials') {
      return { ok: false, status: 400, error: 'unsupported_grant_type', description: 'only client_credentials is supported' };
    }
    const basic = basicCredentials(authorization);
    const id = basic?.id ?? form.get('client_id');
    const secret = basic?.secret ?? form.get('client_secret');
    if (id === null || secret === null || !sameText(id, this.client.id) || !sameText(secret, this.client.secret)) {
      return { ok: false, status: 401, error: 'invalid_client', description: 'unknown client or wrong secret' };
    }
    const requested = (form.get('scope') ?? '').split(' ').filter((s) => s !== '');
    const refused = requested.filter((s) => !CLIENT_SCOPES.has(s));
    if (refused.length > 0) return { ok: false, status: 400, error: 'invalid_scope', description: `not allowed: ${refused.join(' ')}` };
    const scopes = new Set(requested.length > 0 ? requested : CLIENT_SCOPES);
    const accessToken = randomBytes(24).toString('base64url');
    this.issued.set(accessToken, { scopes, expiresAt: this.now() + ACCESS_TOKEN_SECONDS * 1000 });
    this.issuedCount++;
    return { ok: true, body: { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, scope: [...scopes].join(' ') } };
  }

  /** Whether an Authorization header carries a live token this server issued with `scope`. */
  allows(authorization: string | undefined, scope: string): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (match === null) return false;
    const token = this.issued.get(match[1]!);
    if (token === undefined) return false;
    if (token.expiresAt <= this.now()) {
      this.issued.delete(match[1]!);
      return false;
    }
    return token.scopes.has(scope);
  }
}
