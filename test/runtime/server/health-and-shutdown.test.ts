// /healthz, /readyz, /metrics, and graceful shutdown: in-flight requests finish, then the server stops.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime } from '../../support/runtime/start-runtime.js';
import { delay, json, startUpstream } from '../../support/upstream/index.js';

describe('health endpoints', () => {
  it('answers healthz, readyz and metrics with GET and refuses other methods', async () => {
    const upstream = await startUpstream({ tls: true, routes: { '*': json({ ok: 1 }) } });
    const runtime = await startTestRuntime(registryOf(regular({ permalink: 'p', url: upstream.url('/p') })));
    try {
      expect(await (await runtime.call('/healthz')).json()).toEqual({ status: 'ok' });
      expect(await (await runtime.call('/readyz')).json()).toEqual({ status: 'ready' });
      await (await runtime.call('/api/connectors/p')).arrayBuffer();
      const metrics = await runtime.call('/metrics');
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await metrics.text()).toContain('conduit_connector_requests_total{connector="p"} 1');
      const post = await runtime.call('/healthz', { method: 'POST' });
      expect(post.status).toBe(405);
      expect(((await post.json()) as { errors: { scope: string } }).errors.scope).toBe('Request');
    } finally {
      await runtime.close();
      await upstream.close();
    }
  });
});

/** One request on its own connection, so shutdown cannot be confused by a pooled socket. */
function get(url: string): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, then refuses new connections', async () => {
    const upstream = await startUpstream({ tls: true, routes: { '/slow': delay(400, json({ slow: true })) } });
    const runtime = await startTestRuntime(registryOf(regular({ permalink: 'slow', url: upstream.url('/slow') })));
    try {
      const inFlight = get(`${runtime.url}/api/connectors/slow`);
      await upstream.waitForRequests(1);
      let closed = false;
      const closing = runtime.close().then(() => (closed = true));
      // still in flight: close() has not finished
      await new Promise((r) => setTimeout(r, 100));
      expect(closed).toBe(false);
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ slow: true });
      await closing;
      expect(closed).toBe(true);
      await expect(get(`${runtime.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
      expect(runtime.logs.some((l) => l['msg'] === 'conduit runtime stopped')).toBe(true);
    } finally {
      await upstream.close();
    }
  });
});
