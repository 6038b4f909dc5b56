// The test upstream library itself, driven by plain undici (independent of the client under test).
import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  echo,
  hang,
  json,
  patternBytes,
  respond,
  sequence,
  sizedBody,
  startHalfOpenServer,
  startUpstream,
  testCa,
  type EchoedRequest,
  type Upstream,
} from './index.js';

const agent = new Agent({ connect: { ca: testCa } });
const started: Upstream[] = [];

async function start(...args: Parameters<typeof startUpstream>): Promise<Upstream> {
  const upstream = await startUpstream(...args);
  started.push(upstream);
  return upstream;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((u) => u.close()));
});
afterAll(() => agent.close());

async function fetchText(url: string, init: { method?: string; body?: string; headers?: string[] } = {}) {
  const res = await request(url, { dispatcher: agent, method: (init.method ?? 'GET') as 'GET', body: init.body, headers: init.headers });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

describe('startUpstream', () => {
  it('serves HTTP on 127.0.0.1 with an ephemeral port', async () => {
    const upstream = await start({ routes: { '/x': respond({ body: 'x' }) } });
    expect(upstream.origin).toBe(`http://127.0.0.1:${upstream.port}`);
    expect(upstream.port).toBeGreaterThan(0);
    expect((await fetchText(upstream.url('/x'))).body.toString()).toBe('x');
  });

  it('serves HTTPS with the test certificate', async () => {
    const upstream = await start({ tls: true, routes: { '/x': respond({ body: 'secure' }) } });
    expect(upstream.origin.startsWith('https://127.0.0.1:')).toBe(true);
    expect((await fetchText(upstream.url('/x'))).body.toString()).toBe('secure');
  });

  it('routes by method and path, ignores the query, falls back to * and else answers 404', async () => {
    const upstream = await start({ routes: { 'POST /r': respond({ body: 'post' }), '/r': respond({ body: 'any' }) } });
    expect((await fetchText(upstream.url('/r?q=1'), { method: 'POST', body: '' })).body.toString()).toBe('post');
    expect((await fetchText(upstream.url('/r'))).body.toString()).toBe('any');
    const missing = await fetchText(upstream.url('/nope'));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString())).toEqual({ error: 'no route', path: '/nope' });
    upstream.route('*', respond({ status: 418, body: 'fallback' }));
    expect((await fetchText(upstream.url('/nope'))).status).toBe(418);
  });

  it('logs every request with method, url, query, headers in wire order, body and connection', async () => {
    const upstream = await start({ routes: { '/echo': echo() } });
    const res = await fetchText(upstream.url('/echo?a=1&a=2&b=x+y'), {
      method: 'PUT',
      body: 'payload',
      headers: ['X-One', '1', 'x-one', '2'],
    });
    const echoed = JSON.parse(res.body.toString()) as EchoedRequest;
    const [logged] = upstream.requests;
    expect(logged).toMatchObject({ method: 'PUT', url: '/echo?a=1&a=2&b=x+y', path: '/echo', connection: 1 });
    expect(logged!.query).toEqual([['a', '1'], ['a', '2'], ['b', 'x y']]);
    expect(logged!.body.toString()).toBe('payload');
    expect(logged!.rawHeaders.filter(([n]) => n.toLowerCase() === 'x-one')).toEqual([['X-One', '1'], ['x-one', '2']]);
    expect(logged!.headers['x-one']).toBe('1, 2');
    expect(echoed).toMatchObject({ method: 'PUT', body: 'payload', bodyBase64: Buffer.from('payload').toString('base64') });
  });

  it('plays a sequence in order and then repeats the last behaviour', async () => {
    const upstream = await start({ routes: { '/s': sequence(json({ n: 1 }), json({ n: 2 }, { status: 201 })) } });
    const bodies = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetchText(upstream.url('/s'));
      bodies.push([res.status, JSON.parse(res.body.toString())]);
    }
    expect(bodies).toEqual([[200, { n: 1 }], [201, { n: 2 }], [201, { n: 2 }]]);
  });

  it('sends exact-size bodies with and without a length', async () => {
    const upstream = await start({
      routes: {
        '/cl': sizedBody(70_000),
        '/chunked': sizedBody(70_000, { framing: 'chunked' }),
        '/close': sizedBody(70_000, { framing: 'close' }),
      },
    });
    const cl = await fetchText(upstream.url('/cl'));
    expect(cl.headers['content-length']).toBe('70000');
    const chunked = await fetchText(upstream.url('/chunked'));
    expect(chunked.headers['transfer-encoding']).toBe('chunked');
    const closed = await fetchText(upstream.url('/close'));
    expect(closed.headers['content-length']).toBeUndefined();
    expect(closed.headers['transfer-encoding']).toBeUndefined();
    for (const res of [cl, chunked, closed]) expect(res.body.equals(patternBytes(70_000))).toBe(true);
  });

  it('waitForRequests resolves once enough requests arrived, and rejects after its timeout', async () => {
    const upstream = await start({ routes: { '/h': hang() } });
    const hanging = request(upstream.url('/h'), { dispatcher: agent }).catch(() => null);
    await upstream.waitForRequests(1);
    expect(upstream.requests).toHaveLength(1);
    await expect(upstream.waitForRequests(2, 50)).rejects.toThrow('expected 2 requests within 50 ms, got 1');
    await upstream.close();
    expect(await hanging).toBeNull();
  });

  it('close() destroys open connections, so a hanging request ends at once', async () => {
    const upstream = await start({ routes: { '/h': hang() } });
    const hanging = request(upstream.url('/h'), { dispatcher: agent }).then(
      () => 'answered',
      (err: Error) => err.name,
    );
    await upstream.waitForRequests(1);
    expect(upstream.openConnections).toBe(1);
    const closing = Date.now();
    await upstream.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await hanging).toBe('SocketError');
    expect(upstream.openConnections).toBe(0);
  });
});

describe('startHalfOpenServer', () => {
  it('accepts connections and never answers', async () => {
    const silent = await startHalfOpenServer();
    const controller = new AbortController();
    const pending = request(silent.url('/x'), { dispatcher: agent, signal: controller.signal }).then(
      () => 'answered',
      (err: Error) => err.name,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(silent.connectionCount).toBe(1);
    controller.abort();
    expect(await pending).toBe('AbortError');
    await silent.close();
  });
});
