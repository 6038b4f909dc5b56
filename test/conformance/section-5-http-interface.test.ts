// SPEC v2 §5 (runtime HTTP interface), conformance: the exact bytes a widget sees — X-Request-ID,
// the error envelope of every row of the error table, both timing schemas, the regular-connector
// semantics, validator-only caching and the debug view — against real local upstreams.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledAuth } from '../../runtime/connector.js';
import { TemplateRenderError } from '../../runtime/template/types.js';
import { at, composite, header, query, regular, registryOf, text, tpl } from '../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime/start-runtime.js';
import { closedPort, custom, echo, hang, json, respond, startUpstream, type Upstream } from '../support/upstream/index.js';

const USER_SECRET = 'conformance-user-token-secret';
const REQUEST_ID = 'conformance-req-0001';
const TIMEOUT_MS = 400;
const MAX_BODY = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let upstream: Upstream;
let runtime: TestRuntime;
let refused: number;
let etagServed = 0;

const fails = (code: string) =>
  tpl(`{{ broken_${code} }}`, () => {
    throw new TemplateRenderError(code, 'template failed');
  });

const badJwt: CompiledAuth = {
  type: 'jwt',
  privateKey: 'not a key',
  algorithm: 'RS256',
  claims: { kind: 'object', entries: [] },
  jwtHeaders: { kind: 'object', entries: [] },
};

beforeAll(async () => {
  refused = await closedPort();
  upstream = await startUpstream({
    routes: {
      '/ok': json({ ok: true }),
      '/missing': json({ message: 'no such order' }, { status: 404 }),
      '/teapot': respond({ status: 418, headers: { 'Content-Type': 'text/plain' }, body: 'short and stout' }),
      '/hang': hang(),
      '/etag': custom(({ req, res }) => {
        etagServed++;
        if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { ETag: '"v1"' }).end();
        else res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' }).end('{"version":1}');
      }),
      'POST /token': respond({ status: 500, body: 'token endpoint down' }),
      '*': echo(),
    },
  });
  const u = (path: string) => upstream.url(path);
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'echo', url: u('/echo'), query: [query('fixed', 'configured'), query('page', '1', true)] }),
      regular({
        permalink: 'normalised',
        url: u('/missing'),
        responseBody: tpl('{{ {"status": response.status_code, "error": (response.body | from_json).message} | tojson }}', (v) => {
          const body = JSON.parse(text(at(v, 'response', 'body'))) as { message: string };
          return JSON.stringify({ status: at(v, 'response', 'status_code'), error: body.message });
        }),
        responseContentType: 'application/json',
      }),
      regular({ permalink: 'raw-error', url: u('/teapot') }),
      regular({ permalink: 'bad-response-template', url: u('/ok'), responseBody: fails('value-error') }),
      regular({ permalink: 'bad-request-template', url: u('/ok'), headers: [header('X-Broken', fails('undefined'))] }),
      regular({ permalink: 'slow', url: u('/hang') }),
      regular({ permalink: 'unreachable', url: `http://127.0.0.1:${refused}/x` }),
      regular({ permalink: 'signing', url: u('/ok'), auth: badJwt }),
      regular({
        permalink: 'token',
        url: u('/ok'),
        auth: { type: 'oauth_client_credentials', tokenUrl: u('/token'), clientId: 'id', clientSecret: 'conformance-client-secret', scope: null, audience: null, clientAuth: 'body' },
      }),
      regular({ permalink: 'posting', method: 'POST', url: u('/echo') }),
      regular({
        permalink: 'keyed',
        url: u('/echo'),
        headers: [header('X-Secret-Header', tpl("{{ get_secret('canary_api_key') }}", (_v, env) => env.getSecret('canary_api_key') ?? '', true))],
        auth: { type: 'api_key', key: 'X-Api-Key', value: tpl("{{ get_secret('canary_api_key') }}", (_v, env) => env.getSecret('canary_api_key') ?? '', true), in: 'header' },
      }),
      regular({
        permalink: 'identity',
        url: u('/echo'),
        headers: [header('X-User', tpl('{{ user.id }}', (v) => text(at(v, 'user', 'id'))))],
        requiresUser: true,
      }),
      regular({ permalink: 'paths', url: tpl('{{ pathParams.a }}/{{ pathParams.b }}', (v) => u(`/p/${text(at(v, 'pathParams', 'a'))}/${text(at(v, 'pathParams', 'b'))}`)), pathParams: ['a', 'b'] }),
      regular({ permalink: 'validated', url: u('/etag') }),
      composite({ permalink: 'chain', steps: [{ name: 'first', url: u('/ok') }, { name: 'second', url: u('/echo') }] }),
      composite({ permalink: 'chain-404', steps: [{ name: 'first', url: u('/ok') }, { name: 'lookup', url: u('/missing') }, { name: 'never', url: u('/echo') }] }),
      composite({ permalink: 'chain-network', steps: [{ name: 'first', url: u('/ok') }, { name: 'gone', url: `http://127.0.0.1:${refused}/x` }] }),
      composite({ permalink: 'chain-render', steps: [{ name: 'first', url: u('/ok') }, { name: 'bad', url: u('/echo'), headers: [header('X-B', fails('undefined'))] }] }),
      composite({ permalink: 'chain-response', steps: [{ name: 'first', url: u('/ok') }, { name: 'bad', url: u('/ok'), responseBody: fails('value-error') }] }),
      composite({ permalink: 'chain-signing', steps: [{ name: 'sign', url: u('/ok'), auth: badJwt }] }),
      composite({ permalink: 'empty', steps: [] }),
    ),
    { upstreamTimeoutMs: TIMEOUT_MS, maxBodyBytes: MAX_BODY, userToken: { kind: 'hmac', secret: USER_SECRET }, debug: true },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => runtime.call(path, { headers: { 'X-Request-ID': REQUEST_ID, ...headers } });
const post = (path: string, body = '{}') => runtime.call(path, { method: 'POST', body, headers: { 'X-Request-ID': REQUEST_ID } });

function envelope(scope: string, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ success: false, errors: { scope, message, ...extra }, request_id: REQUEST_ID });
}

describe('SPEC §5 runtime HTTP interface', () => {
  describe('X-Request-ID', () => {
    it('answers every response with a UUID, and keeps a well-formed incoming id', async () => {
      for (const path of ['/healthz', '/readyz', '/metrics', '/nowhere', '/api/connectors/echo']) {
        const res = await runtime.call(path);
        expect(res.headers.get('x-request-id'), path).toMatch(UUID);
        await res.arrayBuffer();
      }
      const kept = await get('/api/connectors/echo');
      expect(kept.headers.get('x-request-id')).toBe(REQUEST_ID);
      await kept.arrayBuffer();
    });

    it('replaces a malformed incoming id', async () => {
      for (const bad of ['has space', 'x'.repeat(129), '-leading-dash', 'semi;colon']) {
        const res = await runtime.call('/api/connectors/echo', { headers: { 'X-Request-ID': bad } });
        expect(res.headers.get('x-request-id'), bad).toMatch(UUID);
        await res.arrayBuffer();
      }
    });

    it('sends the id to the upstream and writes it in the log line', async () => {
      const res = await get('/api/connectors/echo');
      const echoed = (await res.json()) as { headers: Record<string, string> };
      expect(echoed.headers['x-request-id']).toBe(REQUEST_ID);
      expect(runtime.logs.some((l) => l['request_id'] === REQUEST_ID && l['connector'] === 'echo')).toBe(true);
    });
  });

  describe('the error envelope, row by row of the error table (exact bytes)', () => {
    const rows: [string, () => Promise<Response>, number, string][] = [
      ['composite step answered 4xx', () => post('/api/connectors/composite/chain-404'), 502, envelope("Composite step 'lookup' (index 1): Downstream (HTTP error)", 'The upstream service answered HTTP 404', { detail: { step: 'lookup', index: 1, upstream_status: 404 } })],
      ['network error', () => post('/api/connectors/composite/chain-network'), 502, envelope("Composite step 'gone' (index 1): Downstream (network/external service)", 'Could not reach the upstream service', { detail: { step: 'gone', index: 1 } })],
      ['timeout (regular)', () => get('/api/connectors/slow'), 502, envelope('Downstream (network/external service)', 'The upstream service did not answer in time')],
      ['request-side template rendering', () => get('/api/connectors/bad-request-template'), 422, envelope('Configuration (template rendering)', 'A template of this step failed to render (undefined)')],
      ['regular connector response_body', () => get('/api/connectors/bad-response-template'), 422, envelope('Configuration (response template rendering)', 'The response template failed to render (value-error)')],
      ['composite step response_body', () => post('/api/connectors/composite/chain-response'), 422, envelope("Composite step 'bad' (index 1): Configuration (template rendering)", 'A template of this step failed to render (value-error)', { detail: { step: 'bad', index: 1, upstream_status: 200 } })],
      ['JWT signing', () => get('/api/connectors/signing'), 422, envelope('Authentication (JWT signing)', 'Could not sign the JWT: RS256 needs a PEM private key (-----BEGIN PRIVATE KEY-----)')],
      ['token endpoint failed', () => get('/api/connectors/token'), 502, envelope('Authentication (token request)', 'The token request failed: token endpoint answered HTTP 500')],
      ['composite has no steps', () => post('/api/connectors/composite/empty'), 500, envelope('Unexpected error', 'The connector has no steps')],
      ['missing path parameters', () => get('/api/connectors/paths'), 400, envelope('Request', 'Missing path parameters: a, b', { code: 'MISSING_PATH_PARAMETERS', params: ['a', 'b'] })],
      ['unknown connector', () => get('/api/connectors/nope'), 404, envelope('Request', 'Unknown connector')],
      ['wrong method', () => post('/api/connectors/echo'), 405, envelope('Request', 'This connector must be called with GET')],
      ['body too large', () => runtime.call('/api/connectors/posting', { method: 'POST', body: 'x'.repeat(MAX_BODY + 1), headers: { 'X-Request-ID': REQUEST_ID } }), 413, envelope('Request', `The request body is larger than ${MAX_BODY} bytes`)],
      ['bad user token', () => get('/api/connectors/echo', { Authorization: 'Bearer not.a.jwt' }), 401, ''],
      ['user required', () => get('/api/connectors/identity'), 401, envelope('Request', 'This connector needs a signed-in user', { code: 'USER_REQUIRED' })],
    ];
    for (const [name, call, status, bytes] of rows) {
      it(`${name}: ${status}`, async () => {
        const res = await call();
        const body = await res.text();
        expect(res.status).toBe(status);
        expect(res.headers.get('content-type')).toBe('application/json');
        expect(res.headers.get('x-request-id')).toBe(REQUEST_ID);
        if (bytes === '') expect(JSON.parse(body)).toMatchObject({ success: false, errors: { scope: 'Request' }, request_id: REQUEST_ID });
        else expect(body).toBe(bytes);
        // Timing headers are present on errors too.
        expect(res.headers.get('server-timing') ?? 'request-level').toBeTruthy();
      });
    }

    it('calls no upstream for USER_REQUIRED and path-parameter refusals', async () => {
      const before = upstream.requests.length;
      await (await get('/api/connectors/identity')).arrayBuffer();
      await (await get('/api/connectors/paths', { 'X-Path-Params': 'a=..&b=1' })).arrayBuffer();
      expect(upstream.requests.length).toBe(before);
    });
  });

  describe('timing headers', () => {
    it('composite: Server-Timing with desc per step and total, X-Connector-Timing with request_id first', async () => {
      const res = await post('/api/connectors/composite/chain');
      await res.arrayBuffer();
      expect(res.headers.get('server-timing')).toMatch(/^step\.first;dur=\d+(\.\d+)?;desc="Step: first", step\.second;dur=\d+(\.\d+)?;desc="Step: second", total;dur=\d+(\.\d+)?;desc="Total"$/);
      const raw = res.headers.get('x-connector-timing')!;
      expect(raw).toMatch(/^\{"request_id":"conformance-req-0001","total_ms":[\d.]+,"steps":\[\{"name":"first","index":0,"status_code":200,"duration_ms":[\d.]+(,"cache":"miss")?\},\{"name":"second","index":1,"status_code":200,"duration_ms":[\d.]+(,"cache":"miss")?\}\]\}$/);
    });

    it('regular: setup/transform/cache/external(host)/total, and internal_ms + external_ms = total_ms', async () => {
      const res = await get('/api/connectors/echo');
      await res.arrayBuffer();
      expect(res.headers.get('server-timing')).toMatch(
        /^setup;dur=[\d.]+;desc="Setup", transform;dur=[\d.]+;desc="Template", cache;dur=[\d.]+;desc="Cache Miss", external;dur=[\d.]+;desc="127\.0\.0\.1", total;dur=[\d.]+;desc="Total"$/,
      );
      const timing = JSON.parse(res.headers.get('x-connector-timing')!) as Record<string, unknown> & { total_ms: number; internal_ms: number; external_ms: number; breakdown: Record<string, number> };
      expect(Object.keys(timing)).toEqual(['request_id', 'total_ms', 'internal_ms', 'external_ms', 'breakdown', 'cache_hit', 'cache', 'external_host']);
      expect(Object.keys(timing.breakdown)).toEqual(['setup_ms', 'transform_ms', 'cache_ms', 'http_request_ms']);
      expect(timing.request_id).toBe(REQUEST_ID);
      expect(timing.internal_ms + timing.external_ms).toBeCloseTo(timing.total_ms, 1);
      expect(timing.external_ms).toBe(timing.breakdown['http_request_ms']);
      expect(timing.external_ms).toBeGreaterThan(0);
      expect(timing.external_host).toBe('127.0.0.1');
    });

    it('regular timeout: desc="Timeout", timeout: true and the error text', async () => {
      const res = await get('/api/connectors/slow');
      await res.arrayBuffer();
      expect(res.headers.get('server-timing')).toMatch(/external;dur=[\d.]+;desc="Timeout", total;dur=[\d.]+;desc="Total"$/);
      const timing = JSON.parse(res.headers.get('x-connector-timing')!) as Record<string, unknown>;
      expect(timing).toMatchObject({ timeout: true, error: 'The upstream service did not answer in time', external_host: '127.0.0.1' });
      expect(timing['external_ms'] as number).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    });
  });

  describe('regular connectors', () => {
    it('run the response template on an upstream 404 and answer with the upstream status', async () => {
      const res = await get('/api/connectors/normalised');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.text()).toBe('{"status":404,"error":"no such order"}');
    });

    it('pass an upstream error body through unchanged without a response template', async () => {
      const res = await get('/api/connectors/raw-error');
      expect(res.status).toBe(418);
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(await res.text()).toBe('short and stout');
    });

    it('forward caller query parameters without a configured row; non-overridable rows win; overridable take the caller value', async () => {
      const res = await get('/api/connectors/echo?fixed=caller&page=7&extra=1&extra=2&q=a%20b');
      const echoed = (await res.json()) as { query: [string, string][] };
      expect(echoed.query).toEqual([['fixed', 'configured'], ['page', '7'], ['extra', '1'], ['extra', '2'], ['q', 'a b']]);
    });

    it('serve an identified caller of a connector that reads user.* in a header', async () => {
      const token = await new SignJWT({ sub: 'u-7' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(USER_SECRET));
      const res = await get('/api/connectors/identity', { Authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { headers: Record<string, string> }).headers['x-user']).toBe('u-7');
    });
  });

  describe('caching', () => {
    it('stores a 200 with only an ETag and revalidates it before each use', async () => {
      const before = etagServed;
      const first = await get('/api/connectors/validated');
      expect(await first.text()).toBe('{"version":1}');
      expect(JSON.parse(first.headers.get('x-connector-timing')!)).toMatchObject({ cache_hit: false, cache: 'miss' });
      const second = await get('/api/connectors/validated');
      expect(second.status).toBe(200);
      expect(await second.text()).toBe('{"version":1}');
      expect(JSON.parse(second.headers.get('x-connector-timing')!)).toMatchObject({ cache_hit: true, cache: 'revalidated' });
      expect(second.headers.get('server-timing')).toContain('desc="Cache Hit"');
      expect(etagServed - before).toBe(2);
      expect(upstream.requests.filter((r) => r.path === '/etag').at(-1)!.headers['if-none-match']).toBe('"v1"');
    });
  });

  describe('debug view', () => {
    it('shows only the failing step on an error: no data of earlier successful steps', async () => {
      const res = await post('/api/connectors/composite/chain-404');
      await res.arrayBuffer();
      const debug = JSON.parse(res.headers.get('x-debug-request')!) as { name: string }[];
      expect(debug.map((d) => d.name)).toEqual(['lookup']);
    });

    it('masks credential fields of authentication as **********, shows the others, and shows secrets elsewhere as their template', async () => {
      const res = await get('/api/connectors/keyed');
      await res.arrayBuffer();
      const [view] = JSON.parse(res.headers.get('x-debug-request')!) as { headers: [string, string][]; authentication: Record<string, unknown> }[];
      expect(view!.authentication).toEqual({ type: 'api_key', key: 'X-Api-Key', value: '**********', in: 'header' });
      expect(view!.headers).toEqual([['X-Secret-Header', "{{ get_secret('canary_api_key') }}"]]);
    });
  });
});
