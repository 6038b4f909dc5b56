// Built handlers, end to end: a registry is compiled by the build pipeline, its generated index is
// imported and served by the real runtime, and a scripted HTTPS upstream records what it
// received. Covers a regular connector (path parameters, overridable and fixed query parameters
// and headers, API key), a JWT-signed POST with a templated body, two connectors whose templates
// share one compiled shape, and a 3-step composite with OAuth client credentials.
import { SignJWT, jwtVerify } from 'jose';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, json, startUpstream, type RecordedRequest, type Upstream } from '../../support/upstream/index.js';
import { buildOrThrow, importRegistry, readTree, removeScratch, scratchDir, writeTree } from './temp-build.js';

const USER_SECRET = 'built-handlers-user-token-secret';
const SECRETS = {
  orders_key: 'orders-api-key-7f3c9a1e',
  ticket_key: 'ticket-signing-secret-5b2d8e4f',
  client_id: 'client-id-3a9e',
  client_secret: 'client-secret-8d1f6c2b',
};

function registryYaml(origin: string): Record<string, string> {
  return {
    'regular.yaml': `
connectors:
  - name: Order Item
    id: 7
    url: "${origin}/v1/orders/{{ pathParams.order_id }}/items/{{ pathParams.item_id }}"
    method: GET
    path_parameters:
      - key: order_id
      - key: item_id
    headers:
      - key: Accept
        value: application/json
      - key: X-Page-Size
        value: "20"
        overridable: true
      - key: X-User
        value: "{{ user.id }}"
    query_parameters:
      - key: page
        value: "1"
        overridable: true
      - key: fields
        value: id,sku
      - key: tenant
        value: "{{ tenant_id }}"
    authentication:
      type: api_key
      config:
        key: X-API-Key
        value: "{{ get_secret('orders_key') }}"
        in: header

  - name: Create Ticket
    url: ${origin}/v1/tickets
    method: POST
    authentication:
      type: jwt
      config:
        private_key: "{{ get_secret('ticket_key') }}"
        algorithm: HS256
        claims: { sub: "{{ user.id }}", aud: tickets, priority: 2 }
    request_body: "{{ {'subject': (body_text | from_json).subject, 'by': user.id} | tojson }}"

  # Same template shape, different constants: one compiled function serves both.
  - name: Shape A
    url: "${origin}/v1/a/{{ user.id }}"
    method: GET
  - name: Shape B
    url: "${origin}/v1/bee/{{ user.email }}"
    method: GET
`,
    'composite.yaml': `
composite_connectors:
  - name: Profile Chain
    id: 50
    steps:
      - name: fetch-user
        url: "${origin}/v1/users/{{ user.id }}"
        authentication:
          type: oauth_client_credentials
          config:
            token_url: ${origin}/oauth/token
            client_id: "{{ get_secret('client_id') }}"
            client_secret: "{{ get_secret('client_secret') }}"
            scope: profile:read
      - name: fetch-prefs
        url: "${origin}/v1/prefs/{{ (steps['fetch-user'].body | from_json).path | replace('/', '_') }}"
        headers:
          - key: X-Prev-Status
            value: "{{ steps['fetch-user'].status_code }}"
        query_parameters:
          - key: q
            value: "{{ request.query_parameters.q | upper }}"
      - name: save
        method: POST
        url: ${origin}/v1/save
        request_body: "{{ {'payload': request.body_text | from_json, 'prefs_path': (steps['fetch-prefs'].body | from_json).path} | tojson }}"
        response_body: "{{ {'done': true, 'saved_with': (response.body | from_json).method, 'user_path': (steps['fetch-user'].body | from_json).path} | tojson }}"
        response_content_type: application/json
`,
  };
}

let work: string;
let upstream: Upstream;
let runtime: TestRuntime;
let generated: Map<string, string>;

beforeAll(async () => {
  work = await scratchDir('built-handlers');
  upstream = await startUpstream({
    tls: true,
    routes: { 'POST /oauth/token': json({ access_token: 'token-from-oauth', token_type: 'Bearer', expires_in: 3600 }), '*': echo() },
  });
  const registryDir = path.join(work, 'registry');
  await writeTree(registryDir, registryYaml(upstream.origin));
  const outDir = path.join(work, 'generated');
  // Literal 127.0.0.1 hosts are refused by check unless insecure upstreams are allowed (tests only).
  await buildOrThrow({ registryDir, outDir, allowInsecureUpstreams: true });
  generated = await readTree(outDir);
  const env = Object.fromEntries(Object.entries(SECRETS).map(([name, value]) => [`CONDUIT_SECRET_${name}`, value]));
  runtime = await startTestRuntime(await importRegistry(outDir), { env, userToken: { kind: 'hmac', secret: USER_SECRET } });
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
  await removeScratch(work);
});

function userToken(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(USER_SECRET));
}

/** Calls the runtime and returns what the upstream received for it. */
async function received(requestPath: string, init: RequestInit = {}, expectedRequests = 1): Promise<{ res: Response; requests: RecordedRequest[] }> {
  const before = upstream.requests.length;
  const res = await runtime.call(requestPath, init);
  const requests = upstream.requests.slice(before);
  expect(requests, await res.clone().text()).toHaveLength(expectedRequests);
  return { res, requests };
}

describe('a regular connector', () => {
  it('sends path parameters, configured and overridden query parameters and headers, and the API key', async () => {
    const token = await userToken({ sub: 'u-1', tenant_id: 'acme' });
    const { res, requests } = await received('/api/connectors/7?page=3&fields=everything&extra=1', {
      headers: { Authorization: `Bearer ${token}`, 'X-Path-Params': 'order_id=42&item_id=a-1', 'X-Page-Size': '50', 'X-User': 'someone-else', 'X-Unknown': '1' },
    });
    expect(res.status).toBe(200);
    const [got] = requests;
    expect(got!.method).toBe('GET');
    expect(got!.path).toBe('/v1/orders/42/items/a-1');
    // `extra` matches no configured row: forwarded (SPEC §1); `fields` is not overridable: the caller's value is dropped.
    expect(got!.query).toEqual([['page', '3'], ['fields', 'id,sku'], ['tenant', 'acme'], ['extra', '1']]);
    expect(got!.headers).toMatchObject({ accept: 'application/json', 'x-page-size': '50', 'x-user': 'u-1', 'x-api-key': SECRETS.orders_key });
    expect(got!.headers['x-unknown']).toBeUndefined();
    expect(got!.headers['authorization']).toBeUndefined();
  });

  it('sends the configured values when the caller overrides nothing, and is addressed by permalink too', async () => {
    const token = await userToken({ sub: 'u-2' });
    const { requests } = await received('/api/connectors/order-item', { headers: { Authorization: `Bearer ${token}`, 'X-Path-Params': 'order_id=1&item_id=b' } });
    expect(requests[0]!.query).toEqual([['page', '1'], ['fields', 'id,sku'], ['tenant', '']]);
    expect(requests[0]!.headers['x-page-size']).toBe('20');
    expect(requests[0]!.headers['x-user']).toBe('u-2');
  });

  it('refuses an anonymous caller with 401 USER_REQUIRED before any upstream call: its headers read user.*', async () => {
    const { res } = await received('/api/connectors/order-item', { headers: { 'X-Path-Params': 'order_id=1&item_id=b' } }, 0);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { code: string } }).errors.code).toBe('USER_REQUIRED');
  });

  it('signs a JWT with the rendered claims and sends the rendered JSON body', async () => {
    const token = await userToken({ sub: 'u-9' });
    const { res, requests } = await received('/api/connectors/create-ticket', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'Broken "quotes" ü' }),
    });
    expect(res.status).toBe(200);
    const got = requests[0]!;
    expect(got.method).toBe('POST');
    expect(JSON.parse(got.body.toString('utf8'))).toEqual({ subject: 'Broken "quotes" ü', by: 'u-9' });
    expect(got.headers['content-type']).toBe('application/json');
    const bearer = /^Bearer (.+)$/.exec(got.headers['authorization'] ?? '');
    const { payload, protectedHeader } = await jwtVerify(bearer![1]!, new TextEncoder().encode(SECRETS.ticket_key), { audience: 'tickets' });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'u-9', aud: 'tickets', priority: 2 });
    // Nothing added to the configured claims (SPEC §4 v2).
    expect(payload).toEqual({ sub: 'u-9', aud: 'tickets', priority: 2 });
  });

  it('renders templates that share one compiled shape with their own constants', async () => {
    const shapes = [...generated].filter(([file, text]) => file.startsWith('connectors/shape-') && /render: shape_[0-9a-f]{10}\(/.test(text));
    expect(shapes.map(([file]) => file)).toEqual(['connectors/shape-a.ts', 'connectors/shape-b.ts']);
    const token = await userToken({ sub: 'u-5', email: 'five@example.com' });
    const a = await received('/api/connectors/shape-a', { headers: { Authorization: `Bearer ${token}` } });
    const b = await received('/api/connectors/shape-b', { headers: { Authorization: `Bearer ${token}` } });
    expect(a.requests[0]!.path).toBe('/v1/a/u-5');
    expect(b.requests[0]!.path).toBe('/v1/bee/five@example.com');
  });
});

describe('a 3-step composite', () => {
  it('gets a token, runs the steps in order with earlier results, and answers with the last step', async () => {
    const token = await userToken({ sub: 'u-7', tenant_id: 't1' });
    const { res, requests } = await received(
      '/api/connectors/composite/50?q=hello',
      { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"x": 1}' },
      4,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ done: true, saved_with: 'POST', user_path: '/v1/users/u-7' });
    expect(res.headers.get('server-timing')).toMatch(/^step\.fetch-user;dur=[\d.]+;desc="Step: fetch-user", step\.fetch-prefs;dur=[\d.]+;desc="Step: fetch-prefs", step\.save;dur=[\d.]+;desc="Step: save", total;dur=[\d.]+;desc="Total"$/);

    const [tokenRequest, user, prefs, save] = requests;
    expect(tokenRequest!.method).toBe('POST');
    expect(tokenRequest!.path).toBe('/oauth/token');
    const form = new URLSearchParams(tokenRequest!.body.toString('utf8'));
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', client_id: SECRETS.client_id, client_secret: SECRETS.client_secret, scope: 'profile:read' });

    expect(user!.method).toBe('GET');
    expect(user!.path).toBe('/v1/users/u-7');
    expect(user!.headers['authorization']).toBe('Bearer token-from-oauth');

    expect(prefs!.path).toBe('/v1/prefs/_v1_users_u-7');
    expect(prefs!.query).toEqual([['q', 'HELLO']]);
    expect(prefs!.headers['x-prev-status']).toBe('200');
    expect(prefs!.headers['authorization']).toBeUndefined();

    expect(save!.method).toBe('POST');
    expect(JSON.parse(save!.body.toString('utf8'))).toEqual({ payload: { x: 1 }, prefs_path: '/v1/prefs/_v1_users_u-7' });
  });

  it('keeps every secret out of the log', () => {
    const logs = runtime.logText();
    expect(logs).toContain('profile-chain');
    for (const secret of Object.values(SECRETS)) expect(logs).not.toContain(secret);
  });
});
