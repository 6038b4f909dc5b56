// OpenTelemetry traces (runtime/observability/tracing.ts) sent to a local OTLP/HTTP receiver that
// decodes them: one SERVER span per request continued from the caller's traceparent, one CLIENT
// span per step (connector, step, status, cache result) and per token request, traceparent sent
// upstream naming those spans, never a secret or a body in what is exported; nothing at all when
// tracing is off; a collector that is down costs no request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerOptions } from '../../../runtime/options.js';
import { composite, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime } from '../../support/runtime/start-runtime.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../support/otlp/otlp-receiver.js';
import { closedPort, custom, json, startUpstream, type Upstream } from '../../support/upstream/index.js';

const CLIENT_SECRET = 'tracing-client-secret-value';
const ACCESS_TOKEN = 'tracing-access-token-value';
const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const SERVER = 2;
const CLIENT = 3;

let upstream: Upstream;
let receiver: OtlpReceiver;

beforeAll(async () => {
  upstream = await startUpstream({
    routes: {
      'POST /token': custom(({ res }) => {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 }));
      }),
      'GET /account': json({ id: 7, secretish: 'body-value-never-exported' }),
      'GET /catalog': json({ items: [1, 2] }, { headers: { 'Cache-Control': 'max-age=300' } }),
    },
  });
  receiver = await startOtlpReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await upstream?.close();
});

function registry() {
  return registryOf(
    composite({
      permalink: 'traced',
      steps: [
        {
          name: 'account',
          url: upstream.url('/account'),
          auth: {
            type: 'oauth_client_credentials',
            tokenUrl: upstream.url('/token'),
            clientId: 'tracing-app',
            clientSecret: CLIENT_SECRET,
            scope: null,
            audience: null,
            clientAuth: 'body',
          },
        },
        { name: 'catalog', url: upstream.url('/catalog') },
      ],
    }),
  );
}

const byName = (spans: readonly ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);
const upstreamHeader = (path: string, index = -1) => upstream.requests.filter((r) => r.path === path).at(index)?.headers['traceparent'];

describe('tracing', () => {
  it('exports a server span continued from the caller, a client span per step and per token request, and sends traceparent upstream', async () => {
    const runtime = await startTestRuntime(registry(), { otlpEndpoint: receiver.url });
    let closed = false;
    try {
      const res = await runtime.call('/api/connectors/composite/traced', { method: 'POST', headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` } });
      expect(res.status).toBe(200);
      await runtime.close(); // flushes the batch
      closed = true;
    } finally {
      if (!closed) await runtime.close();
    }
    await receiver.waitForSpans(4);
    const spans = receiver.spans.filter((s) => s.traceId === CALLER_TRACE);
    expect(spans.map((s) => s.name).sort()).toEqual(['POST /api/connectors/composite/traced', 'step account', 'step catalog', 'token request']);

    const [server] = byName(spans, 'POST /api/connectors/composite/traced');
    expect(server).toMatchObject({ kind: SERVER, parentSpanId: CALLER_SPAN, serviceName: 'conduit' });
    expect(server!.attributes).toMatchObject({ 'http.request.method': 'POST', 'url.path': '/api/connectors/composite/traced', 'conduit.connector': 'traced', 'http.response.status_code': 200 });

    const [account] = byName(spans, 'step account');
    const [catalog] = byName(spans, 'step catalog');
    for (const step of [account!, catalog!]) expect(step).toMatchObject({ kind: CLIENT, parentSpanId: server!.spanId });
    // GET steps go through the response cache; this answer was not storable, so each is a miss.
    expect(account!.attributes).toEqual({ 'conduit.connector': 'traced', 'conduit.step': 'account', 'http.response.status_code': 200, 'conduit.cache': 'miss' });
    expect(catalog!.attributes).toEqual({ 'conduit.connector': 'traced', 'conduit.step': 'catalog', 'http.response.status_code': 200, 'conduit.cache': 'miss' });

    const [token] = byName(spans, 'token request');
    expect(token).toMatchObject({ kind: CLIENT, parentSpanId: account!.spanId });

    // Each upstream saw the span it was called in as its parent.
    expect(upstreamHeader('/token')).toBe(`00-${CALLER_TRACE}-${token!.spanId}-01`);
    expect(upstreamHeader('/account')).toBe(`00-${CALLER_TRACE}-${account!.spanId}-01`);
    expect(upstreamHeader('/catalog')).toBe(`00-${CALLER_TRACE}-${catalog!.spanId}-01`);

    // No secret, token or body in anything exported.
    const exported = receiver.bodies.join('\n');
    for (const leak of [CLIENT_SECRET, ACCESS_TOKEN, 'body-value-never-exported', 'tracing-app']) expect(exported).not.toContain(leak);
  });

  it('starts a new trace without a caller traceparent, and records a cache hit and no token request when both are reused', async () => {
    const runtime = await startTestRuntime(registry(), { otlpEndpoint: receiver.url });
    const before = receiver.spans.length;
    try {
      expect((await runtime.call('/api/connectors/composite/traced', { method: 'POST' })).status).toBe(200);
      expect((await runtime.call('/api/connectors/composite/traced', { method: 'POST' })).status).toBe(200);
    } finally {
      await runtime.close();
    }
    await receiver.waitForSpans(before + 7);
    const spans = receiver.spans.slice(before);
    const servers = byName(spans, 'POST /api/connectors/composite/traced');
    expect(servers).toHaveLength(2);
    expect(servers.map((s) => s.parentSpanId)).toEqual(['', '']);
    expect(new Set(servers.map((s) => s.traceId)).size).toBe(2);
    expect(byName(spans, 'token request')).toHaveLength(1);
    const second = spans.filter((s) => s.traceId === servers[1]!.traceId || s.traceId === servers[0]!.traceId);
    const catalogs = byName(second, 'step catalog').map((s) => s.attributes['conduit.cache']);
    expect(catalogs.sort()).toEqual(['hit', 'miss']);
  });

  it('marks a failing step and a 5xx answer as errors', async () => {
    const down = await closedPort();
    const runtime = await startTestRuntime(registryOf(composite({ permalink: 'broken', steps: [{ name: 'gone', url: `http://127.0.0.1:${down}/x` }] })), {
      otlpEndpoint: receiver.url,
    });
    const before = receiver.spans.length;
    try {
      expect((await runtime.call('/api/connectors/composite/broken', { method: 'POST' })).status).toBe(502);
    } finally {
      await runtime.close();
    }
    await receiver.waitForSpans(before + 2);
    const spans = receiver.spans.slice(before);
    const [step] = byName(spans, 'step gone');
    expect(step!.statusCode).toBe(2);
    expect(step!.attributes['http.response.status_code']).toBeUndefined();
    const [server] = byName(spans, 'POST /api/connectors/composite/broken');
    expect(server!.attributes['http.response.status_code']).toBe(502);
    expect(server!.statusCode).toBe(2);
  });

  it('sends nothing and adds no traceparent when tracing is off', async () => {
    const runtime = await startTestRuntime(registry());
    const before = receiver.spans.length;
    try {
      const res = await runtime.call('/api/connectors/composite/traced', { method: 'POST', headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` } });
      expect(res.status).toBe(200);
    } finally {
      await runtime.close();
    }
    expect(upstreamHeader('/account')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.spans.length).toBe(before);
  });

  it('answers every request while the collector is unreachable', async () => {
    const down = await closedPort();
    const runtime = await startTestRuntime(registry(), { otlpEndpoint: `http://127.0.0.1:${down}` });
    try {
      for (let i = 0; i < 3; i++) expect((await runtime.call('/api/connectors/composite/traced', { method: 'POST' })).status).toBe(200);
    } finally {
      // Shutting down does not wait long for spans nobody can take.
      const closing = Date.now();
      await runtime.close();
      expect(Date.now() - closing).toBeLessThan(3000);
    }
  });

  it('is turned on by --otlp-endpoint, CONDUIT_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, the flag first', () => {
    const endpoint = (argv: string[], env: Record<string, string>) => {
      const parsed = parseServerOptions(argv, env);
      return parsed.ok ? parsed.options.otlpEndpoint : parsed.errors;
    };
    expect(endpoint([], {})).toBeNull();
    expect(endpoint([], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('http://collector:4318');
    expect(endpoint([], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', CONDUIT_OTLP_ENDPOINT: 'http://b:4318' })).toBe('http://b:4318');
    expect(endpoint(['--otlp-endpoint', 'https://c:4318'], { CONDUIT_OTLP_ENDPOINT: 'http://b:4318' })).toBe('https://c:4318');
    expect(endpoint(['--otlp-endpoint', 'collector:4318'], {})).toEqual(['--otlp-endpoint must be an http:// or https:// URL']);
    expect(endpoint([], { OTEL_EXPORTER_OTLP_ENDPOINT: 'nonsense' })).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT: --otlp-endpoint must be an http:// or https:// URL']);
  });
});
