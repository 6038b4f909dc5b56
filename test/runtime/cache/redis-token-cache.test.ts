// The Redis TokenCache (runtime/auth/redis-token-cache.ts) against a real redis-server: tokens
// written by one process are read by another, Redis expiry follows the token's lifetime, an
// eviction after a 401 never removes a newer token another process stored, and a Redis failure
// is reported and answered from the process' own tokens.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenCache } from '../../../runtime/auth/redis-token-cache.js';
import { startRedis, type RedisServer } from '../../support/redis/redis-server.js';

let redis: RedisServer;
const clients: Redis[] = [];

function client(): Redis {
  const c = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false, retryStrategy: () => 200 });
  c.on('error', () => undefined);
  clients.push(c);
  return c;
}

async function ready(c: Redis): Promise<void> {
  if (c.status !== 'ready') await new Promise((resolve) => c.once('ready', resolve));
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.close();
});

describe('Redis token cache', () => {
  it('lets another process read a stored token, with Redis expiry at the token’s expiry', async () => {
    const [a, b] = [client(), client()];
    await Promise.all([ready(a), ready(b)]);
    const errors: string[] = [];
    const writer = createRedisTokenCache({ client: a, onError: (op) => errors.push(op) });
    const reader = createRedisTokenCache({ client: b, onError: (op) => errors.push(op) });
    const expiresAt = Date.now() + 60_000;
    await writer.set('conduit:token:k1', { accessToken: 'tok-1', expiresAt });
    expect(await reader.get('conduit:token:k1')).toEqual({ accessToken: 'tok-1', expiresAt });
    const ttl = Number((await redis.command('PTTL', 'conduit:token:k1')).slice(1));
    expect(ttl).toBeGreaterThan(58_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(errors).toEqual([]);
  });

  it('does not return or store a token past its expiry', async () => {
    const c = client();
    await ready(c);
    let now = Date.now();
    const cache = createRedisTokenCache({ client: c, onError: () => undefined, now: () => now });
    await cache.set('conduit:token:dead', { accessToken: 'old', expiresAt: now - 1 });
    expect(await redis.command('EXISTS', 'conduit:token:dead')).toBe(':0\r\n');
    await cache.set('conduit:token:k2', { accessToken: 'soon', expiresAt: now + 1000 });
    now += 2000;
    expect(await cache.get('conduit:token:k2')).toBeUndefined();
  });

  it('evicts a rejected token only while Redis still holds it', async () => {
    const [a, b] = [client(), client()];
    await Promise.all([ready(a), ready(b)]);
    const one = createRedisTokenCache({ client: a, onError: () => undefined });
    const two = createRedisTokenCache({ client: b, onError: () => undefined });
    const expiresAt = Date.now() + 60_000;
    await one.set('conduit:token:k3', { accessToken: 'first', expiresAt });
    // Process two replaced it meanwhile; process one's late eviction of 'first' must leave 'second'.
    await two.set('conduit:token:k3', { accessToken: 'second', expiresAt });
    await one.delete('conduit:token:k3', 'first');
    expect(await redis.command('GET', 'conduit:token:k3')).toContain('second');
    await two.delete('conduit:token:k3', 'second');
    expect(await redis.command('EXISTS', 'conduit:token:k3')).toBe(':0\r\n');
  });

  it('reports Redis failures and answers from the tokens this process holds', async () => {
    const c = client();
    await ready(c);
    const errors: string[] = [];
    const cache = createRedisTokenCache({ client: c, onError: (op) => errors.push(op) });
    await cache.set('conduit:token:k4', { accessToken: 'kept', expiresAt: Date.now() + 60_000 });
    await redis.stop();
    try {
      await new Promise((resolve) => (c.status === 'ready' ? c.once('close', resolve) : resolve(undefined)));
      expect(await cache.get('conduit:token:k4')).toEqual(expect.objectContaining({ accessToken: 'kept' }));
      expect(await cache.get('conduit:token:unknown')).toBeUndefined();
      await cache.set('conduit:token:k5', { accessToken: 'local', expiresAt: Date.now() + 60_000 });
      await cache.delete('conduit:token:k4', 'kept');
      expect(errors).toEqual(['get', 'set', 'delete']);
      expect(await cache.get('conduit:token:k5')).toEqual(expect.objectContaining({ accessToken: 'local' }));
    } finally {
      await redis.start();
    }
  });
});
