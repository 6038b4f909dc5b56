// The TokenCache shared through Redis (CONDUIT_REDIS_URL): a token fetched by one process is used
// by every process pointed at the same Redis until it expires (Redis expiry = the token's
// `expiresAt`). An in-process LRU sits in front of it: repeated requests in one process do not
// ask Redis, and while Redis is down the process keeps the tokens it has instead of asking the
// token endpoint on every request. Single-flight stays per process (./token-provider.ts): at most
// one concurrent fetch per key and process.
import type { Redis } from 'ioredis';
import { createMemoryTokenCache } from './memory-token-cache.js';
import type { CachedToken, TokenCache } from './token-cache.js';

export interface RedisTokenCacheOptions {
  readonly client: Redis;
  /** Called with every failed Redis command (the cache then answers from the process alone). */
  readonly onError: (operation: string, err: unknown) => void;
  /** Clock in epoch ms. Default Date.now. */
  readonly now?: () => number;
  /** Entries of the in-process LRU. Default 10 000. */
  readonly maxLocalEntries?: number;
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

export function createRedisTokenCache(options: RedisTokenCacheOptions): TokenCache {
  const { client, onError } = options;
  const now = options.now ?? Date.now;
  const local = createMemoryTokenCache({ now, maxEntries: options.maxLocalEntries ?? 10_000 });
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
      const token = parseToken(text);
      if (token === undefined || token.expiresAt <= now()) return undefined;
      await local.set(key, token);
      return token;
    },
    async set(key, token) {
      await local.set(key, token);
      const ttlMs = Math.floor(token.expiresAt - now());
      if (ttlMs <= 0) return;
      try {
        await client.set(key, JSON.stringify({ accessToken: token.accessToken, expiresAt: token.expiresAt }), 'PX', ttlMs);
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
  };
}
