// Where tokens from token endpoints are kept between requests. Small and async so a shared
// store (Redis, a later issue) can implement it; single-flight and expiry policy live above it,
// in ./token-provider.ts, so every implementation gets them.

export interface CachedToken {
  readonly accessToken: string;
  /** Epoch milliseconds after which the token must not be used (already includes the safety margin). */
  readonly expiresAt: number;
}

export interface TokenCache {
  /** The token stored under `key`, or undefined. May return an expired token: callers check `expiresAt`. */
  get(key: string): Promise<CachedToken | undefined>;
  set(key: string, token: CachedToken): Promise<void>;
  /** Removes the entry only while it still holds `accessToken`, so a newer token fetched meanwhile stays. */
  delete(key: string, accessToken: string): Promise<void>;
  /**
   * Optional: runs `fetchToken` at most once for `key` across every process sharing the cache (a
   * fleet sharing Redis) and stores the result, or returns the token another process fetched
   * meanwhile. Without it, each process fetches for itself.
   */
  fetchExclusive?(key: string, fetchToken: () => Promise<CachedToken>): Promise<CachedToken>;
}
