// What may be stored (SPEC §5): only 200, 301 and 308 answers to GET/HEAD steps that say how long
// they stay fresh; no-store, no-cache and private prevent it; requests the author made
// conditional or no-cache never use the cache; oversized bodies are not kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header, registryOf, regular } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { custom, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { cacheOutcomes } from './helpers.js';

let upstream: Upstream;
let runtime: TestRuntime;
const counts = new Map<string, number>();

/** Counts requests per path; answers `status` with `headers` and a body naming the count. */
function answer(status: number, headers: Record<string, string>) {
  return custom(({ res, request }) => {
    const n = (counts.get(request.path) ?? 0) + 1;
    counts.set(request.path, n);
    const body = request.method === 'HEAD' ? '' : JSON.stringify({ n });
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(JSON.stringify({ n }))), ...headers }).end(body);
  });
}

const FRESH = { 'Cache-Control': 'max-age=300' };

const CASES = {
  'ok-200': answer(200, FRESH),
  'moved-301': answer(301, { ...FRESH, Location: 'https://example.com/elsewhere' }),
  'moved-308': answer(308, { ...FRESH, Location: 'https://example.com/elsewhere' }),
  'found-302': answer(302, { ...FRESH, Location: 'https://example.com/elsewhere' }),
  'partial-203': answer(203, FRESH),
  'missing-404': answer(404, FRESH),
  'broken-500': answer(500, FRESH),
  'no-store': answer(200, { 'Cache-Control': 'max-age=300, no-store' }),
  'no-cache': answer(200, { 'Cache-Control': 'no-cache, max-age=300' }),
  'no-cache-field': answer(200, { 'Cache-Control': 'max-age=300, no-cache="Set-Cookie"' }),
  private: answer(200, { 'Cache-Control': 'private, max-age=300' }),
  'private-upper': answer(200, { 'Cache-Control': 'Private, Max-Age=300' }),
  pragma: answer(200, { Pragma: 'no-cache', Expires: new Date(Date.now() + 300_000).toUTCString() }),
  'vary-star': answer(200, { ...FRESH, Vary: '*' }),
  'post-fresh': answer(200, FRESH),
  'head-fresh': answer(200, FRESH),
  'author-no-cache': answer(200, FRESH),
  'author-conditional': answer(200, FRESH),
  big: custom(({ res, request }) => {
    counts.set(request.path, (counts.get(request.path) ?? 0) + 1);
    res.writeHead(200, { ...FRESH, 'Content-Type': 'text/plain' }).end('x'.repeat(5000));
  }),
} as const;

beforeAll(async () => {
  upstream = await startUpstream({ routes: Object.fromEntries(Object.entries(CASES).map(([name, b]) => [`/${name}`, b])) });
  const connectors = Object.keys(CASES).map((name) => {
    const url = upstream.url(`/${name}`);
    if (name === 'post-fresh') return regular({ permalink: name, url, method: 'POST' });
    if (name === 'head-fresh') return regular({ permalink: name, url, method: 'HEAD' });
    if (name === 'author-no-cache') return regular({ permalink: name, url, headers: [header('Cache-Control', 'no-cache')] });
    if (name === 'author-conditional') return regular({ permalink: name, url, headers: [header('If-None-Match', '"abc"')] });
    return regular({ permalink: name, url });
  });
  runtime = await startTestRuntime(registryOf(...connectors), { cacheMaxEntryBytes: 4096 });
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

async function twice(name: string, method = 'GET'): Promise<{ upstreamCalls: number; outcomes: (string | undefined)[]; statuses: number[] }> {
  const before = counts.get(`/${name}`) ?? 0;
  const outcomes: (string | undefined)[] = [];
  const statuses: number[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await runtime.call(`/api/connectors/${name}`, { method });
    await res.arrayBuffer();
    statuses.push(res.status);
    outcomes.push(cacheOutcomes(res)[0]);
  }
  return { upstreamCalls: (counts.get(`/${name}`) ?? 0) - before, outcomes, statuses };
}

describe('statuses', () => {
  it.each([
    ['ok-200', 200],
    ['moved-301', 301],
    ['moved-308', 308],
  ])('stores %s', async (name, status) => {
    const result = await twice(name);
    expect(result).toEqual({ upstreamCalls: 1, outcomes: ['miss', 'hit'], statuses: [status, status] });
  });

  it('answers the widget with the cached 301 status', async () => {
    const res = await runtime.call('/api/connectors/moved-301');
    expect(res.status).toBe(301);
    expect(cacheOutcomes(res)).toEqual(['hit']);
  });

  it.each(['found-302', 'partial-203', 'missing-404', 'broken-500'])('never stores %s, even with max-age', async (name) => {
    const result = await twice(name);
    expect(result.upstreamCalls).toBe(2);
  });
});

describe('directives', () => {
  it.each(['no-store', 'no-cache', 'no-cache-field', 'private', 'private-upper', 'pragma', 'vary-star'])('does not store a response with %s', async (name) => {
    const result = await twice(name);
    expect(result.upstreamCalls).toBe(2);
    expect(result.outcomes).toEqual(['miss', 'miss']);
  });
});

describe('requests', () => {
  it('never caches a POST step, whatever the upstream says', async () => {
    const result = await twice('post-fresh', 'POST');
    expect(result.upstreamCalls).toBe(2);
    expect(result.outcomes).toEqual([undefined, undefined]);
  });

  it('caches HEAD steps', async () => {
    const result = await twice('head-fresh', 'HEAD');
    expect(result).toEqual({ upstreamCalls: 1, outcomes: ['miss', 'hit'], statuses: [200, 200] });
  });

  it('lets a request the author marked no-cache, or made conditional, bypass the cache', async () => {
    for (const name of ['author-no-cache', 'author-conditional']) {
      const result = await twice(name);
      expect(result.upstreamCalls, name).toBe(2);
      expect(result.outcomes, name).toEqual([undefined, undefined]);
    }
  });

  it('does not keep a body larger than the per-entry bound', async () => {
    const result = await twice('big');
    expect(result.upstreamCalls).toBe(2);
    expect(result.outcomes).toEqual(['miss', 'miss']);
  });
});

describe('turned off', () => {
  it('with a cache size of 0, every request reaches the upstream and reports no cache use', async () => {
    const off = await startTestRuntime(registryOf(regular({ permalink: 'ok-200', url: upstream.url('/ok-200') })), { cacheMaxBytes: 0 });
    try {
      const before = counts.get('/ok-200') ?? 0;
      for (let i = 0; i < 2; i++) {
        const res = await off.call('/api/connectors/ok-200');
        await res.arrayBuffer();
        expect(cacheOutcomes(res)).toEqual([undefined]);
      }
      expect((counts.get('/ok-200') ?? 0) - before).toBe(2);
    } finally {
      await off.close();
    }
  });
});
