// Hands out tokens for a cache key: a valid cached token when there is one, else one fetch
// shared by every request that asks meanwhile (single-flight, per process), stored until its
// expiry. Eviction after an upstream 401 is synchronous here, so the retry that follows
// never sees the rejected token even when the underlying cache is remote and slow.
import { traceTokenRequest } from '../observability/trace-context.js';
import type { CachedToken, TokenCache } from './token-cache.js';

export interface TokenLease {
  readonly accessToken: string;
  /** True when the token came out of the cache rather than a fetch made for (or joined by) this request. */
  readonly fromCache: boolean;
  /** Evicts this token (after the upstream rejected it with 401). */
  readonly invalidate: () => void;
}

export interface TokenProvider {
  obtain(key: string, fetchToken: () => Promise<CachedToken>): Promise<TokenLease>;
}

export function createTokenProvider(cache: TokenCache, now: () => number = Date.now): TokenProvider {
  const inFlight = new Map<string, Promise<CachedToken>>();
  // key -> token evicted locally but perhaps not yet gone from an async cache.
  const evicted = new Map<string, string>();

  const leaseOf = (key: string, token: CachedToken, fromCache: boolean): TokenLease => ({
    accessToken: token.accessToken,
    fromCache,
    invalidate: () => {
      evicted.set(key, token.accessToken);
      void cache.delete(key, token.accessToken).catch(() => undefined);
    },
  });

  const fetchShared = (key: string, fetchToken: () => Promise<CachedToken>): Promise<CachedToken> => {
    let pending = inFlight.get(key);
    if (pending === undefined) {
      pending = (async () => {
        try {
          // A shared cache (Redis) makes the fetch fleet-wide single flight.
          const fetchTraced = () => traceTokenRequest(fetchToken);
          const token = cache.fetchExclusive === undefined ? await fetchTraced() : await cache.fetchExclusive(key, fetchTraced);
          if (token.expiresAt > now()) {
            evicted.delete(key);
            await cache.set(key, token);
          }
          return token;
        } finally {
          inFlight.delete(key);
        }
      })();
      inFlight.set(key, pending);
    }
    return pending;
  };

  return {
    async obtain(key, fetchToken) {
      if (!inFlight.has(key)) {
        const cached = await cache.get(key);
        if (cached !== undefined && cached.expiresAt > now() && evicted.get(key) !== cached.accessToken) {
          return leaseOf(key, cached, true);
        }
      }
      return leaseOf(key, await fetchShared(key, fetchToken), false);
    },
  };
}
