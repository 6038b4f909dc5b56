// CONDUIT_REDIS_URL: the response cache and the OAuth token cache live in a real redis-server,
// shared by two runtime instances (as by two workers or hosts). Keys name the connector and hide
// the request behind a hash. When Redis goes away, both keep serving without the shared cache
// (the outage logged once, counted in /metrics) and pick it up again when it is back.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryOf, regular } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { startOAuthTokenServer, type OAuthTokenServer } from '../../support/oauth-server/oauth-token-server.js';
import { startRedis, type RedisServer } from '../../support/redis/redis-server.js';
import { echo, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { cacheOutcomes } from './helpers.js';

let redis: RedisServer;
let upstream: Upstream;
let tokens: OAuthTokenServer;
let first: TestRuntime;
let second: TestRuntime;

beforeAll(async () => {
  redis = await startRedis();
  upstream = await startUpstream({ routes: { '*': echo({ headers: { 'Cache-Control': 'max-age=300' } }) } });
  tokens = await startOAuthTokenServer({ clients: { 'widget-app': 'client-secret-value' }, expiresIn: 3600 });
  const registry = registryOf(
    regular({ permalink: 'shared', url: upstream.url('/shared') }),
    regular({
      permalink: 'with-token',
      url: tokens.resourceUrl,
      auth: { type: 'oauth_client_credentials', tokenUrl: tokens.tokenUrl, clientId: 'widget-app', clientSecret: 'client-secret-value', scope: null, audience: null, clientAuth: 'body' },
    }),
  );
  first = await startTestRuntime(registry, { redisUrl: redis.url });
  second = await startTestRuntime(registry, { redisUrl: redis.url });
});

afterAll(async () => {
  await first?.close();
  await second?.close();
  await tokens?.close();
  await upstream?.close();
  await redis?.close();
});

async function call(runtime: TestRuntime, permalink: string): Promise<{ status: number; cache: string | undefined }> {
  const res = await runtime.call(`/api/connectors/${permalink}`);
  await res.arrayBuffer();
  return { status: res.status, cache: cacheOutcomes(res)[0] };
}

const requestsTo = (path: string) => upstream.requests.filter((r) => r.path === path).length;
const logged = (runtime: TestRuntime, msg: string) => runtime.logs.filter((line) => String(line['msg']).startsWith(msg)).length;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('Redis-backed caches', () => {
  it('shares cached responses between two runtime instances', async () => {
    expect(await call(first, 'shared')).toEqual({ status: 200, cache: 'miss' });
    expect(await call(second, 'shared')).toEqual({ status: 200, cache: 'hit' });
    expect(requestsTo('/shared')).toBe(1);
    expect(logged(first, 'redis connected')).toBe(1);
  });

  it('shares OAuth tokens: the second instance uses the token the first one fetched', async () => {
    expect((await call(first, 'with-token')).status).toBe(200);
    expect((await call(second, 'with-token')).status).toBe(200);
    expect(tokens.tokenRequests).toHaveLength(1);
    expect(tokens.resourceAuthorizations.slice(-2)).toEqual([`Bearer ${tokens.issuedTokens[0]}`, `Bearer ${tokens.issuedTokens[0]}`]);
  });

  it('keeps keys free of request data and credentials: the connector in clear, the rest hashed', async () => {
    const keys = await redis.command('KEYS', '*');
    expect(keys).toMatch(/conduit:response:shared:[A-Za-z0-9_-]{43}/);
    expect(keys).toMatch(/conduit:token:[A-Za-z0-9_-]{43}/);
    expect(keys).not.toContain(tokens.issuedTokens[0]!);
    expect(keys).not.toContain('client-secret-value');
    expect(keys).not.toContain('/shared');
    // Entries expire with Redis: the token by its lifetime, the response by its freshness plus nothing (no validator).
    const ttl = await redis.command('PTTL', keys.match(/conduit:response:shared:\S+/)![0]);
    expect(Number(ttl.slice(1))).toBeGreaterThan(290_000);
    expect(Number(ttl.slice(1))).toBeLessThanOrEqual(300_000);
  });

  it('serves without the shared cache while Redis is down, logs the outage once, and uses Redis again when it is back', async () => {
    await redis.stop();
    const before = requestsTo('/shared');
    for (let i = 0; i < 3; i++) {
      expect(await call(first, 'shared')).toEqual({ status: 200, cache: 'miss' });
      expect(await call(second, 'shared')).toEqual({ status: 200, cache: 'miss' });
    }
    expect(requestsTo('/shared')).toBe(before + 6);
    // Tokens already known to a process stay usable without Redis: no token request per call.
    expect((await call(first, 'with-token')).status).toBe(200);
    expect((await call(second, 'with-token')).status).toBe(200);
    expect(tokens.tokenRequests).toHaveLength(1);

    expect(logged(first, 'redis unavailable')).toBe(1);
    expect(logged(second, 'redis unavailable')).toBe(1);
    const metrics = await (await first.call('/metrics')).text();
    expect(metrics).toMatch(/conduit_redis_up 0/);
    expect(metrics).toMatch(/conduit_cache_store_errors_total\{store="redis-response",operation="get"\} [1-9]/);

    await redis.start();
    await waitFor(() => logged(first, 'redis available again') === 1 && logged(second, 'redis available again') === 1, 'the reconnection');
    expect(await call(first, 'shared')).toEqual({ status: 200, cache: 'miss' });
    expect(await call(second, 'shared')).toEqual({ status: 200, cache: 'hit' });
    expect(await (await first.call('/metrics')).text()).toMatch(/conduit_redis_up 1/);
  });
});

describe('Redis credentials', () => {
  it('never writes the password of the Redis URL to a log line', async () => {
    const password = 'redis-password-that-must-not-leak';
    // This redis-server has no password: AUTH fails, and the failure is logged.
    const runtime = await startTestRuntime(registryOf(regular({ permalink: 'shared', url: upstream.url('/shared') })), {
      redisUrl: `redis://:${password}@127.0.0.1:${redis.port}`,
    });
    try {
      expect((await call(runtime, 'shared')).status).toBe(200);
      expect(runtime.logText()).toContain(`127.0.0.1:${redis.port}`);
      expect(runtime.logText()).not.toContain(password);
    } finally {
      await runtime.close();
    }
  });
});

describe('Redis unreachable at start-up', () => {
  it('starts anyway, serving uncached, and says so', async () => {
    const dead = await startRedis();
    const url = dead.url;
    await dead.close();
    const runtime = await startTestRuntime(registryOf(regular({ permalink: 'shared', url: upstream.url('/shared') })), { redisUrl: url });
    try {
      expect(await call(runtime, 'shared')).toEqual({ status: 200, cache: 'miss' });
      expect(await call(runtime, 'shared')).toEqual({ status: 200, cache: 'miss' });
      expect(logged(runtime, 'redis unavailable')).toBe(1);
    } finally {
      await runtime.close();
    }
  });
});
