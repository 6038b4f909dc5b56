// Revalidation (SPEC §5): a stale entry with a validator is not fetched again but asked about
// with If-None-Match / If-Modified-Since; a 304 refreshes the entry (new freshness, updated
// headers) and the step gets the stored response as a 200; a full answer replaces the entry.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { at, composite, registryOf, regular, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { custom, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { cacheOutcomes, TestClock, versionedResource } from './helpers.js';

const clock = new TestClock();
const byEtag = versionedResource({ validators: 'etag', cacheControl: 'max-age=10', extraHeaders: () => ({ 'X-Served-At': clock.httpDate() }) });
const byDate = versionedResource({ validators: 'last-modified', cacheControl: 'max-age=10' });
const alwaysStale = versionedResource({ validators: 'etag', cacheControl: 'max-age=0' });
let mismatched = 0;

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({
    routes: {
      '/etag': byEtag.behaviour,
      '/last-modified': byDate.behaviour,
      '/always-stale': alwaysStale.behaviour,
      // Answers 304 for another representation than the one stored (a different strong ETag).
      '/mismatch': custom(({ res, request }) => {
        if (request.headers['if-none-match'] !== undefined) {
          mismatched++;
          res.writeHead(304, { ETag: '"other"', 'Cache-Control': 'max-age=10' }).end();
          return;
        }
        const body = JSON.stringify({ full: mismatched });
        res.writeHead(200, { ETag: '"mine"', 'Cache-Control': 'max-age=10', 'Content-Type': 'application/json', 'Content-Length': String(body.length) }).end(body);
      }),
    },
  });
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'etag', url: upstream.url('/etag') }),
      regular({ permalink: 'last-modified', url: upstream.url('/last-modified') }),
      regular({ permalink: 'always-stale', url: upstream.url('/always-stale') }),
      regular({ permalink: 'mismatch', url: upstream.url('/mismatch') }),
      composite({
        permalink: 'chain',
        steps: [
          { name: 'resource', url: upstream.url('/etag') },
          // The second step sees the first step's headers and body as the upstream sent them.
          {
            name: 'echo',
            url: tpl('echo', (vars) => {
              const headers = (name: string) => encodeURIComponent(String(at(vars, 'steps', 'resource', 'headers', name)));
              return upstream.url(`/last-modified?etag=${headers('etag')}&served=${headers('x-served-at')}`);
            }),
          },
        ],
      }),
    ),
    { dependencies: { now: clock.now } },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

afterEach(() => clock.advance(3600));

async function get(permalink: string, init?: RequestInit): Promise<{ status: number; body: string; cache: (string | undefined)[] }> {
  const res = await runtime.call(`/api/connectors/${permalink}`, init);
  return { status: res.status, body: await res.text(), cache: cacheOutcomes(res) };
}

function lastRequestTo(path: string) {
  return [...upstream.requests].reverse().find((r) => r.path === path)!;
}

describe('revalidation', () => {
  it('revalidates a stale ETag entry with If-None-Match; the 304 refreshes it and the widget gets 200 with the stored body', async () => {
    byEtag.setVersion(1);
    expect(await get('etag')).toEqual({ status: 200, body: '{"version":1}', cache: ['miss'] });
    clock.advance(11);
    const full = byEtag.fullAnswers;
    expect(await get('etag')).toEqual({ status: 200, body: '{"version":1}', cache: ['revalidated'] });
    expect(lastRequestTo('/etag').headers['if-none-match']).toBe('"v1"');
    expect(byEtag.fullAnswers).toBe(full);
    // Refreshed: fresh again for another max-age from the 304.
    clock.advance(9);
    expect((await get('etag')).cache).toEqual(['hit']);
  });

  it('revalidates a Last-Modified entry with If-Modified-Since', async () => {
    byDate.setVersion(1);
    await get('last-modified');
    clock.advance(11);
    expect(await get('last-modified')).toEqual({ status: 200, body: '{"version":1}', cache: ['revalidated'] });
    const sent = lastRequestTo('/last-modified');
    expect(sent.headers['if-modified-since']).toBe(new Date(Date.UTC(2029, 0, 1) + 60_000).toUTCString());
    expect(sent.headers['if-none-match']).toBeUndefined();
  });

  it('replaces the entry when the resource changed (a full answer to the conditional request)', async () => {
    byEtag.setVersion(1);
    await get('etag');
    clock.advance(11);
    byEtag.setVersion(2);
    expect(await get('etag')).toEqual({ status: 200, body: '{"version":2}', cache: ['miss'] });
    clock.advance(5);
    expect(await get('etag')).toEqual({ status: 200, body: '{"version":2}', cache: ['hit'] });
  });

  it('keeps a response that is stale on arrival (max-age=0) for revalidation only: every use asks the upstream', async () => {
    alwaysStale.setVersion(7);
    expect((await get('always-stale')).cache).toEqual(['miss']);
    const notModified = alwaysStale.notModifiedAnswers;
    expect(await get('always-stale')).toEqual({ status: 200, body: '{"version":7}', cache: ['revalidated'] });
    expect(await get('always-stale')).toEqual({ status: 200, body: '{"version":7}', cache: ['revalidated'] });
    expect(alwaysStale.notModifiedAnswers).toBe(notModified + 2);
  });

  it('updates stored headers from the 304 (later steps see them), keeping the stored body', async () => {
    byEtag.setVersion(3);
    const first = await runtime.call('/api/connectors/composite/chain', { method: 'POST' });
    await first.arrayBuffer();
    expect(lastRequestTo('/last-modified').query).toContainEqual(['served', clock.httpDate()]);
    clock.advance(11);
    const second = await runtime.call('/api/connectors/composite/chain', { method: 'POST' });
    await second.arrayBuffer();
    expect(cacheOutcomes(second)[0]).toBe('revalidated');
    // The 304 carried a new X-Served-At: the second step reads it from the refreshed entry, with the same ETag.
    expect(lastRequestTo('/last-modified').query).toEqual(expect.arrayContaining([['etag', '"v3"'], ['served', clock.httpDate()]]));
  });

  it('fetches in full when a 304 names another representation than the stored one', async () => {
    await get('mismatch');
    clock.advance(11);
    const before = upstream.requests.filter((r) => r.path === '/mismatch').length;
    const result = await get('mismatch');
    expect(result.cache).toEqual(['miss']);
    const sent = upstream.requests.filter((r) => r.path === '/mismatch').slice(before);
    expect(sent.map((r) => r.headers['if-none-match'])).toEqual(['"mine"', undefined]);
    expect(result.body).toBe(JSON.stringify({ full: mismatched }));
  });

  it('drops the entry when the upstream stops allowing storage (a full answer or a 304 with no-store)', async () => {
    let mode: 'cacheable' | 'full-no-store' | '304-no-store' = 'cacheable';
    const changing = await startUpstream({
      routes: {
        '/r': custom(({ res, request }) => {
          if (mode === '304-no-store' && request.headers['if-none-match'] === '"e"') {
            res.writeHead(304, { ETag: '"e"', 'Cache-Control': 'no-store' }).end();
            return;
          }
          const cacheControl = mode === 'cacheable' ? 'max-age=10' : 'no-store';
          res.writeHead(200, { ETag: '"e"', 'Cache-Control': cacheControl, 'Content-Type': 'text/plain', 'Content-Length': '4' }).end(mode.slice(0, 4));
        }),
      },
    });
    const rt = await startTestRuntime(registryOf(regular({ permalink: 'r', url: changing.url('/r') })), { dependencies: { now: clock.now } });
    const conditional = () => changing.requests.at(-1)!.headers['if-none-match'];
    const outcome = async () => {
      const res = await rt.call('/api/connectors/r');
      return { body: await res.text(), cache: cacheOutcomes(res)[0] };
    };
    try {
      for (const next of ['full-no-store', '304-no-store'] as const) {
        mode = 'cacheable';
        await outcome();
        clock.advance(11);
        mode = next;
        const answered = await outcome();
        expect(conditional(), next).toBe('"e"');
        // A 304 still answers this request from the stored body; a full answer is passed on.
        expect(answered, next).toEqual(next === '304-no-store' ? { body: 'cach', cache: 'revalidated' } : { body: 'full', cache: 'miss' });
        // Either way the entry is gone: the next request is not conditional.
        await outcome();
        expect(conditional(), next).toBeUndefined();
      }
    } finally {
      await rt.close();
      await changing.close();
    }
  });

  it('fails the step like any upstream failure when revalidation fails, rather than serving stale data', async () => {
    const failing = await startUpstream({ routes: { '/r': versionedResource({ validators: 'etag', cacheControl: 'max-age=10' }).behaviour } });
    const rt = await startTestRuntime(registryOf(regular({ permalink: 'r', url: failing.url('/r') })), { dependencies: { now: clock.now } });
    try {
      expect((await rt.call('/api/connectors/r')).status).toBe(200);
      clock.advance(11);
      failing.route('/r', custom(({ res }) => res.writeHead(503).end('down')));
      const res = await rt.call('/api/connectors/r');
      // A regular connector passes the upstream's answer through (SPEC §5): the 503, not the stale body.
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('down');
      expect(failing.requests.at(-1)!.headers['if-none-match']).toBe('"v1"');
    } finally {
      await rt.close();
      await failing.close();
    }
  });
});
