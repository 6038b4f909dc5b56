// The pass-through exchange (UpstreamClient.stream): the head settles the promise, the body goes to
// a sink as it arrives, with backpressure, and the response limits hold as in the buffered
// exchange — an announced oversized body fails before the head, anything past the head destroys
// the sink instead of ending it.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient } from '../../../runtime/http/client.js';
import type { StreamedUpstreamResponse, UpstreamClient, UpstreamRequest } from '../../../runtime/http/types.js';
import {
  closedPort,
  hang,
  patternBytes,
  resetMidBody,
  respond,
  sizedBody,
  slowBody,
  startUpstream,
  type BodyFraming,
  type Upstream,
} from '../../support/upstream/index.js';
import { eventually, failureOf } from './helpers.js';

const framings: readonly BodyFraming[] = ['content-length', 'chunked', 'close'];

let upstream: Upstream;
let client: UpstreamClient;

beforeAll(async () => {
  const routes: Record<string, ReturnType<typeof respond>> = {
    '/ok': respond({ status: 201, headers: { 'Content-Type': 'application/json', 'X-Twice': ['a', 'b'] }, body: '{"ok":true}' }),
    '/hang': hang(),
    '/announced': respond({ headers: { 'Content-Length': '1001' }, body: '' }),
    '/reset': resetMidBody({ totalBytes: 1000, sentBytes: 100 }),
    // 12 chunks, one every 50 ms.
    '/trickle': slowBody({ chunks: 12, chunkBytes: 8, intervalMs: 50 }),
    '/big': sizedBody(4 * 1024 * 1024, { framing: 'chunked', chunkBytes: 64 * 1024 }),
  };
  for (const framing of framings) {
    routes[`/at/${framing}`] = sizedBody(1000, { framing, chunkBytes: 100 });
    routes[`/over/${framing}`] = sizedBody(1001, { framing, chunkBytes: 100 });
  }
  upstream = await startUpstream({ routes });
});
afterAll(() => upstream.close());
afterEach(() => client?.close());

/** A Writable that keeps what it is given; `slowMs` delays each write's completion (backpressure). */
class CollectingSink extends Writable {
  readonly chunks: Buffer[] = [];
  ended = false;
  constructor(slowMs = 0, highWaterMark = 16 * 1024) {
    super({
      highWaterMark,
      write: (chunk: Buffer, _encoding, done) => {
        this.chunks.push(chunk);
        if (slowMs === 0) done();
        else setTimeout(done, slowMs);
      },
      final: (done) => {
        this.ended = true;
        done();
      },
    });
  }
  get body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function stream(url: string, init: Partial<Omit<UpstreamRequest, 'url'>> = {}): Promise<StreamedUpstreamResponse> {
  return client.stream!({ url, method: 'GET', headers: [], body: null, ...init });
}

describe('pass-through exchange', () => {
  it('settles at the head with status and headers, then writes the body into the sink and ends it', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const response = await stream(upstream.url('/ok'));
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-twice']).toBe('a, b');
    const sink = new CollectingSink();
    await response.pipeTo(sink);
    expect(sink.body.toString()).toBe('{"ok":true}');
    await eventually(() => sink.ended);
  });

  it.each(framings)('passes a body of exactly the limit (%s) intact', async (framing) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxResponseBytes: 1000 });
    const sink = new CollectingSink();
    await (await stream(upstream.url(`/at/${framing}`))).pipeTo(sink);
    expect(sink.body.equals(patternBytes(1000))).toBe(true);
  });

  it('follows a slow sink: a 4 MiB body arrives whole through a sink that keeps asking to wait', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const sink = new CollectingSink(1, 1024);
    await (await stream(upstream.url('/big'))).pipeTo(sink);
    expect(sink.body.equals(patternBytes(4 * 1024 * 1024))).toBe(true);
  });

  it('refuses a second pipeTo', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const response = await stream(upstream.url('/ok'));
    await response.pipeTo(new CollectingSink());
    await expect(response.pipeTo(new CollectingSink())).rejects.toThrow('the upstream body was already taken');
  });

  it('writes a body that arrived before the sink was attached', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const response = await stream(upstream.url('/at/content-length'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sink = new CollectingSink();
    await response.pipeTo(sink);
    expect(sink.body.equals(patternBytes(1000))).toBe(true);
  });
});

describe('limits and failures', () => {
  it('fails an announced oversized body before the head: nothing reaches a sink', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxResponseBytes: 1000, timeoutMs: 5000 });
    const error = await failureOf(stream(upstream.url('/announced')));
    expect(error.kind).toBe('too-large');
  });

  it.each(['chunked', 'close'] as const)('destroys the sink when an unannounced body (%s) runs over the limit', async (framing) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxResponseBytes: 1000 });
    const response = await stream(upstream.url(`/over/${framing}`));
    const sink = new CollectingSink();
    const error = await failureOf(response.pipeTo(sink));
    expect(error.kind).toBe('too-large');
    expect(sink.destroyed).toBe(true);
    expect(sink.ended).toBe(false);
    expect(sink.body.length).toBeLessThanOrEqual(1000);
  });

  it('destroys the sink when the deadline passes mid-body', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, timeoutMs: 300 });
    const response = await stream(upstream.url('/trickle'));
    const sink = new CollectingSink();
    const error = await failureOf(response.pipeTo(sink));
    expect(error.kind).toBe('timeout');
    expect(sink.destroyed).toBe(true);
  });

  it('destroys the sink when the upstream resets mid-body', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const response = await stream(upstream.url('/reset'));
    const sink = new CollectingSink();
    const error = await failureOf(response.pipeTo(sink));
    expect(error.kind).toBe('network');
    expect(sink.destroyed).toBe(true);
  });

  it('stops when the caller cancels mid-body, and frees the concurrency slot', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxConcurrentPerOrigin: 1 });
    const controller = new AbortController();
    const response = await stream(upstream.url('/trickle'), { signal: controller.signal });
    const sink = new CollectingSink();
    const piping = response.pipeTo(sink);
    setTimeout(() => controller.abort(), 80);
    const error = await failureOf(piping);
    expect(error.kind).toBe('network');
    expect(sink.destroyed).toBe(true);
    const next = await stream(upstream.url('/ok'));
    expect(next.status).toBe(201);
    await next.pipeTo(new CollectingSink());
  });

  it('discard drops the exchange and frees the concurrency slot', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxConcurrentPerOrigin: 1 });
    const response = await stream(upstream.url('/trickle'));
    response.discard();
    await expect(response.pipeTo(new CollectingSink())).rejects.toThrow('upstream body discarded');
    await eventually(() => upstream.openConnections === 0);
    expect((await stream(upstream.url('/ok'))).status).toBe(201);
  });

  it('times out an upstream that never answers, before any head', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, timeoutMs: 200 });
    expect((await failureOf(stream(upstream.url('/hang')))).kind).toBe('timeout');
  });

  it('fails a refused connection as a network error', async () => {
    const port = await closedPort();
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    expect((await failureOf(stream(`http://127.0.0.1:${port}/x`))).kind).toBe('network');
  });

  it('keeps the URL guard: a refused scheme never dispatches', async () => {
    client = createUpstreamClient({});
    expect((await failureOf(stream(upstream.url('/ok')))).kind).toBe('blocked-address');
  });
});
