// `oauth_jwt_bearer` (RFC 7523 §2.1): a signed assertion (the configured claims plus iat/exp)
// is exchanged at token_url for an access token, which is cached per tenant and rendered config
// and sent as a bearer token. The assertion is signed only when a token must be fetched.
import type { CompiledAuth } from '../connector.js';
import { bearerAuth } from './bearer-lease.js';
import { formBody } from './form-encoding.js';
import { timeClaims } from './issued-at.js';
import { signJwt } from './jwt-sign.js';
import { renderJsonObject } from './render-json.js';
import { tokenCacheKey } from './token-cache-key.js';
import { requestToken } from './token-endpoint.js';
import { tokenExpiresAt } from './token-lifetime.js';
import type { TokenProvider } from './token-provider.js';
import type { AppliedAuth, AuthContext } from './types.js';

export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export async function applyJwtBearer(
  auth: CompiledAuth & { readonly type: 'oauth_jwt_bearer' },
  ctx: AuthContext,
  tokens: TokenProvider,
  now: () => number,
): Promise<AppliedAuth> {
  const tokenUrl = ctx.render(auth.tokenUrl);
  const signingKey = ctx.render(auth.key);
  const algorithm = ctx.render(auth.algorithm);
  const claims = renderJsonObject(auth.claims, ctx.render);
  const scope = auth.scope === null ? null : ctx.render(auth.scope);
  const key = tokenCacheKey(auth.type, ctx.tenantId, [tokenUrl, signingKey, algorithm, JSON.stringify(claims), scope, auth.expiresIn]);

  const lease = await tokens.obtain(key, async () => {
    const fetchedAt = now();
    const assertion = signJwt({ ...claims, ...timeClaims(fetchedAt, auth.expiresIn) }, signingKey, algorithm);
    const form = formBody([['grant_type', JWT_BEARER_GRANT_TYPE], ['assertion', assertion], ['scope', scope]]);
    const grant = await requestToken(ctx.http, { tokenUrl, form });
    return { accessToken: grant.accessToken, expiresAt: tokenExpiresAt(fetchedAt, grant.expiresInSeconds) };
  });
  return bearerAuth(lease);
}
