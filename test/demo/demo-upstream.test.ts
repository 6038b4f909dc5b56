// The demo upstream over real HTTPS (trusting only the demo CA): what the demo registry's
// connectors get from it, and every refusal it makes (wrong client, token, key, JWT, input).
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoCredentials, type DemoCredentials } from '../../demo/demo-credentials.js';
import { SLOW_PREFERENCES_MS } from '../../demo/demo-members.js';
import { CA_CERT_FILE, readDemoTls } from '../../demo/tls/demo-tls.js';
import { startDemoUpstream, type DemoUpstream } from '../../demo/upstream/demo-upstream.js';

let upstream: DemoUpstream;
let credentials: DemoCredentials;
let agent: Agent;

beforeAll(async () => {
  credentials = createDemoCredentials();
  upstream = await startDemoUpstream({ credentials, tls: readDemoTls(), port: 0 });
  agent = new Agent({ connect: { ca: readFileSync(CA_CERT_FILE, 'utf8') } });
});

afterAll(async () => {
  await upstream.close();
  await agent.close();
});

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown> | null;
}

async function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const response = await undiciFetch(`${upstream.url}${path}`, { ...init, dispatcher: agent });
  const text = await response.text();
  return { status: response.status, headers: response.headers as unknown as Headers, json: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function accessToken(): Promise<string> {
  const answer = await call('/oauth/token', form({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: 'profile:read' }));
  expect(answer.status).toBe(200);
  return answer.json!['access_token'] as string;
}

describe('TLS', () => {
  test('the certificate is signed by the demo CA for 127.0.0.1; an agent without the CA refuses it', async () => {
    expect(upstream.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(upstream.host).toBe(upstream.url.slice('https://'.length));
    const strict = new Agent();
    try {
      await expect(undiciFetch(`${upstream.url}/v1/catalog`, { dispatcher: strict })).rejects.toThrow();
    } finally {
      await strict.close();
    }
  });
});

describe('OAuth token endpoint', () => {
  test('issues a bearer token for the client (form body or HTTP Basic) and counts it', async () => {
    const before = upstream.tokensIssued();
    const body = await call('/oauth/token', form({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }));
    expect(body.status).toBe(200);
    expect(body.headers.get('cache-control')).toBe('no-store');
    expect(body.json).toEqual({ access_token: expect.stringMatching(/^[\w-]{20,}$/), token_type: 'Bearer', expires_in: 300, scope: 'profile:read' });
    const basic = Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString('base64');
    const viaBasic = await call('/oauth/token', { ...form({ grant_type: 'client_credentials' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` } });
    expect(viaBasic.status).toBe(200);
    expect(upstream.tokensIssued()).toBe(before + 2);
  });

  test.each([
    ['a wrong secret', { grant_type: 'client_credentials', client_id: 'x', client_secret: 'nope' }, 401, 'invalid_client'],
    ['another grant', { grant_type: 'password', username: 'a', password: 'b' }, 400, 'unsupported_grant_type'],
    ['a scope the client may not have', { grant_type: 'client_credentials', scope: 'admin' }, 400, 'invalid_scope'],
  ])('refuses %s', async (_, fields, status, error) => {
    const withClient = error === 'invalid_scope' ? { ...fields, client_id: credentials.clientId, client_secret: credentials.clientSecret } : fields;
    const answer = await call('/oauth/token', form(withClient));
    expect({ status: answer.status, error: answer.json!['error'] }).toEqual({ status, error });
  });

  test('refuses a wrong secret sent with HTTP Basic', async () => {
    const basic = Buffer.from(`${credentials.clientId}:wrong`).toString('base64');
    const answer = await call('/oauth/token', { ...form({ grant_type: 'client_credentials' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` } });
    expect(answer.status).toBe(401);
  });
});

describe('profile API (the profile-lookup composite)', () => {
  test('the user record names its account in X-Account-Id; the preferences need that header', async () => {
    const auth = { Authorization: `Bearer ${await accessToken()}` };
    const user = await call('/v1/users/42', { headers: auth });
    expect(user.status).toBe(200);
    expect(user.headers.get('x-account-id')).toBe('acc-1042');
    expect(user.json).toEqual({ id: '42', username: 'ada', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' });
    const preferences = await call('/v1/accounts/acc-1042/preferences', { headers: { ...auth, 'X-Account-Id': 'acc-1042' } });
    expect(preferences.json).toEqual({ account_id: 'acc-1042', theme: 'dark', language: 'en-GB', newsletter: true, timezone: 'Europe/London' });
    const mismatch = await call('/v1/accounts/acc-1042/preferences', { headers: { ...auth, 'X-Account-Id': 'acc-1007' } });
    expect(mismatch.status).toBe(400);
  });

  test('without a live token it answers 401 with a WWW-Authenticate challenge', async () => {
    for (const headers of [{}, { Authorization: 'Bearer made-up' }, { Authorization: 'Basic abc' }] as Record<string, string>[]) {
      const answer = await call('/v1/users/42', { headers });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer scope="profile:read"');
    }
  });

  test('unknown users and accounts are 404', async () => {
    const auth = { Authorization: `Bearer ${await accessToken()}` };
    expect((await call('/v1/users/999', { headers: auth })).status).toBe(404);
    expect((await call('/v1/accounts/acc-0/preferences', { headers: { ...auth, 'X-Account-Id': 'acc-0' } })).status).toBe(404);
  });

  test("Erin's account answers 500; Sam's does not answer for a while", async () => {
    const auth = { Authorization: `Bearer ${await accessToken()}` };
    const broken = await call('/v1/accounts/acc-broken/preferences', { headers: { ...auth, 'X-Account-Id': 'acc-broken' } });
    expect(broken.status).toBe(500);
    const slow = undiciFetch(`${upstream.url}/v1/accounts/acc-slow/preferences`, { headers: { ...auth, 'X-Account-Id': 'acc-slow' }, dispatcher: agent, signal: AbortSignal.timeout(800) });
    await expect(slow).rejects.toThrow(/aborted|timeout/i);
  });
});

describe('catalog (the cached GET)', () => {
  test('allows caching for 30 s and revalidates with its ETag (304 without a body)', async () => {
    const first = await call('/v1/catalog');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    const count = first.json!['upstream_requests'] as number;
    const again = await call('/v1/catalog');
    expect(again.json!['upstream_requests']).toBe(count + 1);
    const revalidated = await call('/v1/catalog', { headers: { 'If-None-Match': etag.slice(2) } });
    expect({ status: revalidated.status, json: revalidated.json, etag: revalidated.headers.get('etag') }).toEqual({ status: 304, json: null, etag });
    const otherTag = await call('/v1/catalog', { headers: { 'If-None-Match': '"something-else"' } });
    expect(otherTag.status).toBe(200);
  });
});

describe('orders (path and query parameters)', () => {
  test('answers the item with the fields asked for and echoes paging and customer', async () => {
    const answer = await call('/v1/orders/42/items/a-2?page=3&page_size=10&fields=id,quantity,nope&customer=7');
    expect(answer.json).toEqual({ order_id: '42', item: { id: 'a-2', quantity: 8 }, page: 3, page_size: 10, customer: '7' });
    const defaults = await call('/v1/orders/77/items/b-7');
    expect(defaults.json).toMatchObject({ item: { id: 'b-7', sku: 'WID-010', name: 'Widget deluxe kit', quantity: 1, status: 'backordered' }, page: 1, page_size: 20, customer: null });
  });

  test('unknown items are 404, bad paging is 400', async () => {
    expect((await call('/v1/orders/42/items/zz')).status).toBe(404);
    expect((await call('/v1/orders/1/items/a-1')).status).toBe(404);
    expect((await call('/v1/orders/42/items/a-1?page=0')).status).toBe(400);
    expect((await call('/v1/orders/42/items/a-1?page_size=x')).status).toBe(400);
  });
});

describe('weather (API key)', () => {
  test('answers with the key, per city; 401 without it, 404 for an unknown city, 400 for other units', async () => {
    const key = { 'X-API-Key': credentials.apiKey };
    expect((await call('/v1/weather/current?city=lisbon&units=metric', { headers: key })).json).toEqual({ city: 'Lisbon', temp_c: 24, summary: 'Sunny', units: 'metric' });
    expect((await call('/v1/weather/current?city=Warsaw&units=metric')).status).toBe(401);
    expect((await call('/v1/weather/current?city=Warsaw&units=metric', { headers: { 'X-API-Key': `${credentials.apiKey}x` } })).status).toBe(401);
    expect((await call('/v1/weather/current?city=Atlantis&units=metric', { headers: key })).status).toBe(404);
    expect((await call('/v1/weather/current?city=Warsaw&units=imperial', { headers: key })).status).toBe(400);
  });
});

describe('partner inventory (JWT)', () => {
  const sign = (key: string, claims: { iss?: string; aud?: string; exp?: number }) =>
    new SignJWT({ email: 'ada@example.com', tenant: 'demo-community' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('42')
      .setIssuer(claims.iss ?? 'conduit-demo')
      .setAudience(claims.aud ?? 'demo-partner-api')
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '2m')
      .sign(new TextEncoder().encode(key));

  test('answers a JWT signed with the shared key, naming the verified claims', async () => {
    const answer = await call('/v1/partners/inventory', { headers: { Authorization: `Bearer ${await sign(credentials.jwtKey, {})}` } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ requested_by: { sub: '42', email: 'ada@example.com', tenant: 'demo-community' }, token_expires_in_s: 120 });
  });

  test('refuses no token, another key, another issuer or audience, and an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const tokens = [
      null,
      await sign('another-key-another-key-another-key', {}),
      await sign(credentials.jwtKey, { iss: 'someone-else' }),
      await sign(credentials.jwtKey, { aud: 'another-api' }),
      await sign(credentials.jwtKey, { exp: past }),
    ];
    for (const token of tokens) {
      const answer = await call('/v1/partners/inventory', { headers: token === null ? {} : { Authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(401);
    }
  });
});

describe('tickets (POST, API key)', () => {
  const post = (body: string, key = credentials.apiKey) => call('/v1/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': key }, body });

  test('creates a ticket from the JSON the connector built', async () => {
    const answer = await post(JSON.stringify({ subject: 'Hinge', description: 'squeaks', reporter: { id: '42', email: 'ada@example.com' }, tenant: 'demo-community' }));
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ id: expect.stringMatching(/^T-\d+$/), status: 'open', subject: 'Hinge', description: 'squeaks', reporter: { id: '42', email: 'ada@example.com' }, tenant: 'demo-community' });
  });

  test('refuses a missing key, a body that is not JSON, a ticket without subject, and a huge body', async () => {
    expect((await post('{"subject":"x"}', 'wrong')).status).toBe(401);
    expect((await post('not json')).status).toBe(400);
    expect((await post('{"subject":"  "}')).status).toBe(400);
    expect((await post('[1]')).status).toBe(400);
    expect((await post(JSON.stringify({ subject: 'x'.repeat(70 * 1024) }))).status).toBe(413);
  });
});

describe('routing', () => {
  test('unknown paths are 404 and wrong methods 405', async () => {
    expect((await call('/v2/nothing')).status).toBe(404);
    expect((await call('/v1/catalog', { method: 'DELETE' })).status).toBe(405);
    expect((await call('/oauth/token')).status).toBe(405);
    // A path segment that does not decode is not a route.
    expect((await call('/v1/users/%E0%A4%A')).status).toBe(404);
  });

  test('close() ends a delayed answer instead of waiting for it', async () => {
    const own = await startDemoUpstream({ credentials, tls: readDemoTls(), port: 0 });
    const token = (
      await (await undiciFetch(`${own.url}/oauth/token`, { ...form({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }), dispatcher: agent })).json()
    ) as { access_token: string };
    const pending = undiciFetch(`${own.url}/v1/accounts/acc-slow/preferences`, {
      headers: { Authorization: `Bearer ${token.access_token}`, 'X-Account-Id': 'acc-slow' },
      dispatcher: agent,
    });
    const settled = pending.then(() => 'answered', () => 'connection closed');
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    await own.close();
    expect(await settled).toBe('connection closed');
    expect(performance.now() - started).toBeLessThan(SLOW_PREFERENCES_MS / 2);
  });
});
