// No cached response crosses users, tenants or connectors (SPEC §5): the key is the connector's
// namespace plus a hash of the tenant and the fully rendered request, credentials included.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, header, registryOf, regular, text, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, startUpstream, type EchoedRequest, type Upstream } from '../../support/upstream/index.js';
import { cacheOutcomes } from './helpers.js';

const SECRET = 'isolation-test-user-token-secret-32b';
let upstream: Upstream;
let runtime: TestRuntime;

async function tokenFor(sub: string, tenant: string): Promise<string> {
  return new SignJWT({ sub, tenant_id: tenant }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));
}

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '*': echo({ headers: { 'Cache-Control': 'max-age=300' } }) } });
  runtime = await startTestRuntime(
    registryOf(
      // Each user's own upstream credential, rendered from the verified user context.
      regular({
        permalink: 'per-user',
        url: upstream.url('/profile'),
        headers: [header('Authorization', tpl("Bearer token-of-{{ user.id }}", (vars) => `Bearer token-of-${text(at(vars, 'user', 'id'))}`))],
      }),
      // The same request for everybody: only the tenant tells callers apart.
      regular({ permalink: 'catalog', url: upstream.url('/catalog'), headers: [header('X-Api-Key', 'shared-key')] }),
      regular({ permalink: 'catalog-copy', url: upstream.url('/catalog'), headers: [header('X-Api-Key', 'shared-key')] }),
    ),
    { userToken: { kind: 'hmac', secret: SECRET } },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

async function call(permalink: string, token: string): Promise<{ echoed: EchoedRequest; cache: string | undefined }> {
  const res = await runtime.call(`/api/connectors/${permalink}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return { echoed: (await res.json()) as EchoedRequest, cache: cacheOutcomes(res)[0] };
}

function requestsTo(path: string): number {
  return upstream.requests.filter((r) => r.path === path).length;
}

describe('cache isolation', () => {
  it('never gives one user the response fetched with another user’s credentials', async () => {
    const [ada, bob] = await Promise.all([tokenFor('ada', 't1'), tokenFor('bob', 't1')]);
    const adaFirst = await call('per-user', ada);
    const bobFirst = await call('per-user', bob);
    expect(adaFirst.echoed.headers['authorization']).toBe('Bearer token-of-ada');
    expect(bobFirst.echoed.headers['authorization']).toBe('Bearer token-of-bob');
    expect([adaFirst.cache, bobFirst.cache]).toEqual(['miss', 'miss']);
    expect(requestsTo('/profile')).toBe(2);

    // Each user's repeat is a hit on their own entry.
    const adaAgain = await call('per-user', ada);
    const bobAgain = await call('per-user', bob);
    expect(adaAgain).toEqual({ echoed: adaFirst.echoed, cache: 'hit' });
    expect(bobAgain).toEqual({ echoed: bobFirst.echoed, cache: 'hit' });
    expect(requestsTo('/profile')).toBe(2);
  });

  it('keeps tenants apart even when their rendered requests are identical', async () => {
    const [t1, t2] = await Promise.all([tokenFor('carol', 'tenant-one'), tokenFor('dave', 'tenant-two')]);
    const before = requestsTo('/catalog');
    expect((await call('catalog', t1)).cache).toBe('miss');
    expect((await call('catalog', t2)).cache).toBe('miss');
    expect(requestsTo('/catalog')).toBe(before + 2);
    expect((await call('catalog', t2)).cache).toBe('hit');
  });

  it('shares an entry between callers of one tenant whose requests are identical (the upstream cannot tell them apart either)', async () => {
    const [erin, frank] = await Promise.all([tokenFor('erin', 'tenant-three'), tokenFor('frank', 'tenant-three')]);
    expect((await call('catalog', erin)).cache).toBe('miss');
    expect((await call('catalog', frank)).cache).toBe('hit');
  });

  it('gives every connector its own namespace, even for the same request', async () => {
    const token = await tokenFor('gina', 'tenant-four');
    const before = requestsTo('/catalog');
    expect((await call('catalog', token)).cache).toBe('miss');
    expect((await call('catalog-copy', token)).cache).toBe('miss');
    expect(requestsTo('/catalog')).toBe(before + 2);
    expect((await call('catalog-copy', token)).cache).toBe('hit');
  });

  it('counts lookups per connector and result in /metrics', async () => {
    const metrics = await (await runtime.call('/metrics')).text();
    expect(metrics).toMatch(/conduit_cache_lookups_total\{connector="per-user",result="hit"\} 2/);
    expect(metrics).toMatch(/conduit_cache_lookups_total\{connector="per-user",result="miss"\} 2/);
    expect(metrics).toMatch(/conduit_cache_stores_total\{connector="catalog-copy"\} 1/);
    expect(metrics).toMatch(/conduit_cache_memory_bytes \d+/);
  });
});
