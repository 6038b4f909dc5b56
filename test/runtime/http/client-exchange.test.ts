// The upstream client against a real local HTTP server: what goes on the wire, what comes back,
// redirects, keep-alive pools. (TLS, limits, failures and the SSRF guard have their own files.)
import { interceptors, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient } from '../../../runtime/http/client.js';
import type { UpstreamClient } from '../../../runtime/http/types.js';
import type { HttpMethod } from '../../../runtime/connector.js';
import {
  custom,
  delay,
  echo,
  patternBytes,
  redirect,
  respond,
  startUpstream,
  type EchoedRequest,
  type Upstream,
} from '../../support/upstream/index.js';
import { eventually, failureOf, send } from './helpers.js';

const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

let upstream: Upstream;
let client: UpstreamClient;

beforeAll(async () => {
  upstream = await startUpstream({
    routes: {
      '/echo': echo(),
      '/headers': respond({
        headers: [
          ['Content-Type', 'text/plain'],
          ['X-Multi', 'a'],
          ['X-Multi', 'b'],
          ['Set-Cookie', 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
          ['Set-Cookie', 'b=2'],
          ['X-Upper-CASE', 'kept value CASE'],
        ],
        body: 'ok',
      }),
      '/bytes': respond({ headers: { 'Content-Type': 'application/octet-stream' }, body: allBytes }),
      '/mebibyte': respond({ headers: { 'Content-Type': 'application/octet-stream' }, body: patternBytes(1024 * 1024) }),
      '/empty': respond({ status: 204 }),
      '/not-found': respond({ status: 404, body: 'missing' }),
      '/broken': respond({ status: 503, body: 'down' }),
      '/moved-301': redirect('/echo', 301),
      '/moved-302': redirect('/echo', 302),
      '/moved-307': redirect('/echo', 307),
      '/moved-308': redirect('/echo', 308),
      '/head-large': custom(({ res }) => {
        res.writeHead(200, { 'Content-Length': String(20 * 1024 * 1024) }).end();
      }),
      '/early-hints': custom(({ res }) => {
        res.writeEarlyHints({ link: '</style.css>; rel=preload' });
        res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Final': 'yes' }).end('final');
      }),
      '/slow': delay(100, respond({ body: 'slow' })),
    },
  });
});

afterAll(() => upstream.close());

afterEach(async () => {
  await client?.close();
});

function echoed(body: Buffer): EchoedRequest {
  return JSON.parse(body.toString('utf8')) as EchoedRequest;
}

describe('what the upstream receives', () => {
  it('gets method, path and query as given', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const res = await send(client, upstream.url('/echo?b=2&a=1&a=3&q=x%20y'));
    const seen = echoed(res.body);
    expect(seen.method).toBe('GET');
    expect(seen.url).toBe('/echo?b=2&a=1&a=3&q=x%20y');
    expect(seen.query).toEqual([['b', '2'], ['a', '1'], ['a', '3'], ['q', 'x y']]);
  });

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const)('sends %s', async (method) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const res = await send(client, upstream.url('/echo'), { method });
    expect(echoed(res.body).method).toBe(method);
  });

  it('sends HEAD and returns the headers without a body', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const res = await send(client, upstream.url('/echo'), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(upstream.requests.at(-1)?.method).toBe('HEAD');
  });

  it('sends header pairs as given: order, case and repeated names', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const headers = [
      ['X-Trace', 'first'],
      ['Accept', 'application/json'],
      ['x-trace', 'second'],
      ['Authorization', 'Bearer abc'],
    ] as const;
    const res = await send(client, upstream.url('/echo'), { headers });
    const sent = echoed(res.body).rawHeaders.filter(([name]) => !['host', 'connection'].includes(name.toLowerCase()));
    expect(sent).toEqual(headers);
  });

  it('sends a text body as UTF-8 with its length', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const body = '{"name":"Zoë","emoji":"🚀"}';
    const res = await send(client, upstream.url('/echo'), {
      method: 'POST',
      headers: [['Content-Type', 'application/json']],
      body,
    });
    const seen = echoed(res.body);
    expect(seen.body).toBe(body);
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(seen.headers['content-type']).toBe('application/json');
  });

  it('sends a binary body byte for byte', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const res = await send(client, upstream.url('/echo'), { method: 'PUT', body: new Uint8Array(allBytes) });
    expect(Buffer.from(echoed(res.body).bodyBase64, 'base64').equals(allBytes)).toBe(true);
  });
});

describe('what comes back', () => {
  it('lower-cases header names and joins repeats (set-cookie with newlines)', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const res = await send(client, upstream.url('/headers'));
    expect(res.headers['x-multi']).toBe('a, b');
    expect(res.headers['set-cookie']).toBe('a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\nb=2');
    expect(res.headers['x-upper-case']).toBe('kept value CASE');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(Object.keys(res.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(res.body.toString()).toBe('ok');
  });

  it('returns binary bodies intact', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    expect((await send(client, upstream.url('/bytes'))).body.equals(allBytes)).toBe(true);
    expect((await send(client, upstream.url('/mebibyte'))).body.equals(patternBytes(1024 * 1024))).toBe(true);
  });

  it('returns an empty body as an empty Buffer', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const res = await send(client, upstream.url('/empty'));
    expect(res.status).toBe(204);
    expect(Buffer.isBuffer(res.body)).toBe(true);
    expect(res.body.length).toBe(0);
  });

  it('returns 4xx and 5xx answers as responses, not errors', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const notFound = await send(client, upstream.url('/not-found'));
    expect([notFound.status, notFound.body.toString()]).toEqual([404, 'missing']);
    const down = await send(client, upstream.url('/broken'));
    expect([down.status, down.body.toString()]).toEqual([503, 'down']);
  });

  it.each([301, 302, 307, 308])('does not follow a %i redirect', async (status) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const before = upstream.requests.length;
    const res = await send(client, upstream.url(`/moved-${status}`), { method: 'GET' as HttpMethod });
    expect(res.status).toBe(status);
    expect(res.headers['location']).toBe('/echo');
    expect(upstream.requests.slice(before).map((r) => r.path)).toEqual([`/moved-${status}`]);
  });

  it('does not apply the body limit to the Content-Length of a HEAD answer', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, maxResponseBytes: 1024 });
    const res = await send(client, upstream.url('/head-large'), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(20 * 1024 * 1024));
  });

  it('skips 1xx informational answers and returns the final response', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const res = await send(client, upstream.url('/early-hints'));
    expect(res.status).toBe(200);
    expect(res.headers['x-final']).toBe('yes');
    expect(res.headers['link']).toBeUndefined();
    expect(res.body.toString()).toBe('final');
  });
});

describe('connection pools', () => {
  it('reuses one keep-alive connection for sequential requests', async () => {
    const server = await startUpstream({ routes: { '/echo': echo() } });
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    try {
      for (let i = 0; i < 5; i++) {
        await send(client, server.url('/echo'));
        // undici hands a socket back to the pool one event-loop turn after a response ends.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(server.connectionCount).toBe(1);
      expect(server.requests.map((r) => r.connection)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await server.close();
    }
  });

  it('keeps connections alive for back-to-back requests (at most two alternate)', async () => {
    const server = await startUpstream({ routes: { '/echo': echo() } });
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    try {
      for (let i = 0; i < 20; i++) await send(client, server.url('/echo'));
      expect(server.connectionCount).toBeLessThanOrEqual(2);
      expect(server.requests).toHaveLength(20);
    } finally {
      await server.close();
    }
  });

  it('opens at most connectionsPerOrigin connections; further requests wait for a free one', async () => {
    const server = await startUpstream({ routes: { '/slow': delay(100, respond({ body: 'slow' })) } });
    client = createUpstreamClient({ allowInsecureUpstreams: true, connectionsPerOrigin: 2 });
    try {
      const responses = await Promise.all(Array.from({ length: 6 }, () => send(client, server.url('/slow'))));
      expect(responses.map((r) => r.body.toString())).toEqual(Array(6).fill('slow'));
      expect(server.connectionCount).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('close() closes idle keep-alive connections, and later requests fail as network errors', async () => {
    const server = await startUpstream({ routes: { '/echo': echo() } });
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    try {
      await send(client, server.url('/echo'));
      expect(server.openConnections).toBe(1);
      await client.close();
      await eventually(() => server.openConnections === 0);
      const error = await failureOf(send(client, server.url('/echo')));
      expect(error.kind).toBe('network');
      expect(error.message).toBe('upstream client is closed');
    } finally {
      await server.close();
    }
  });
});

describe('interceptors', () => {
  it('composes undici interceptors over the pools (a header-adding one and the response cache)', async () => {
    const server = await startUpstream({
      routes: { '/cacheable': respond({ headers: { 'Cache-Control': 'max-age=60' }, body: 'fresh' }) },
    });
    const tag: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) =>
      dispatch({ ...opts, headers: { ...(opts.headers as Record<string, string>), 'x-intercepted': 'yes' } }, handler);
    client = createUpstreamClient({ allowInsecureUpstreams: true, interceptors: [tag, interceptors.cache()] });
    try {
      const bodies = [];
      for (let i = 0; i < 3; i++) bodies.push((await send(client, server.url('/cacheable'))).body.toString());
      expect(bodies).toEqual(['fresh', 'fresh', 'fresh']);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.headers['x-intercepted']).toBe('yes');
    } finally {
      await server.close();
    }
  });
});
