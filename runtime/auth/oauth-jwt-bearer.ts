// `oauth_jwt_bearer` (RFC 7523 §2.1): an assertion `iss`=client_id, `sub`=subject,
// `aud`=audience, `iat`=now, `exp`=now+180 s, plus additional_claims, is exchanged at token_url
// for an access token, which is reused until token_ttl − 60 s (or the reply's expires_in − 60 s
// when shorter), per tenant and rendered config, and sent as a bearer token. The assertion is
// signed only when a token must be fetched.
import type { CompiledAuth } from '../connector.js';
import { bearerAuth } from './bearer-lease.js';
import { formBody } from './form-encoding.js';
import { signJwt } from './jwt-sign.js';
import { renderJsonObject } from './render-json.js';
import { tokenCacheKey } from './token-cache-key.js';
import { requestToken } from './token-endpoint.js';
import { tokenExpiresAt } from './token-lifetime.js';
import type { TokenProvider } from './token-provider.js';
import type { AppliedAuth, AuthContext } from './types.js';

export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Lifetime of the assertion itself (SPEC §4): it is used once, right away. */
export const ASSERTION_LIFETIME_SECONDS = 180;

export async function applyJwtBearer(
  auth: CompiledAuth & { readonly type: 'oauth_jwt_bearer' },
  ctx: AuthContext,
  tokens: TokenProvider,
  now: () => number,
): Promise<AppliedAuth> {
  const tokenUrl = ctx.render(auth.tokenUrl);
  const clientId = ctx.render(auth.clientId);
  const subject = ctx.render(auth.subject);
  const audience = ctx.render(auth.audience);
  const signingKey = ctx.render(auth.privateKey);
  const algorithm = ctx.render(auth.algorithm);
  const additional = renderJsonObject(auth.additionalClaims, ctx.render);
  const jwtHeaders = renderJsonObject(auth.jwtHeaders, ctx.render);
  const key = tokenCacheKey(auth.type, ctx.tenantId, [
    tokenUrl,
    clientId,
    subject,
    audience,
    signingKey,
    algorithm,
    JSON.stringify(additional),
    JSON.stringify(jwtHeaders),
    auth.tokenTtl,
  ]);

  const lease = await tokens.obtain(key, async () => {
    const fetchedAt = now();
    const iat = Math.floor(fetchedAt / 1000);
    // The registered claims come from the config; additional_claims add to them and cannot replace them.
    const assertionClaims = { ...additional, iss: clientId, sub: subject, aud: audience, iat, exp: iat + ASSERTION_LIFETIME_SECONDS };
    const assertion = signJwt(assertionClaims, signingKey, algorithm, jwtHeaders);
    const form = formBody([['grant_type', JWT_BEARER_GRANT_TYPE], ['assertion', assertion]]);
    const grant = await requestToken(ctx.http, { tokenUrl, form });
    const lifetime = grant.expiresInSeconds === null ? auth.tokenTtl : Math.min(auth.tokenTtl, grant.expiresInSeconds);
    return { accessToken: grant.accessToken, expiresAt: tokenExpiresAt(fetchedAt, lifetime) };
  });
  return bearerAuth(lease);
}
