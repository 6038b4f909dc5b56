// --stream-responses: a regular connector's untemplated upstream body is passed through as it
// arrives (real server, real local upstream). The answer keeps the upstream's bytes and length,
// the timing headers and the cache; an announced oversized body is still a 502 envelope, and a
// body that runs over the limit after the head cuts the connection (never a complete-looking
// answer) and is logged as an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { patternBytes, respond, sizedBody, startUpstream, type Upstream } from '../../support/upstream/index.js';

const LIMIT = 256 * 1024;

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({
    routes: {
      '/chunked': sizedBody(200_000, { framing: 'chunked', chunkBytes: 16 * 1024 }),
      '/sized': sizedBody(100_000),
      '/over-chunked': sizedBody(LIMIT * 4, { framing: 'chunked' }),
      '/over-declared': sizedBody(LIMIT * 4),
      '/fresh': respond({ headers: { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=60' }, body: '{"fresh":true}' }),
      '/uncacheable': respond({ headers: { 'Content-Type': 'application/json' }, body: '{"n":1}' }),
    },
  });
  const u = (path: string) => upstream.url(path);
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'chunked', url: u('/chunked') }),
      regular({ permalink: 'sized', url: u('/sized') }),
      regular({ permalink: 'over-chunked', url: u('/over-chunked') }),
      regular({ permalink: 'over-declared', url: u('/over-declared') }),
      regular({ permalink: 'fresh', url: u('/fresh') }),
      regular({ permalink: 'uncacheable', url: u('/uncacheable') }),
    ),
    { streamResponses: true, maxResponseBytes: LIMIT },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

function timing(res: Response): { total_ms: number; internal_ms: number; external_ms: number; cache?: string } {
  return JSON.parse(res.headers.get('x-connector-timing')!) as { total_ms: number; internal_ms: number; external_ms: number; cache?: string };
}

describe('a passed-through upstream body', () => {
  it('arrives byte for byte; without an upstream length it is chunked, with one it keeps it', async () => {
    const chunked = await runtime.call('/api/connectors/chunked');
    expect(chunked.status).toBe(200);
    expect(Buffer.from(await chunked.arrayBuffer()).equals(patternBytes(200_000))).toBe(true);
    expect(chunked.headers.get('content-length')).toBeNull();
    expect(chunked.headers.get('content-type')).toBe('application/octet-stream');

    const sized = await runtime.call('/api/connectors/sized');
    expect(sized.headers.get('content-length')).toBe('100000');
    expect(Buffer.from(await sized.arrayBuffer()).equals(patternBytes(100_000))).toBe(true);
  });

  it('keeps the request id and a timing split that adds up', async () => {
    const res = await runtime.call('/api/connectors/sized', { headers: { 'X-Request-ID': 'stream-1' } });
    expect(res.headers.get('x-request-id')).toBe('stream-1');
    const t = timing(res);
    expect(t.internal_ms + t.external_ms).toBeCloseTo(t.total_ms, 1);
    expect(res.headers.get('server-timing')).toMatch(/total;dur=[\d.]+;desc="Total"$/);
  });

  it('still goes through the cache: a storable answer is kept and served from it next time', async () => {
    const first = await runtime.call('/api/connectors/fresh');
    expect(await first.text()).toBe('{"fresh":true}');
    expect(timing(first).cache).toBe('miss');
    const second = await runtime.call('/api/connectors/fresh');
    expect(await second.text()).toBe('{"fresh":true}');
    expect(timing(second).cache).toBe('hit');

    const again = await runtime.call('/api/connectors/uncacheable');
    expect(await again.text()).toBe('{"n":1}');
    expect(timing(again).cache).toBe('miss');
  });

  it('refuses an announced oversized body with the 502 envelope, before any byte', async () => {
    const res = await runtime.call('/api/connectors/over-declared');
    expect(res.status).toBe(502);
    expect(((await res.json()) as { errors: { message: string } }).errors.message).toBe('The upstream response exceeded the size limit');
  });

  it('cuts the connection when the body runs over the limit after the head, and logs it as an error', async () => {
    const res = await fetch(`${runtime.url}/api/connectors/over-chunked`);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    await expect
      .poll(() => runtime.logs.find((l) => l['connector'] === 'over-chunked'))
      .toMatchObject({ level: 50, status: 200, error: `the upstream body failed after the answer started: upstream response body exceeds ${LIMIT} bytes` });
  });
});
