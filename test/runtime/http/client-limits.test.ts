// Limits: response body size (exactly at the limit passes, one byte more fails, however the body is
// framed), the whole-request deadline (connect, headers and body together), the per-origin
// concurrency bound, and the caller's AbortSignal.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from '../../../runtime/http/client.js';
import type { UpstreamClient } from '../../../runtime/http/types.js';
import {
  closedPort,
  delay,
  hang,
  patternBytes,
  respond,
  sizedBody,
  slowBody,
  startHalfOpenServer,
  startUpstream,
  testCa,
  type BodyFraming,
  type HalfOpenServer,
  type Upstream,
} from '../../support/upstream/index.js';
import { eventually, failureOf, send } from './helpers.js';

const MiB = 1024 * 1024;
const framings: readonly BodyFraming[] = ['content-length', 'chunked', 'close'];

let upstream: Upstream;
let client: UpstreamClient;

beforeAll(async () => {
  const routes: Record<string, ReturnType<typeof respond>> = {
    '/ok': respond({ body: 'ok' }),
    '/huge-headers': respond({ headers: { 'X-Huge': 'h'.repeat(64 * 1024) }, body: 'ok' }),
    '/hang': hang(),
    '/late': delay(400, respond({ body: 'late' })),
    '/soon': delay(20, respond({ body: 'soon' })),
    '/busy': delay(300, respond({ body: 'busy' })),
    // 12 chunks, one every 50 ms: each arrives quickly, the whole body takes ~600 ms.
    '/trickle': slowBody({ chunks: 12, chunkBytes: 8, intervalMs: 50 }),
  };
  for (const framing of framings) {
    routes[`/at-limit/${framing}`] = sizedBody(10 * MiB, { framing });
    routes[`/over-limit/${framing}`] = sizedBody(10 * MiB + 1, { framing });
    routes[`/small-at/${framing}`] = sizedBody(1000, { framing, chunkBytes: 100 });
    routes[`/small-over/${framing}`] = sizedBody(1001, { framing, chunkBytes: 100 });
  }
  upstream = await startUpstream({ routes });
});
afterAll(() => upstream.close());
afterEach(() => client?.close());

describe('response body limit', () => {
  it('defaults to 10 MiB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(10 * MiB);
  });

  it.each(framings)('passes a body of exactly 10 MiB (%s) intact', async (framing) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const res = await send(client, upstream.url(`/at-limit/${framing}`));
    expect(res.body.length).toBe(10 * MiB);
    expect(res.body.equals(patternBytes(10 * MiB))).toBe(true);
  });

  it.each(framings)('fails a body of 10 MiB + 1 (%s) as too-large and drops the connection', async (framing) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const error = await failureOf(send(client, upstream.url(`/over-limit/${framing}`)));
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`upstream response body exceeds ${10 * MiB} bytes`);
    // The socket was destroyed rather than drained and kept alive.
    await eventually(() => upstream.openConnections === 0);
  });

  it.each(framings)('applies a configured limit (%s): 1000 bytes pass, 1001 fail', async (framing) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxResponseBytes: 1000 });
    expect((await send(client, upstream.url(`/small-at/${framing}`))).body.equals(patternBytes(1000))).toBe(true);
    const error = await failureOf(send(client, upstream.url(`/small-over/${framing}`)));
    expect(error.kind).toBe('too-large');
  });

  it('refuses an announced oversized body on its Content-Length, before reading it', async () => {
    // The server announces 10 MiB + 1 and sends nothing but headers: only the announcement can trip the limit.
    const server = await startUpstream({
      routes: {
        '/announced': respond({ headers: { 'Content-Length': String(10 * MiB + 1) }, body: '' }),
      },
    });
    client = createUpstreamClient({ allowInsecureUpstreams: true, timeoutMs: 5000 });
    try {
      const started = Date.now();
      const error = await failureOf(send(client, server.url('/announced')));
      expect(error.kind).toBe('too-large');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await server.close();
    }
  });
});

describe('response header limit', () => {
  it('fails response headers beyond undici\'s header size limit as too-large', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const error = await failureOf(send(client, upstream.url('/huge-headers')));
    expect([error.kind, error.message]).toEqual(['too-large', 'upstream response headers are too large']);
  });
});

describe('deadline', () => {
  it('defaults to 15 s', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(15_000);
  });

  it('fails a never-answering upstream at the configured limit', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, timeoutMs: 200 });
    const started = Date.now();
    const error = await failureOf(send(client, upstream.url('/hang')));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('upstream did not send a complete response within 200 ms');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);
  });

  it('covers the wait for headers: a late answer fails, a prompt one passes', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, timeoutMs: 200 });
    expect((await failureOf(send(client, upstream.url('/late')))).kind).toBe('timeout');
    expect((await send(client, upstream.url('/soon'))).body.toString()).toBe('soon');
  });

  it('covers the whole body, not just the gap between chunks', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, timeoutMs: 300 });
    const error = await failureOf(send(client, upstream.url('/trickle')));
    expect(error.kind).toBe('timeout');
  });

  it('covers connecting: a TLS handshake that never completes times out', async () => {
    const silent: HalfOpenServer = await startHalfOpenServer();
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: testCa, timeoutMs: 200 });
    try {
      const started = Date.now();
      const error = await failureOf(send(client, silent.url('/x', 'https')));
      expect(error.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(silent.connectionCount).toBe(1);
    } finally {
      await silent.close();
    }
  });

  it('times out a server that accepts the connection and never reads the request', async () => {
    const silent = await startHalfOpenServer();
    client = createUpstreamClient({ allowInsecureUpstreams: true, timeoutMs: 200 });
    try {
      expect((await failureOf(send(client, silent.url('/x')))).kind).toBe('timeout');
    } finally {
      await silent.close();
    }
  });
});

describe('per-origin concurrency bound', () => {
  it('answers overloaded beyond the bound without queueing, per origin, and frees slots as requests end', async () => {
    const other = await startUpstream({ routes: { '/ok': respond({ body: 'other' }) } });
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxConcurrentPerOrigin: 2 });
    try {
      const before = upstream.requests.length;
      const first = send(client, upstream.url('/busy'));
      const second = send(client, upstream.url('/busy'));
      const error = await failureOf(send(client, upstream.url('/ok')));
      expect(error.kind).toBe('overloaded');
      expect(error.message).toBe('too many concurrent requests to this upstream (limit 2)');
      // Another origin has its own bound.
      expect((await send(client, other.url('/ok'))).body.toString()).toBe('other');
      await Promise.all([first, second]);
      expect((await send(client, upstream.url('/ok'))).body.toString()).toBe('ok');
      // The refused request never reached the upstream.
      expect(upstream.requests.slice(before).map((r) => r.path)).toEqual(['/busy', '/busy', '/ok']);
    } finally {
      await other.close();
    }
  });

  it('frees the slot of a request that failed (timeout, too-large)', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxConcurrentPerOrigin: 1, timeoutMs: 100, maxResponseBytes: 10 });
    expect((await failureOf(send(client, upstream.url('/hang')))).kind).toBe('timeout');
    expect((await failureOf(send(client, upstream.url('/small-over/chunked')))).kind).toBe('too-large');
    expect((await send(client, upstream.url('/ok'))).body.toString()).toBe('ok');
  });

  it('frees the slot of a request whose connection was refused', async () => {
    const port = await closedPort();
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxConcurrentPerOrigin: 1 });
    for (let i = 0; i < 3; i++) {
      expect((await failureOf(send(client, `http://127.0.0.1:${port}/x`))).kind).toBe('network');
    }
  });
});

describe("the caller's AbortSignal", () => {
  it('aborts a request in flight as a network error', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxConcurrentPerOrigin: 1 });
    const controller = new AbortController();
    const pending = send(client, upstream.url('/hang'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(pending);
    expect(error.kind).toBe('network');
    expect(error.message).toBe('upstream request aborted by the caller');
    // The slot is free again.
    expect((await send(client, upstream.url('/ok'))).status).toBe(200);
  });

  it('reports a deadline signal (AbortSignal.timeout) as a timeout', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const error = await failureOf(send(client, upstream.url('/hang'), { signal: AbortSignal.timeout(50) }));
    expect(error.kind).toBe('timeout');
  });

  it('does not send a request whose signal is already aborted', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const before = upstream.requests.length;
    const error = await failureOf(send(client, upstream.url('/ok'), { signal: AbortSignal.abort() }));
    expect(error.kind).toBe('network');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(upstream.requests.length).toBe(before);
  });
});

describe('options', () => {
  it.each([
    ['timeoutMs', 0],
    ['maxResponseBytes', -1],
    ['maxConcurrentPerOrigin', 1.5],
    ['connectionsPerOrigin', Number.NaN],
  ] as const)('rejects %s = %s at construction', (name, value) => {
    expect(() => createUpstreamClient({ [name]: value })).toThrow(`upstream client option ${name} must be a positive integer`);
  });
});
