// Turns a token from a token endpoint into what goes on the wire: `Authorization: Bearer <token>`.
// A token that came from the cache can be evicted by the executor after an upstream 401.
import type { TokenLease } from './token-provider.js';
import type { AppliedAuth } from './types.js';

export function bearerAuth(lease: TokenLease): AppliedAuth {
  const headers = [['Authorization', `Bearer ${lease.accessToken}`]] as const;
  return lease.fromCache ? { headers, query: [], invalidate: lease.invalidate } : { headers, query: [] };
}
