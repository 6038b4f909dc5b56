// Parsed signing keys, so a PEM is decoded once rather than on every signature (key text +
// algorithm -> KeyObject). Failures are cached as well: a bad key is reported on every request
// without being re-parsed. Bounded, since keys may be rendered per tenant.
import { LRUCache } from 'lru-cache';
import { parseSigningKey, type SigningKeyResult } from './signing-key.js';

const MAX_KEYS = 512;

const cache = new LRUCache<string, SigningKeyResult>({ max: MAX_KEYS });

/** The parsed key for (key text, algorithm), from the cache when seen before. */
export function cachedSigningKey(key: string, algorithm: string): SigningKeyResult {
  // NUL cannot occur in an algorithm name we accept, so the pair maps to one string unambiguously.
  const cacheKey = `${algorithm}\u0000${key}`;
  let result = cache.get(cacheKey);
  if (result === undefined) {
    result = parseSigningKey(key, algorithm);
    cache.set(cacheKey, result);
  }
  return result;
}

/** How many parsed keys are held (tests check that repeated signing does not re-parse). */
export function signingKeyCacheSize(): number {
  return cache.size;
}
