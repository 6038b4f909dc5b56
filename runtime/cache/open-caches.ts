// Builds the caches a server uses from its options: the response cache (in memory by default,
// in Redis with CONDUIT_REDIS_URL, off with a size of 0) and, with Redis, the shared OAuth token
// cache. One Redis connection serves both.
import type { Registry } from 'prom-client';
import { createRedisTokenCache } from '../auth/redis-token-cache.js';
import type { TokenCache } from '../auth/token-cache.js';
import type { RuntimeLogger } from '../observability/logger.js';
import { CacheMetrics } from './cache-metrics.js';
import type { Clock } from './cache-policy.js';
import { createMemoryResponseStore, type MemoryResponseStore } from './memory-response-store.js';
import { openRedisLink, type RedisLink } from './redis-connection.js';
import { createRedisResponseStore } from './redis-response-store.js';
import { ResponseCache } from './response-cache.js';

export interface CacheSettings {
  /** null: in-process stores only. */
  readonly redisUrl: string | null;
  /** Bytes of the in-memory response cache; 0 turns response caching off (in memory and in Redis). */
  readonly cacheMaxBytes: number;
  /** Larger responses are never cached. */
  readonly cacheMaxEntryBytes: number;
  /** The limit of one token request: the fleet-wide token fetch lock outlives it by a second. */
  readonly upstreamTimeoutMs?: number;
}

export interface OpenedCaches {
  readonly responseCache: ResponseCache | null;
  /** null: the authenticator's default (in memory). */
  readonly tokenCache: TokenCache | null;
  close(): Promise<void>;
}

export interface OpenCachesContext {
  readonly logger: RuntimeLogger;
  readonly registry: Registry;
  readonly now: Clock;
}

export async function openCaches(settings: CacheSettings, context: OpenCachesContext): Promise<OpenedCaches> {
  const caching = settings.cacheMaxBytes > 0;
  let memory: MemoryResponseStore | null = null;
  if (caching && settings.redisUrl === null) {
    memory = createMemoryResponseStore({ maxBytes: settings.cacheMaxBytes, maxEntryBytes: settings.cacheMaxEntryBytes });
  }
  const metrics = new CacheMetrics(context.registry, memory === null ? null : () => memory.bytes);

  let link: RedisLink | null = null;
  if (settings.redisUrl !== null) link = await openRedisLink({ url: settings.redisUrl, logger: context.logger, metrics });

  const store = memory ?? (caching && link !== null ? createRedisResponseStore(link) : null);
  const responseCache =
    store === null ? null : new ResponseCache({ store, maxEntryBytes: settings.cacheMaxEntryBytes, now: context.now, metrics });
  const redis = link;
  const tokenCache =
    redis === null
      ? null
      : createRedisTokenCache({
          client: redis.client,
          now: context.now,
          onError: (operation, err) => redis.failed('redis-token', operation, err),
          ...(settings.upstreamTimeoutMs === undefined ? {} : { lockTtlMs: settings.upstreamTimeoutMs + 1000 }),
        });
  return {
    responseCache,
    tokenCache,
    close: async () => {
      await redis?.close();
    },
  };
}
