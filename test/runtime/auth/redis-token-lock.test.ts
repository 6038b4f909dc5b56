// The fleet-wide token fetch lock (runtime/auth/redis-token-lock.ts) through the Redis token cache
// and the real token provider, against a real redis-server. Each "process" is its own Redis
// connection, cache and provider, as separate runtime instances are.
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenCache } from '../../../runtime/auth/redis-token-cache.js';
import { fenceKeyOf, lockKeyOf } from '../../../runtime/auth/redis-token-lock.js';
import type { CachedToken } from '../../../runtime/auth/token-cache.js';
import { createTokenProvider, type TokenProvider } from '../../../runtime/auth/token-provider.js';
import { startRedis, type RedisServer } from '../../support/redis/redis-server.js';

let redis: RedisServer;
const clients: Redis[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.close();
});

async function client(): Promise<Redis> {
  const c = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 200 });
  c.on('error', () => undefined);
  clients.push(c);
  if (c.status !== 'ready') await new Promise((resolve) => c.once('ready', resolve));
  return c;
}

interface Instance {
  readonly provider: TokenProvider;
  readonly errors: string[];
}

async function instance(lockTtlMs = 2000): Promise<Instance> {
  const errors: string[] = [];
  const cache = createRedisTokenCache({ client: await client(), onError: (op) => errors.push(op), lockTtlMs });
  return { provider: createTokenProvider(cache), errors };
}

/** A token endpoint stand-in that counts fetches; each fetch takes `delayMs`. */
function tokenSource(delayMs: number, name = 'token') {
  let fetches = 0;
  return {
    get fetches() {
      return fetches;
    },
    fetch: async (): Promise<CachedToken> => {
      const n = ++fetches;
      await sleep(delayMs);
      return { accessToken: `${name}-${n}`, expiresAt: Date.now() + 60_000 };
    },
  };
}

let keys = 0;
const freshKey = () => `conduit:token:lock-test-${++keys}`;
const stored = async (key: string) => JSON.parse((await redis.command('GET', key)).split('\r\n')[1]!) as { accessToken: string; fence?: number };

describe('fleet-wide token fetch lock', () => {
  it('fetches once for 3 processes × 10 concurrent requests; the others read the winner’s token', async () => {
    const fleet = await Promise.all([instance(), instance(), instance()]);
    const source = tokenSource(150);
    const key = freshKey();
    const leases = await Promise.all(fleet.flatMap((i) => Array.from({ length: 10 }, () => i.provider.obtain(key, source.fetch))));
    expect(source.fetches).toBe(1);
    expect(new Set(leases.map((l) => l.accessToken))).toEqual(new Set(['token-1']));
    expect(await stored(key)).toMatchObject({ accessToken: 'token-1', fence: 1 });
    // The lock is gone once the token is stored.
    expect(await redis.command('EXISTS', lockKeyOf(key))).toBe(':0\r\n');
    expect(fleet.flatMap((i) => i.errors)).toEqual([]);
  });

  it('blocks nobody beyond the lock’s expiry when the holder died', async () => {
    const key = freshKey();
    // What a process killed while fetching leaves behind: a lock nobody will release.
    await redis.command('SET', lockKeyOf(key), '999', 'PX', '700');
    const survivor = await instance();
    const source = tokenSource(10);
    const started = Date.now();
    const lease = await survivor.provider.obtain(key, source.fetch);
    const waited = Date.now() - started;
    expect(lease.accessToken).toBe('token-1');
    expect(source.fetches).toBe(1);
    expect(waited).toBeGreaterThanOrEqual(600);
    expect(waited).toBeLessThan(1500);
  });

  it('lets a waiting process take over at once when the holder’s fetch fails', async () => {
    const key = freshKey();
    const [a, b] = await Promise.all([instance(10_000), instance(10_000)]);
    let calls = 0;
    const failing = async (): Promise<CachedToken> => {
      calls++;
      await sleep(200);
      throw new Error('token endpoint said 500');
    };
    const source = tokenSource(10);
    const holder = a.provider.obtain(key, failing);
    await sleep(50);
    const started = Date.now();
    const waiter = b.provider.obtain(key, source.fetch);
    await expect(holder).rejects.toThrow('token endpoint said 500');
    expect((await waiter).accessToken).toBe('token-1');
    // Far sooner than the 10 s lock expiry: the failed holder released it.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(calls).toBe(1);
  });

  it('fences a holder whose lock expired mid-fetch: its late token never replaces its successor’s', async () => {
    const key = freshKey();
    const [slow, fast] = await Promise.all([instance(300), instance(300)]);
    const slowSource = tokenSource(900, 'slow');
    const fastSource = tokenSource(10, 'fast');
    const first = slow.provider.obtain(key, slowSource.fetch);
    await sleep(400); // the slow holder's lock (300 ms) has expired; it is still fetching
    const second = await fast.provider.obtain(key, fastSource.fetch);
    expect(second.accessToken).toBe('fast-1');
    expect(await stored(key)).toMatchObject({ accessToken: 'fast-1', fence: 2 });
    // The slow holder's request still gets its own (valid) token, but Redis keeps fence 2's.
    expect((await first).accessToken).toBe('slow-1');
    expect(slowSource.fetches).toBe(1);
    expect(await stored(key)).toMatchObject({ accessToken: 'fast-1', fence: 2 });
    expect(Number((await redis.command('GET', fenceKeyOf(key))).split('\r\n')[1])).toBe(2);
  });

  it('fetches without the lock, and says so, when Redis is unreachable', async () => {
    const c = await client();
    const errors: string[] = [];
    const cache = createRedisTokenCache({ client: c, onError: (op) => errors.push(op), lockTtlMs: 2000 });
    const provider = createTokenProvider(cache);
    c.disconnect();
    const source = tokenSource(10);
    const lease = await provider.obtain(freshKey(), source.fetch);
    expect(lease.accessToken).toBe('token-1');
    expect(source.fetches).toBe(1);
    expect(errors).toContain('lock-acquire');
  });
});
