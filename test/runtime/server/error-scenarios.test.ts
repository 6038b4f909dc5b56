// Every error scenario of SPEC §5 through the real server: exact status and scope, nothing from
// earlier steps, no secret and no upstream body in the envelope, later steps never called, and
// the server still healthy afterwards.
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledAuth, CompiledConnector } from '../../../runtime/connector.js';
import type { SecretStore } from '../../../runtime/secrets/types.js';
import { TemplateRenderError } from '../../../runtime/template/types.js';
import { composite, header, regular, registryOf, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import {
  closedPort,
  echo,
  hang,
  json,
  resetAfterHeaders,
  resetMidBody,
  respond,
  sizedBody,
  startUpstream,
  type Upstream,
} from '../../support/upstream/index.js';

const SECRET_VALUE = 'sk-live-7f3a9c1e5b2d4f6a';
const UPSTREAM_BODY = 'upstream-private-diagnostics-do-not-leak';
const STEP_ONE_DATA = 'step-one-confidential-record';
const TIMEOUT_MS = 400;
const MAX_RESPONSE = 64 * 1024;
const MAX_BODY = 2048;
const USER_SECRET = 'host-token-secret-for-error-tests';

const secrets: SecretStore = {
  get: (name) => (name === 'api_key' ? SECRET_VALUE : undefined),
  allValues: () => [SECRET_VALUE],
};

let upstream: Upstream;
let runtime: TestRuntime;
let refusedPort: number;

const badJwt: CompiledAuth = {
  type: 'jwt',
  privateKey: 'this is not a private key',
  algorithm: 'RS256',
  claims: { kind: 'object', entries: [['sub', { kind: 'template', value: 'svc' }]] },
  jwtHeaders: { kind: 'object', entries: [] },
};

function failingTokenAuth(tokenUrl: string): CompiledAuth {
  return {
    type: 'oauth_client_credentials',
    tokenUrl,
    clientId: 'client',
    clientSecret: tpl("{{ get_secret('api_key') }}", (_v, env) => env.getSecret('api_key') ?? '', true),
    scope: null,
    audience: null,
    clientAuth: 'body',
  };
}

const secretHeader = header('X-Api-Key', tpl("{{ get_secret('api_key') }}", (_v, env) => env.getSecret('api_key') ?? '', true));

/** A three-step chain whose middle step is `middle` (steps a and c always succeed). */
function chain(permalink: string, middle: Parameters<typeof composite>[0]['steps'][number]): CompiledConnector {
  return composite({
    permalink,
    steps: [
      { name: 'a', url: upstream.url('/a') },
      { ...middle, name: 'b', headers: [...(middle.headers ?? []), secretHeader] },
      { name: 'c', url: upstream.url('/c') },
    ],
  });
}

const throwsRenderError = tpl('{{ steps.a.body.missing.attr }}', () => {
  // A message that quotes data must never reach the widget.
  throw new TemplateRenderError('undefined-attribute', `'${SECRET_VALUE}' has no attribute 'missing'`);
});

beforeAll(async () => {
  refusedPort = await closedPort();
  upstream = await startUpstream({
    tls: true,
    routes: {
      '/a': json({ record: STEP_ONE_DATA }),
      '/c': echo(),
      '/healthy': json({ ok: true }),
      '/not-found': respond({ status: 404, body: UPSTREAM_BODY }),
      '/server-error': respond({ status: 503, headers: { 'Content-Type': 'text/plain' }, body: UPSTREAM_BODY }),
      '/reset': resetAfterHeaders(),
      '/reset-mid-body': resetMidBody({ totalBytes: 2000, sentBytes: 100 }),
      '/hang': hang(),
      '/huge': sizedBody(MAX_RESPONSE + 1),
      '/huge-chunked': sizedBody(MAX_RESPONSE * 4, { framing: 'chunked' }),
      'POST /token': respond({ status: 500, body: UPSTREAM_BODY }),
      '/echo': echo(),
    },
  });
  const u = (path: string) => upstream.url(path);
  const registry = registryOf(
    regular({ permalink: 'healthy', url: u('/healthy') }),
    chain('mid-404', { name: 'b', url: u('/not-found') }),
    composite({ permalink: 'last-503', steps: [{ name: 'a', url: u('/a') }, { name: 'last', url: u('/server-error') }] }),
    chain('mid-reset', { name: 'b', url: u('/reset') }),
    chain('mid-reset-body', { name: 'b', url: u('/reset-mid-body') }),
    chain('mid-timeout', { name: 'b', url: u('/hang') }),
    chain('mid-refused', { name: 'b', url: `https://127.0.0.1:${refusedPort}/x` }),
    chain('mid-too-large', { name: 'b', url: u('/huge') }),
    chain('mid-too-large-chunked', { name: 'b', url: u('/huge-chunked') }),
    chain('mid-render', { name: 'b', url: u('/echo'), headers: [header('X-Broken', throwsRenderError)] }),
    chain('mid-render-response', { name: 'b', url: u('/echo'), responseBody: throwsRenderError }),
    chain('mid-bad-url', { name: 'b', url: tpl('https://{{ steps.a.headers.nothing }}/x', () => 'https:// not a url/') }),
    chain('mid-header-newline', { name: 'b', url: u('/echo'), headers: [header('X-Multi', tpl('{{ x }}', () => 'one\r\nInjected: yes'))] }),
    chain('mid-jwt', { name: 'b', url: u('/echo'), auth: badJwt }),
    chain('mid-token', { name: 'b', url: u('/echo'), auth: failingTokenAuth(u('/token')) }),
    composite({ permalink: 'no-steps', steps: [] }),
    regular({ permalink: 'regular-404', url: u('/not-found') }),
    regular({ permalink: 'regular-reset', url: u('/reset') }),
    regular({ permalink: 'regular-render', url: u('/echo'), headers: [header('X-Broken', throwsRenderError)] }),
    regular({ permalink: 'regular-jwt', url: u('/echo'), auth: badJwt }),
    regular({ permalink: 'regular-token', url: u('/echo'), auth: failingTokenAuth(u('/token')) }),
    regular({ permalink: 'regular-post', method: 'POST', url: u('/echo') }),
  );
  runtime = await startTestRuntime(registry, {
    upstreamTimeoutMs: TIMEOUT_MS,
    maxResponseBytes: MAX_RESPONSE,
    maxBodyBytes: MAX_BODY,
    userToken: { kind: 'hmac', secret: USER_SECRET },
    dependencies: { secrets },
  });
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

afterEach(async () => {
  // After every failure the server still answers a healthy request.
  const res = await runtime.call('/api/connectors/healthy');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
});

interface Envelope {
  success: false;
  errors: { scope: string; message: string; code?: string; params?: string[]; detail?: Record<string, unknown> };
  request_id: string;
}

async function callComposite(permalink: string): Promise<{ res: Response; body: string; envelope: Envelope }> {
  const res = await runtime.call(`/api/connectors/composite/${permalink}`, { method: 'POST', body: '{"q":1}' });
  const body = await res.text();
  return { res, body, envelope: JSON.parse(body) as Envelope };
}

function expectClean(body: string, headers: Headers): void {
  for (const forbidden of [SECRET_VALUE, UPSTREAM_BODY, STEP_ONE_DATA]) {
    expect(body).not.toContain(forbidden);
    for (const [, value] of headers) expect(value).not.toContain(forbidden);
  }
}

function pathCount(path: string): number {
  return upstream.requests.filter((r) => r.path === path).length;
}

const prefix = (name: string, index: number) => `Composite step '${name}' (index ${index}): `;

describe('step failures in a composite connector', () => {
  const cases: readonly [string, number, string][] = [
    ['mid-404', 502, 'Downstream (HTTP error)'],
    ['mid-reset', 502, 'Downstream (network/external service)'],
    ['mid-reset-body', 502, 'Downstream (network/external service)'],
    ['mid-timeout', 502, 'Downstream (network/external service)'],
    ['mid-refused', 502, 'Downstream (network/external service)'],
    ['mid-too-large', 502, 'Downstream (network/external service)'],
    ['mid-too-large-chunked', 502, 'Downstream (network/external service)'],
    ['mid-render', 422, 'Configuration (template rendering)'],
    ['mid-render-response', 422, 'Configuration (template rendering)'],
    ['mid-bad-url', 422, 'Configuration (template rendering)'],
    ['mid-header-newline', 422, 'Configuration (template rendering)'],
    ['mid-jwt', 422, 'Authentication (JWT signing)'],
    ['mid-token', 502, 'Authentication (token request)'],
  ];
  for (const [permalink, status, label] of cases) {
    it(`${permalink}: ${status} "${label}", the chain stops, nothing leaks`, async () => {
      const lastBefore = pathCount('/c');
      const { res, body, envelope } = await callComposite(permalink);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(envelope.errors.scope).toBe(`${prefix('b', 1)}${label}`);
      expect(typeof envelope.errors.message).toBe('string');
      expect(Object.keys(envelope)).toEqual(['success', 'errors', 'request_id']);
      expect(envelope.success).toBe(false);
      expect(envelope.request_id).toBe(res.headers.get('x-request-id'));
      expect(envelope.errors.detail).toMatchObject({ step: 'b', index: 1 });
      // The step after the failing one never ran.
      expect(pathCount('/c')).toBe(lastBefore);
      expectClean(body, res.headers);
      // Timing covers the steps that ran, the failing one included.
      const timing = JSON.parse(res.headers.get('x-connector-timing')!) as { steps: { name: string }[] };
      expect(timing.steps.map((s) => s.name)).toEqual(['a', 'b']);
      expect(res.headers.get('server-timing')).toMatch(/^step\.a;dur=[\d.]+;desc="Step: a", step\.b;dur=[\d.]+;desc="Step: b", total;dur=[\d.]+;desc="Total"$/);
    });
  }

  it('names the upstream status in an HTTP error message', async () => {
    const { envelope, res } = await callComposite('mid-404');
    expect(envelope.errors.message).toContain('404');
    const timing = JSON.parse(res.headers.get('x-connector-timing')!) as { steps: { status_code: number | null }[] };
    expect(timing.steps.map((s) => s.status_code)).toEqual([200, 404]);
  });

  it('reports a 5xx on the last step with that step in the scope', async () => {
    const { res, envelope, body } = await callComposite('last-503');
    expect(res.status).toBe(502);
    expect(envelope.errors.scope).toBe(`${prefix('last', 1)}Downstream (HTTP error)`);
    expect(envelope.errors.message).toContain('503');
    expectClean(body, res.headers);
  });

  it('gives up on an upstream that never answers after the configured limit', async () => {
    const started = performance.now();
    const { res } = await callComposite('mid-timeout');
    const elapsed = performance.now() - started;
    expect(res.status).toBe(502);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it('answers 500 "Unexpected error" for a composite without steps', async () => {
    const { res, envelope } = await callComposite('no-steps');
    expect(res.status).toBe(500);
    expect(envelope.errors.scope).toBe('Unexpected error');
  });

  it('does not send the secret-bearing step request when its template fails', async () => {
    const before = upstream.requests.length;
    await callComposite('mid-render');
    // only step a reached an upstream
    expect(upstream.requests.slice(before).map((r) => r.path)).toEqual(['/a']);
  });
});

describe('step failures in a regular connector use the scope without a step prefix', () => {
  it('regular-404: the upstream status and body reach the widget (no response template to normalise them)', async () => {
    const res = await runtime.call('/api/connectors/regular-404');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe(UPSTREAM_BODY);
  });

  const cases: readonly [string, number, string][] = [
    ['regular-reset', 502, 'Downstream (network/external service)'],
    ['regular-render', 422, 'Configuration (template rendering)'],
    ['regular-jwt', 422, 'Authentication (JWT signing)'],
    ['regular-token', 502, 'Authentication (token request)'],
  ];
  for (const [permalink, status, scope] of cases) {
    it(`${permalink}: ${status} "${scope}"`, async () => {
      const res = await runtime.call(`/api/connectors/${permalink}`);
      const body = await res.text();
      expect(res.status).toBe(status);
      expect((JSON.parse(body) as Envelope).errors.scope).toBe(scope);
      expectClean(body, res.headers);
      expect(res.headers.get('server-timing')).toMatch(/^setup;dur=[\d.]+;desc="Setup", transform;dur=[\d.]+;desc="Template", cache;dur=[\d.]+;desc="Cache Miss", (external;dur=[\d.]+;desc="127\.0\.0\.1", )?total;dur=[\d.]+;desc="Total"$/);
      expect(JSON.parse(res.headers.get('x-connector-timing')!)).toMatchObject({ request_id: res.headers.get('x-request-id'), error: expect.any(String) });
    });
  }
});

describe('request-level refusals use scope Request', () => {
  async function envelopeOf(res: Response): Promise<Envelope> {
    expect(res.headers.get('content-type')).toBe('application/json');
    return (await res.json()) as Envelope;
  }

  it('404 for an unknown connector, an unknown composite and an unknown path', async () => {
    for (const [path, method] of [
      ['/api/connectors/nope', 'GET'],
      ['/api/connectors/composite/nope', 'POST'],
      ['/api/connectors/composite/healthy', 'POST'], // a regular connector is not a composite
      ['/api/connectors/mid-404', 'POST'], // nor the other way round
      ['/elsewhere', 'GET'],
    ] as const) {
      const res = await runtime.call(path, { method });
      expect(res.status, path).toBe(404);
      expect((await envelopeOf(res)).errors.scope).toBe('Request');
    }
  });

  it('405 with Allow when the method differs from the configured one', async () => {
    const regularWrong = await runtime.call('/api/connectors/healthy', { method: 'POST', body: 'x' });
    expect(regularWrong.status).toBe(405);
    expect(regularWrong.headers.get('allow')).toBe('GET');
    expect((await envelopeOf(regularWrong)).errors.scope).toBe('Request');
    const compositeWrong = await runtime.call('/api/connectors/composite/mid-404', { method: 'GET' });
    expect(compositeWrong.status).toBe(405);
    expect(compositeWrong.headers.get('allow')).toBe('POST');
    expect((await envelopeOf(compositeWrong)).errors.scope).toBe('Request');
  });

  it('413 for a body over the limit, declared or streamed, and nothing is sent upstream', async () => {
    const before = upstream.requests.length;
    const declared = await runtime.call('/api/connectors/regular-post', { method: 'POST', body: 'x'.repeat(MAX_BODY + 1) });
    expect(declared.status).toBe(413);
    expect((await envelopeOf(declared)).errors.scope).toBe('Request');
    const chunks = [new TextEncoder().encode('y'.repeat(MAX_BODY)), new TextEncoder().encode('y')];
    const streamed = await runtime.call('/api/connectors/regular-post', {
      method: 'POST',
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(next);
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await envelopeOf(streamed)).errors.scope).toBe('Request');
    expect(upstream.requests.length).toBe(before);
  });

  it('accepts a body exactly at the limit', async () => {
    const res = await runtime.call('/api/connectors/regular-post', { method: 'POST', body: 'z'.repeat(MAX_BODY) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { body: string }).body).toBe('z'.repeat(MAX_BODY));
  });

  it('401 for an invalid, an expired or a non-Bearer user token', async () => {
    const key = new TextEncoder().encode(USER_SECRET);
    const expired = await new SignJWT({ sub: '1' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    const forged = await new SignJWT({ sub: '1' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('not-the-secret'));
    for (const authorization of [`Bearer ${expired}`, `Bearer ${forged}`, 'Bearer not.a.jwt', 'Basic dXNlcjpwYXNz']) {
      const res = await runtime.call('/api/connectors/healthy', { headers: { Authorization: authorization } });
      expect(res.status, authorization).toBe(401);
      const envelope = await envelopeOf(res);
      expect(envelope.errors.scope).toBe('Request');
      expect(JSON.stringify(envelope)).not.toContain(expired);
    }
  });

  it('ignores X-Path-Params on a connector that reads none: no value of it reaches a URL', async () => {
    // (missing and invalid parameters: test/runtime/server/regular-connector.test.ts, test/conformance)
    const res = await runtime.call('/api/connectors/healthy', { headers: { 'X-Path-Params': 'id=../etc' } });
    expect(res.status).toBe(200);
  });

  it('431 for a header value over 8 KiB', async () => {
    const res = await runtime.call('/api/connectors/healthy', { headers: { 'X-Huge': 'h'.repeat(8 * 1024 + 1) } });
    expect(res.status).toBe(431);
    expect((await envelopeOf(res)).errors.scope).toBe('Request');
  });

  it('logs each failure with its scope, never the secret or the upstream body', async () => {
    await callComposite('mid-404');
    await callComposite('mid-render');
    const lines = runtime.logs.filter((l) => l['connector'] === 'mid-render' || l['connector'] === 'mid-404');
    expect(lines.some((l) => l['scope'] === `${prefix('b', 1)}Downstream (HTTP error)` && l['status'] === 502)).toBe(true);
    expect(lines.some((l) => l['scope'] === `${prefix('b', 1)}Configuration (template rendering)` && l['status'] === 422)).toBe(true);
    expect(runtime.logText()).not.toContain(SECRET_VALUE);
    expect(runtime.logText()).not.toContain(UPSTREAM_BODY);
  });
});

describe('after an upstream 401 with a cached token', () => {
  it('evicts the token and retries the step once', async () => {
    const tokenUpstream = await startUpstream({ tls: true });
    let issued = 0;
    let revoked = false;
    tokenUpstream.route('POST /token', {
      describe: 'counting token endpoint',
      handle(exchange) {
        issued++;
        json({ access_token: `token-${issued}`, expires_in: 3600 }).handle(exchange);
      },
    });
    // Once revoked, the API refuses the first token and accepts later ones.
    tokenUpstream.route('GET /api', {
      describe: 'api',
      handle(exchange) {
        const auth = exchange.request.headers['authorization'];
        if (revoked && auth === 'Bearer token-1') respond({ status: 401, body: 'expired' }).handle(exchange);
        else json({ auth }).handle(exchange);
      },
    });
    const auth: CompiledAuth = {
      type: 'oauth_client_credentials',
      tokenUrl: tokenUpstream.url('/token'),
      clientId: 'id',
      clientSecret: 'secret-value-x',
      scope: null,
      audience: null,
      clientAuth: 'body',
    };
    const retrying = await startTestRuntime(registryOf(regular({ permalink: 'api', url: tokenUpstream.url('/api'), auth })));
    try {
      const first = await retrying.call('/api/connectors/api');
      expect(await first.json()).toEqual({ auth: 'Bearer token-1' });
      revoked = true;
      // token-1 comes from the cache, is refused, evicted, and the step runs again with token-2
      const second = await retrying.call('/api/connectors/api');
      expect(second.status).toBe(200);
      expect(await second.json()).toEqual({ auth: 'Bearer token-2' });
      expect(issued).toBe(2);
      expect(tokenUpstream.requests.filter((r) => r.path === '/api')).toHaveLength(3);
    } finally {
      await retrying.close();
      await tokenUpstream.close();
    }
  });

  it('retries only once: a second 401 reaches the widget as the upstream answered it', async () => {
    const tokenUpstream = await startUpstream({ tls: true });
    let refuse = false;
    tokenUpstream.route('POST /token', json({ access_token: 'any-token', expires_in: 3600 }));
    tokenUpstream.route('GET /api', {
      describe: 'api',
      handle(exchange) {
        if (refuse) respond({ status: 401, body: 'no' }).handle(exchange);
        else json({ ok: true }).handle(exchange);
      },
    });
    const auth: CompiledAuth = {
      type: 'oauth_client_credentials',
      tokenUrl: tokenUpstream.url('/token'),
      clientId: 'id',
      clientSecret: 'secret-value-y',
      scope: null,
      audience: null,
      clientAuth: 'body',
    };
    const retrying = await startTestRuntime(registryOf(regular({ permalink: 'api', url: tokenUpstream.url('/api'), auth })));
    try {
      expect((await retrying.call('/api/connectors/api')).status).toBe(200);
      refuse = true;
      const before = tokenUpstream.requests.filter((r) => r.path === '/api').length;
      const res = await retrying.call('/api/connectors/api');
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('no');
      expect(tokenUpstream.requests.filter((r) => r.path === '/api').length - before).toBe(2);
    } finally {
      await retrying.close();
      await tokenUpstream.close();
    }
  });
});
