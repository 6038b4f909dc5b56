// `oauth_client_credentials` (RFC 6749 §4.4): POST grant_type=client_credentials to token_url,
// authenticating the client in the form body (default) or with HTTP Basic; the returned token
// is reused until expires_in − 60 s, per tenant and rendered config, and sent as a bearer token.
import type { CompiledAuth } from '../connector.js';
import { bearerAuth } from './bearer-lease.js';
import { formBody, formEncode } from './form-encoding.js';
import { tokenCacheKey } from './token-cache-key.js';
import { requestToken } from './token-endpoint.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, tokenExpiresAt } from './token-lifetime.js';
import type { TokenProvider } from './token-provider.js';
import type { AppliedAuth, AuthContext } from './types.js';

export async function applyClientCredentials(
  auth: CompiledAuth & { readonly type: 'oauth_client_credentials' },
  ctx: AuthContext,
  tokens: TokenProvider,
  now: () => number,
): Promise<AppliedAuth> {
  const tokenUrl = ctx.render(auth.tokenUrl);
  const clientId = ctx.render(auth.clientId);
  const clientSecret = ctx.render(auth.clientSecret);
  const scope = auth.scope === null ? null : ctx.render(auth.scope);
  const audience = auth.audience === null ? null : ctx.render(auth.audience);
  const key = tokenCacheKey(auth.type, ctx.tenantId, [tokenUrl, clientId, clientSecret, scope, audience, auth.clientAuth]);

  const lease = await tokens.obtain(key, async () => {
    const optional = [['scope', scope], ['audience', audience]] as const;
    const request =
      auth.clientAuth === 'basic'
        ? {
            tokenUrl,
            form: formBody([['grant_type', 'client_credentials'], ...optional]),
            // RFC 6749 §2.3.1: id and secret are form-encoded before joining with ':'.
            headers: [['Authorization', `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`]] as const,
          }
        : {
            tokenUrl,
            form: formBody([['grant_type', 'client_credentials'], ['client_id', clientId], ['client_secret', clientSecret], ...optional]),
          };
    const fetchedAt = now();
    const grant = await requestToken(ctx.http, request);
    return { accessToken: grant.accessToken, expiresAt: tokenExpiresAt(fetchedAt, grant.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS) };
  });
  return bearerAuth(lease);
}
