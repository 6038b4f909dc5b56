// The Redis connection shared by the response cache and the OAuth token cache when
// CONDUIT_REDIS_URL is set (ioredis, loaded only then). Redis is an accelerator, never a
// dependency of serving: commands fail fast while it is unreachable (no offline queue, a short
// command timeout), the callers then go on without it, and ioredis keeps reconnecting in the
// background. An outage is logged once when it starts and once when it ends, and counted.
import type { Redis } from 'ioredis';
import type { RuntimeLogger } from '../observability/logger.js';
import type { CacheMetrics } from './cache-metrics.js';

export interface RedisLinkOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  readonly url: string;
  readonly logger: RuntimeLogger;
  readonly metrics: CacheMetrics | null;
  /** A command that gets no answer within this fails (a hung Redis must not hold requests). Default 500. */
  readonly commandTimeoutMs?: number;
  /** How long start-up waits for the first connection before serving without Redis. Default 2000. */
  readonly connectTimeoutMs?: number;
}

export interface RedisLink {
  readonly client: Redis;
  /** Records a failed command: counts it, and logs it when it is the first failure of an outage. */
  failed(store: string, operation: string, err: unknown): void;
  /** True while the connection is ready for commands. */
  readonly available: boolean;
  close(): Promise<void>;
}

/** `host:port` of a Redis URL: what logs may name (never the password). */
export function redisEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}`;
  } catch {
    return '(unparseable URL)';
  }
}

export async function openRedisLink(options: RedisLinkOptions): Promise<RedisLink> {
  const { Redis: RedisClient } = await import('ioredis');
  const { logger, metrics } = options;
  const endpoint = redisEndpoint(options.url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const client = new RedisClient(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: connectTimeoutMs,
    // Keep trying for ever, at most every 2 s: Redis coming back must need no restart.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });

  let down = false;
  let warnedCommandFailure = false;
  const markDown = (reason: string) => {
    metrics?.redisAvailable(false);
    if (down) return;
    down = true;
    logger.warn({ redis: endpoint, reason }, 'redis unavailable: serving without the shared cache until it is back');
  };
  client.on('ready', () => {
    metrics?.redisAvailable(true);
    if (!down) return;
    down = false;
    logger.info({ redis: endpoint }, 'redis available again');
  });
  // Without a listener ioredis prints every connection error; the outage is logged once above.
  client.on('error', (err: Error) => markDown(err.message));
  client.on('close', () => {
    if (client.status !== 'end') markDown('connection closed');
  });

  metrics?.redisAvailable(false);
  const connected = client.connect().then(
    () => true,
    (err: unknown) => {
      markDown(err instanceof Error ? err.message : String(err));
      return false;
    },
  );
  // Start-up does not wait longer than the connect timeout: a missing Redis is not a reason to refuse serving.
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), connectTimeoutMs);
    timer.unref();
  });
  if (!(await Promise.race([connected, gaveUp]))) markDown('no connection at start-up');
  clearTimeout(timer);
  if (!down) logger.info({ redis: endpoint }, 'redis connected: response and token caches are shared');

  return {
    client,
    get available() {
      return client.status === 'ready';
    },
    failed(store, operation, err) {
      metrics?.storeError(store, operation);
      const reason = err instanceof Error ? err.message : String(err);
      if (client.status !== 'ready') {
        markDown(reason);
      } else if (!warnedCommandFailure) {
        // Connected but a command failed (timeout of a stalled server, an error reply): once per process.
        warnedCommandFailure = true;
        logger.warn({ redis: endpoint, store, operation, reason }, 'redis command failed: going on without the shared cache for this request');
      }
    },
    async close() {
      if (client.status === 'ready') await client.quit().catch(() => undefined);
      client.disconnect();
    },
  };
}
