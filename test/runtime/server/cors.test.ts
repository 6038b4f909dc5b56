// CORS for configured widget origins, through the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composite, header, regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, respond, startUpstream, type Upstream } from '../../support/upstream/index.js';

const ALLOWED = 'https://community.example.com';

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '*': echo(), '/missing': respond({ status: 404 }) } });
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'items', method: 'PUT', url: upstream.url('/items'), headers: [header('X-Page-Size', '10', true)] }),
      regular({ permalink: 'missing', url: upstream.url('/missing') }),
      composite({ permalink: 'combo', steps: [{ name: 'one', url: upstream.url('/one') }] }),
    ),
    { allowedOrigins: [ALLOWED, 'https://other.example.com/'] },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

function preflight(path: string, origin: string, method = 'POST'): Promise<Response> {
  return runtime.call(path, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'authorization,x-path-params' },
  });
}

describe('CORS', () => {
  it('echoes an allowed origin and exposes the timing and debug headers', async () => {
    const res = await runtime.call('/api/connectors/composite/combo', { method: 'POST', headers: { Origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('access-control-expose-headers')).toBe('Server-Timing, X-Connector-Timing, X-Debug-Request, X-Request-ID');
    await res.arrayBuffer();
  });

  it('adds CORS headers to error envelopes too, so the widget can read them', async () => {
    // The upstream's 404 passes through a regular connector (SPEC §5), CORS headers included.
    const failed = await runtime.call('/api/connectors/missing', { headers: { Origin: ALLOWED } });
    expect(failed.status).toBe(404);
    expect(failed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const unknown = await runtime.call('/api/connectors/nothing', { headers: { Origin: ALLOWED } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('normalises a configured origin with a trailing slash', async () => {
    const res = await runtime.call('/api/connectors/composite/combo', { method: 'POST', headers: { Origin: 'https://other.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://other.example.com');
    await res.arrayBuffer();
  });

  it('gives a disallowed origin no CORS headers', async () => {
    const res = await runtime.call('/api/connectors/composite/combo', { method: 'POST', headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
    await res.arrayBuffer();
  });

  it('answers a preflight with the connector method and the SDK headers plus overridable ones', async () => {
    const before = upstream.requests.length;
    const res = await preflight('/api/connectors/items', ALLOWED, 'PUT');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toBe('PUT');
    const allowed = res.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['Authorization', 'Content-Type', 'X-Path-Params', 'X-CSRFToken', 'X-Request-ID', 'x-page-size']));
    expect(res.headers.get('access-control-max-age')).toBe('600');
    const comp = await preflight('/api/connectors/composite/combo', ALLOWED);
    expect(comp.headers.get('access-control-allow-methods')).toBe('POST');
    // a preflight never runs the connector
    expect(upstream.requests.length).toBe(before);
  });

  it('answers a preflight from a disallowed origin without CORS headers', async () => {
    const res = await preflight('/api/connectors/items', 'https://evil.example', 'PUT');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('allows every origin with *', async () => {
    const open = await startTestRuntime(registryOf(regular({ permalink: 'p', url: upstream.url('/p') })), { allowedOrigins: ['*'] });
    try {
      const res = await open.call('/api/connectors/p', { headers: { Origin: 'https://anywhere.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
      await res.arrayBuffer();
    } finally {
      await open.close();
    }
  });
});
