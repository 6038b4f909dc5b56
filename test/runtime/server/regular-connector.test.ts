// Regular connectors through the real server: method, overridable headers and query parameters,
// path parameters, the caller's body, and what templates can (not) see of the caller.
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PyBytes } from '../../../runtime/template/py-values.js';
import { at, composite, header, query, regular, registryOf, text, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, respond, startUpstream, type EchoedRequest, type Upstream } from '../../support/upstream/index.js';

const USER_SECRET = 'regular-connector-user-token-secret';

/** `body_raw | base64_encode`: body_raw is Python bytes (PyBytes) since SPEC v2. */
function base64Of(value: unknown): string {
  return value instanceof PyBytes ? Buffer.from(value.bytes).toString('base64') : text(value);
}

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '*': echo(), '/csv': respond({ headers: { 'Content-Type': 'text/plain' }, body: 'a;b' }) } });
  const u = (path: string) => upstream.url(path);
  runtime = await startTestRuntime(
    registryOf(
      regular({
        permalink: 'search',
        id: 12,
        url: u('/search'),
        headers: [header('X-Api-Version', '1', true), header('X-Fixed', 'fixed'), header('Accept', 'application/json', true)],
        query: [query('limit', '50', true), query('q', tpl('{{ user.email }}', (v) => text(at(v, 'user', 'email')))), query('lang', 'en')],
      }),
      regular({
        permalink: 'user-posts',
        url: tpl('https://…/users/{{ pathParams.user_id }}/posts/{{ pathParams.slug }}', (v) =>
          u(`/users/${text(at(v, 'pathParams', 'user_id'))}/posts/${text(at(v, 'pathParams', 'slug'))}`),
        ),
        pathParams: ['user_id', 'slug'],
      }),
      regular({ permalink: 'forward', method: 'POST', url: u('/forward') }),
      regular({
        permalink: 'wrap',
        method: 'PUT',
        url: u('/wrap'),
        requestBody: tpl('{"text": "{{ body_text }}", "raw": "{{ body_raw | base64_encode }}"}', (v) => `{"text": "${text(at(v, 'body_text'))}", "raw": "${base64Of(at(v, 'body_raw'))}"}`),
      }),
      regular({ permalink: 'plain-body', method: 'PATCH', url: u('/plain'), requestBody: 'hello upstream' }),
      regular({ permalink: 'typed-body', method: 'POST', url: u('/typed'), requestBody: '{"a": 1}', headers: [header('Content-Type', 'application/vnd.custom+json')] }),
      regular({
        permalink: 'get-body-vars',
        url: u('/get'),
        headers: [header('X-Body-Text', tpl('{{ body_text }}', (v) => text(at(v, 'body_text'))))],
      }),
      regular({ permalink: 'delete-it', method: 'DELETE', url: u('/thing'), requestBody: 'ignored' }),
      regular({ permalink: 'head-it', method: 'HEAD', url: u('/head') }),
      regular({ permalink: 'csv', url: u('/csv'), responseContentType: 'text/csv; charset=utf-8' }),
      regular({
        permalink: 'whoami',
        url: u('/whoami'),
        headers: [
          header('X-User', tpl('{{ user.id }}|{{ user.email }}|{{ user.first_name }}', (v) => `${text(at(v, 'user', 'id'))}|${text(at(v, 'user', 'email'))}|${text(at(v, 'user', 'first_name'))}`)),
          header('X-Tenant', tpl('{{ tenant_id }}', (v) => text(at(v, 'tenant_id')))),
        ],
      }),
      composite({
        permalink: 'caller-view',
        steps: [
          {
            name: 'look',
            method: 'POST',
            url: u('/look'),
            headers: [
              header('X-Request-Headers', tpl('{{ request.headers.keys() | list }}', (v) => [...((at(v, 'request', 'headers') as Map<string, string>).keys())].join(','))),
              header('X-Content-Type', tpl("{{ request.headers['content-type'] }}", (v) => text(at(v, 'request', 'headers', 'content-type')))),
              header('X-Query', tpl('{{ request.query_parameters }}', (v) => JSON.stringify([...(at(v, 'request', 'query_parameters') as Map<string, string>)]))),
              header('X-Raw', tpl('{{ request.body_raw | base64_encode }}', (v) => base64Of(at(v, 'request', 'body_raw')))),
              header('X-Text', tpl('{{ request.body_text }}', (v) => text(at(v, 'request', 'body_text')))),
              // overridable on a composite step: the caller cannot change it
              header('X-Mode', 'configured', true),
            ],
          },
        ],
      }),
    ),
    { userToken: { kind: 'hmac', secret: USER_SECRET } },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

afterEach(async () => {
  // After every test, refusals included, the server still serves a plain request.
  const res = await runtime.call('/api/connectors/csv');
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('a;b');
});

async function echoed(res: Response): Promise<EchoedRequest> {
  expect(res.status).toBe(200);
  return (await res.json()) as EchoedRequest;
}

function userToken(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(USER_SECRET));
}

describe('overridable headers and query parameters', () => {
  it('sends configured values when the caller overrides nothing', async () => {
    const got = await echoed(await runtime.call('/api/connectors/search'));
    expect(got.headers['x-api-version']).toBe('1');
    expect(got.headers['x-fixed']).toBe('fixed');
    expect(got.query).toEqual([['limit', '50'], ['q', 'None'], ['lang', 'en']]);
  });

  it('lets the caller change only overridable entries, keeps non-overridable ones and forwards unconfigured query parameters', async () => {
    const got = await echoed(
      await runtime.call('/api/connectors/search?limit=10&q=injected&lang=de&extra=1', {
        headers: { 'X-Api-Version': '2', 'X-Fixed': 'changed', 'X-Unknown': 'dropped', Cookie: 'session=abc', Accept: 'text/csv' },
      }),
    );
    expect(got.headers['x-api-version']).toBe('2');
    expect(got.headers['accept']).toBe('text/csv');
    expect(got.headers['x-fixed']).toBe('fixed');
    expect(got.headers['x-unknown']).toBeUndefined();
    expect(got.headers['cookie']).toBeUndefined();
    expect(got.query).toEqual([['limit', '10'], ['q', 'None'], ['lang', 'en'], ['extra', '1']]);
  });

  it('never forwards the caller user token', async () => {
    const token = await userToken({ sub: 'u1', email: 'u1@example.com' });
    const got = await echoed(await runtime.call('/api/connectors/search', { headers: { Authorization: `Bearer ${token}` } }));
    expect(got.headers['authorization']).toBeUndefined();
    // identity reaches the upstream only through the non-overridable template
    expect(got.query).toContainEqual(['q', 'u1@example.com']);
  });

  it('is addressable by numeric id', async () => {
    expect((await echoed(await runtime.call('/api/connectors/12'))).path).toBe('/search');
  });
});

describe('path parameters', () => {
  it('puts X-Path-Params values into the URL path', async () => {
    const got = await echoed(await runtime.call('/api/connectors/user-posts', { headers: { 'X-Path-Params': 'user_id=42&slug=hello-world.v2' } }));
    expect(got.path).toBe('/users/42/posts/hello-world.v2');
  });

  it('answers 400 MISSING_PATH_PARAMETERS or INVALID_PATH_PARAMETERS without calling the upstream', async () => {
    const before = upstream.requests.length;
    const missing = await runtime.call('/api/connectors/user-posts', { headers: { 'X-Path-Params': 'user_id=42' } });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      success: false,
      errors: { scope: 'Request', message: 'Missing path parameters: slug', code: 'MISSING_PATH_PARAMETERS', params: ['slug'] },
      request_id: missing.headers.get('x-request-id'),
    });
    const traversal = await runtime.call('/api/connectors/user-posts', { headers: { 'X-Path-Params': 'user_id=..&slug=a' } });
    expect(traversal.status).toBe(400);
    expect(((await traversal.json()) as { errors: { code: string } }).errors.code).toBe('INVALID_PATH_PARAMETERS');
    const slash = await runtime.call('/api/connectors/user-posts', { headers: { 'X-Path-Params': 'user_id=1%2F2&slug=a' } });
    expect(slash.status).toBe(400);
    expect(upstream.requests.length).toBe(before);
  });
});

describe('request bodies', () => {
  it('forwards the caller payload as-is when request_body is empty', async () => {
    const payload = Buffer.from([0x00, 0xff, 0x10, 0x80]);
    const got = await echoed(await runtime.call('/api/connectors/forward', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: payload }));
    expect(Buffer.from(got.bodyBase64, 'base64')).toEqual(payload);
    expect(got.headers['content-type']).toBe('application/octet-stream');
  });

  it('exposes body_text (None when not UTF-8) and body_raw (bytes) to request_body', async () => {
    const textual = await echoed(await runtime.call('/api/connectors/wrap', { method: 'PUT', body: 'héllo' }));
    expect(JSON.parse(textual.body)).toEqual({ text: 'héllo', raw: Buffer.from('héllo').toString('base64') });
    expect(textual.headers['content-type']).toBe('application/json');
    const binary = await echoed(await runtime.call('/api/connectors/wrap', { method: 'PUT', body: new Uint8Array([0xff, 0x00]) }));
    expect(JSON.parse(binary.body)).toEqual({ text: 'None', raw: '/wA=' });
  });

  it('gives a text body text/plain and keeps a configured Content-Type', async () => {
    const plain = await echoed(await runtime.call('/api/connectors/plain-body', { method: 'PATCH' }));
    expect(plain.body).toBe('hello upstream');
    expect(plain.headers['content-type']).toBe('text/plain; charset=utf-8');
    const typed = await echoed(await runtime.call('/api/connectors/typed-body', { method: 'POST' }));
    expect(typed.headers['content-type']).toBe('application/vnd.custom+json');
    expect(typed.rawHeaders.filter(([name]) => name.toLowerCase() === 'content-type')).toHaveLength(1);
  });

  it('sends no body for GET and DELETE, and templates of a GET see body_text None', async () => {
    const get = await echoed(await runtime.call('/api/connectors/get-body-vars'));
    expect(get.headers['x-body-text']).toBe('None');
    expect(get.body).toBe('');
    const del = await echoed(await runtime.call('/api/connectors/delete-it', { method: 'DELETE' }));
    expect(del.method).toBe('DELETE');
    expect(del.body).toBe('');
  });
});

describe('responses', () => {
  it('answers HEAD with the upstream status and no body', async () => {
    const res = await runtime.call('/api/connectors/head-it', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(upstream.requests.at(-1)!.method).toBe('HEAD');
  });

  it('overrides the Content-Type with response_content_type', async () => {
    const res = await runtime.call('/api/connectors/csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await res.text()).toBe('a;b');
  });
});

describe('user context', () => {
  it('gives templates the verified claims and the tenant', async () => {
    const token = await userToken({ sub: 'u-9', email: 'nine@example.com', first_name: 'Nina', tenant_id: 'acme' });
    const got = await echoed(await runtime.call('/api/connectors/whoami', { headers: { Authorization: `Bearer ${token}` } }));
    expect(got.headers['x-user']).toBe('u-9|nine@example.com|Nina');
    expect(got.headers['x-tenant']).toBe('acme');
  });

  it('renders user fields as None for an anonymous caller (SPEC v2 §2)', async () => {
    const got = await echoed(await runtime.call('/api/connectors/whoami'));
    expect(got.headers['x-user']).toBe('None|None|None');
    expect(got.headers['x-tenant']).toBe('');
  });

  it('answers 401 to anonymous callers with --require-user', async () => {
    const strict = await startTestRuntime(registryOf(regular({ permalink: 'p', url: upstream.url('/p') })), {
      requireUser: true,
      userToken: { kind: 'hmac', secret: USER_SECRET },
    });
    try {
      const anonymous = await strict.call('/api/connectors/p');
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { errors: { scope: string } }).errors.scope).toBe('Request');
      const token = await userToken({ sub: 'u' });
      expect((await strict.call('/api/connectors/p', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('refuses any token when no user-token key is configured', async () => {
    const keyless = await startTestRuntime(registryOf(regular({ permalink: 'p', url: upstream.url('/p') })));
    try {
      const token = await userToken({ sub: 'u' });
      expect((await keyless.call('/api/connectors/p', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
      expect((await keyless.call('/api/connectors/p')).status).toBe(200);
    } finally {
      await keyless.close();
    }
  });
});

describe("the caller's headers and templates", () => {
  it('shows composite templates only the content type of the caller, and its query and body', async () => {
    const got = await echoed(
      await runtime.call('/api/connectors/composite/caller-view?x=1&x=2&y=3', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', 'X-Secret-Header': 'caller-only', Cookie: 'sid=1', 'X-Mode': 'caller', 'X-CSRFToken': 'csrf' },
        body: 'payload',
      }),
    );
    expect(got.headers['x-request-headers']).toBe('content-type');
    expect(got.headers['x-content-type']).toBe('text/plain');
    // a repeated query key keeps its last value
    expect(JSON.parse(got.headers['x-query']!)).toEqual([['x', '2'], ['y', '3']]);
    expect(got.headers['x-text']).toBe('payload');
    expect(got.headers['x-raw']).toBe(Buffer.from('payload').toString('base64'));
    expect(got.headers['x-mode']).toBe('configured');
    expect(got.headers['x-secret-header']).toBeUndefined();
    expect(got.headers['cookie']).toBeUndefined();
    expect(JSON.stringify(got)).not.toContain('caller-only');
  });

  it('gives None for an empty composite payload', async () => {
    const got = await echoed(await runtime.call('/api/connectors/composite/caller-view', { method: 'POST' }));
    expect(got.headers['x-text']).toBe('None');
    expect(got.headers['x-raw']).toBe('None');
    expect(got.headers['x-request-headers']).toBe('');
  });
});
