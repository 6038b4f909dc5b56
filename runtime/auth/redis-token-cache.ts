// The TokenCache shared through Redis (CONDUIT_REDIS_URL): a token fetched by one process is used
// by every process pointed at the same Redis until it expires (Redis expiry = the token's
// `expiresAt`). An in-process LRU sits in front of it: repeated requests in one process do not
// ask Redis, and while Redis is down the process keeps the tokens it has instead of asking the
// token endpoint on every request. Single flight is per process in ./token-provider.ts and
// fleet-wide through the Redis lock of ./redis-token-lock.ts (`fetchExclusive`).
import type { Redis } from 'ioredis';
import { createMemoryTokenCache } from './memory-token-cache.js';
import { createRedisTokenLock } from './redis-token-lock.js';
import type { CachedToken, TokenCache } from './token-cache.js';

export interface RedisTokenCacheOptions {
  readonly client: Redis;
  /** Called with every failed Redis command (the cache then answers from the process alone). */
  readonly onError: (operation: string, err: unknown) => void;
  /** Clock in epoch ms. Default Date.now. */
  readonly now?: () => number;
  /** Entries of the in-process LRU. Default 10 000. */
  readonly maxLocalEntries?: number;
  /** Longest a process holds the fleet-wide fetch lock (more than a token request may take). Default 16 s. */
  readonly lockTtlMs?: number;
}

// Deletes the key only while it still holds the rejected token: a newer token stored meanwhile by
// another process stays.
const DELETE_IF_HOLDS = `local v = redis.call('GET', KEYS[1])
if v and cjson.decode(v).accessToken == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

function parseToken(text: string | null): CachedToken | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<CachedToken>;
    if (typeof value.accessToken === 'string' && typeof value.expiresAt === 'number') return { accessToken: value.accessToken, expiresAt: value.expiresAt };
  } catch {
    // Not written by this format: treated as absent.
  }
  return undefined;
}

/** The stored form: the token, its expiry and (when stored under the fetch lock) its fence. */
function encodeToken(token: CachedToken, fence: number | null): string {
  return JSON.stringify({ accessToken: token.accessToken, expiresAt: token.expiresAt, ...(fence === null ? {} : { fence }) });
}

export function createRedisTokenCache(options: RedisTokenCacheOptions): TokenCache {
  const { client, onError } = options;
  const now = options.now ?? Date.now;
  const local = createMemoryTokenCache({ now, maxEntries: options.maxLocalEntries ?? 10_000 });
  const live = (token: CachedToken | undefined) => (token !== undefined && token.expiresAt > now() ? token : undefined);
  const lock = createRedisTokenLock(
    { client, onError, now, lockTtlMs: options.lockTtlMs ?? 16_000 },
    { read: (_key, text) => live(parseToken(text)), encode: encodeToken },
  );
  // Tokens already in Redis (stored under the lock, or read from it): `set` keeps them locally only,
  // so a plain write never replaces a token stored with a later fence.
  const inRedis = new WeakSet<CachedToken>();
  return {
    async get(key) {
      const known = await local.get(key);
      if (known !== undefined) return known;
      let text: string | null;
      try {
        text = await client.get(key);
      } catch (err) {
        onError('get', err);
        return undefined;
      }
      const token = live(parseToken(text));
      if (token === undefined) return undefined;
      await local.set(key, token);
      return token;
    },
    async set(key, token) {
      await local.set(key, token);
      if (inRedis.has(token)) return;
      const ttlMs = Math.floor(token.expiresAt - now());
      if (ttlMs <= 0) return;
      try {
        await client.set(key, encodeToken(token, null), 'PX', ttlMs);
      } catch (err) {
        onError('set', err);
      }
    },
    async delete(key, accessToken) {
      await local.delete(key, accessToken);
      try {
        await client.eval(DELETE_IF_HOLDS, 1, key, accessToken);
      } catch (err) {
        onError('delete', err);
      }
    },
    async fetchExclusive(key, fetchToken) {
      const { token, inRedis: stored } = await lock.fetchOnce(key, fetchToken);
      // A token fetched without the lock (Redis failing) still goes to Redis through `set`.
      if (stored) inRedis.add(token);
      return token;
    },
  };
}
