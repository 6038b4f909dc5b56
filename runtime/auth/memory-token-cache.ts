// The in-process TokenCache: a bounded LRU (one entry per tenant and rendered auth config).
import { LRUCache } from 'lru-cache';
import type { CachedToken, TokenCache } from './token-cache.js';

export interface MemoryTokenCacheOptions {
  /** Most entries kept; the least recently used goes first. Default 10 000. */
  readonly maxEntries?: number;
  /** Clock in epoch ms (tests inject one). Default Date.now. */
  readonly now?: () => number;
}

export function createMemoryTokenCache(options: MemoryTokenCacheOptions = {}): TokenCache {
  const now = options.now ?? Date.now;
  const entries = new LRUCache<string, CachedToken>({ max: options.maxEntries ?? 10_000 });
  return {
    get(key) {
      const token = entries.get(key);
      // Expired entries are dropped on sight so the LRU does not fill with dead tokens.
      if (token !== undefined && token.expiresAt <= now()) {
        entries.delete(key);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(token);
    },
    set(key, token) {
      entries.set(key, token);
      return Promise.resolve();
    },
    delete(key, accessToken) {
      if (entries.get(key)?.accessToken === accessToken) entries.delete(key);
      return Promise.resolve();
    },
  };
}
