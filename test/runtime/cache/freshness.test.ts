// Freshness (SPEC §5): a response with Cache-Control max-age or Expires is served from the cache
// while fresh, the Age it arrived with counts against it, and once stale it is fetched again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registryOf, regular } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { custom, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { cacheOutcomes, TestClock } from './helpers.js';

let upstream: Upstream;
let runtime: TestRuntime;
const clock = new TestClock();
let served = 0;

/** Answers `{"n":<count>}` with the given headers (computed per request, so dates follow the clock). */
function counted(headers: () => Record<string, string>) {
  return custom(({ res }) => {
    served++;
    const body = JSON.stringify({ n: served });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length), ...headers() }).end(body);
  });
}

beforeAll(async () => {
  upstream = await startUpstream({
    routes: {
      '/max-age': counted(() => ({ 'Cache-Control': 'max-age=60' })),
      '/max-age-zero': counted(() => ({ 'Cache-Control': 'max-age=0' })),
      '/aged': counted(() => ({ 'Cache-Control': 'max-age=60', Age: '50' })),
      '/expires': counted(() => ({ Date: clock.httpDate(), Expires: clock.httpDate(30) })),
      '/expires-past': counted(() => ({ Date: clock.httpDate(), Expires: clock.httpDate(-5) })),
      '/max-age-wins': counted(() => ({ Date: clock.httpDate(), Expires: clock.httpDate(3600), 'Cache-Control': 'max-age=10' })),
      '/s-maxage-only': counted(() => ({ 'Cache-Control': 's-maxage=60' })),
      '/no-headers': counted(() => ({})),
    },
  });
  const paths = ['max-age', 'max-age-zero', 'aged', 'expires', 'expires-past', 'max-age-wins', 's-maxage-only', 'no-headers'];
  runtime = await startTestRuntime(registryOf(...paths.map((p) => regular({ permalink: p, url: upstream.url(`/${p}`) }))), {
    dependencies: { now: clock.now },
  });
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

afterEach(() => {
  // Every test starts its own resources' lifetimes from a later instant.
  clock.advance(3600);
});

async function get(permalink: string): Promise<{ n: number; cache: string | undefined; status: number }> {
  const res = await runtime.call(`/api/connectors/${permalink}`);
  const body = (await res.json()) as { n: number };
  return { n: body.n, cache: cacheOutcomes(res)[0], status: res.status };
}

describe('freshness', () => {
  it('serves a max-age response from the cache until it is stale, then fetches it again', async () => {
    const first = await get('max-age');
    expect(first.cache).toBe('miss');
    clock.advance(59);
    const second = await get('max-age');
    expect(second).toEqual({ n: first.n, cache: 'hit', status: 200 });
    clock.advance(2);
    const third = await get('max-age');
    expect(third.cache).toBe('miss');
    expect(third.n).toBeGreaterThan(first.n);
    // The new answer is cached in its turn.
    expect((await get('max-age')).n).toBe(third.n);
  });

  it('counts the Age the response arrived with: max-age=60 with Age: 50 is fresh for 10 s', async () => {
    const first = await get('aged');
    clock.advance(9);
    expect((await get('aged')).n).toBe(first.n);
    clock.advance(2);
    expect((await get('aged')).n).toBeGreaterThan(first.n);
  });

  it('uses Expires against the upstream Date when there is no max-age', async () => {
    const first = await get('expires');
    clock.advance(29);
    expect(await get('expires')).toEqual({ n: first.n, cache: 'hit', status: 200 });
    clock.advance(2);
    expect((await get('expires')).n).toBeGreaterThan(first.n);
  });

  it('prefers max-age over Expires', async () => {
    const first = await get('max-age-wins');
    clock.advance(11);
    expect((await get('max-age-wins')).n).toBeGreaterThan(first.n);
  });

  it('does not reuse responses that are stale on arrival or carry no freshness (max-age=0, Expires in the past, none, s-maxage only)', async () => {
    for (const permalink of ['max-age-zero', 'expires-past', 'no-headers', 's-maxage-only']) {
      const first = await get(permalink);
      const second = await get(permalink);
      expect(second.n, permalink).toBe(first.n + 1);
      expect(second.cache, permalink).toBe('miss');
    }
  });
});
