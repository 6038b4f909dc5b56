// The Authenticator the executor calls for every step: picks the strategy for the step's
// authentication type. Holds the token cache (shared by all connectors of the process).
import type { CompiledAuth } from '../connector.js';
import { applyApiKey } from './api-key.js';
import { applyJwt } from './jwt.js';
import { createMemoryTokenCache } from './memory-token-cache.js';
import { applyNone } from './none.js';
import { applyClientCredentials } from './oauth-client-credentials.js';
import { applyJwtBearer } from './oauth-jwt-bearer.js';
import type { TokenCache } from './token-cache.js';
import { createTokenProvider } from './token-provider.js';
import type { AppliedAuth, AuthContext, Authenticator } from './types.js';

export interface AuthenticatorOptions {
  /** Where endpoint tokens are kept. Default: an in-memory LRU. */
  readonly tokenCache?: TokenCache;
  /** Clock in epoch ms (tests inject one to move time). Default Date.now. */
  readonly now?: () => number;
}

export function createAuthenticator(options: AuthenticatorOptions = {}): Authenticator {
  const now = options.now ?? Date.now;
  const tokens = createTokenProvider(options.tokenCache ?? createMemoryTokenCache({ now }), now);
  return {
    apply(auth: CompiledAuth, ctx: AuthContext): Promise<AppliedAuth> {
      switch (auth.type) {
        case 'none':
          return Promise.resolve(applyNone());
        // Synchronous strategies still report failures as rejections, like the others.
        case 'api_key':
          return new Promise((resolve) => resolve(applyApiKey(auth, ctx)));
        case 'jwt':
          return new Promise((resolve) => resolve(applyJwt(auth, ctx)));
        case 'oauth_client_credentials':
          return applyClientCredentials(auth, ctx, tokens, now);
        case 'oauth_jwt_bearer':
          return applyJwtBearer(auth, ctx, tokens, now);
      }
    },
  };
}
