// connectors.execute puts each option where SPEC §5 says the runtime reads it.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { WidgetServiceSDK } from '../../sdk/src/index.js';
import { type RecordingServer, startRecordingServer } from './support/recording-server.js';
import { untyped } from './support/untyped.js';

let server: RecordingServer;
let sdk: WidgetServiceSDK;
beforeAll(async () => {
  server = await startRecordingServer();
  sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl });
});
afterAll(() => server.close());

const last = () => server.requests.at(-1)!;

describe('address and method', () => {
  test('GET {baseUrl}/api/connectors/{permalink}', async () => {
    await sdk.connectors.execute({ permalink: 'weather-api', method: 'GET' });
    expect(last().method).toBe('GET');
    expect(last().url).toBe('/api/connectors/weather-api');
  });

  test('a numeric id addresses a connector too', async () => {
    await sdk.connectors.execute({ permalink: '42', method: 'GET' });
    expect(last().url).toBe('/api/connectors/42');
  });

  test.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const)('%s is sent as the method', async (method) => {
    await sdk.connectors.execute({ permalink: 'any', method });
    expect(last().method).toBe(method);
  });

  test('a lower-case method from plain JavaScript is sent upper-case (fetch would send "patch" as is)', async () => {
    await untyped(sdk).execute({ permalink: 'any', method: 'patch', payload: { a: 1 } });
    expect(last().method).toBe('PATCH');
    expect(last().body.toString()).toBe('{"a":1}');
  });
});

describe('query parameters', () => {
  test('are appended, encoded like a form, arrays repeat the key, null and undefined are left out', async () => {
    await sdk.connectors.execute({
      permalink: 'search',
      method: 'GET',
      queryParams: { q: 'a b&c=d', page: 2, exact: false, tag: ['x', 'y/z'], skip: null, none: undefined },
    });
    expect(last().url).toBe('/api/connectors/search?q=a+b%26c%3Dd&page=2&exact=false&tag=x&tag=y%2Fz');
    const parsed = new URL(last().url, server.baseUrl).searchParams;
    expect(parsed.get('q')).toBe('a b&c=d');
    expect(parsed.getAll('tag')).toEqual(['x', 'y/z']);
  });

  test('an empty object adds no "?"', async () => {
    await sdk.connectors.execute({ permalink: 'search', method: 'GET', queryParams: {} });
    expect(last().url).toBe('/api/connectors/search');
  });
});

describe('path parameters', () => {
  test('travel in X-Path-Params, urlencoded like a query string', async () => {
    await sdk.connectors.execute({ permalink: 'user-posts', method: 'GET', pathParams: { user_id: 42, slug: 'a-b' } });
    expect(last().url).toBe('/api/connectors/user-posts');
    expect(last().headers['x-path-params']).toBe('user_id=42&slug=a-b');
  });

  test('values the runtime will refuse are still encoded faithfully (the runtime owns the value rule)', async () => {
    await sdk.connectors.execute({ permalink: 'user-posts', method: 'GET', pathParams: { id: 'a/b c&d' } });
    expect(new URLSearchParams(last().headers['x-path-params'] as string).get('id')).toBe('a/b c&d');
  });

  test('no header without path parameters', async () => {
    await sdk.connectors.execute({ permalink: 'user-posts', method: 'GET', pathParams: {} });
    expect(last().headers).not.toHaveProperty('x-path-params');
  });
});

describe('payload', () => {
  test('a plain object is sent as JSON with Content-Type application/json', async () => {
    await sdk.connectors.execute({ permalink: 'crm', method: 'POST', payload: { name: 'Monstera', size: 'M', tags: [1, null] } });
    expect(last().headers['content-type']).toBe('application/json');
    expect(JSON.parse(last().body.toString())).toEqual({ name: 'Monstera', size: 'M', tags: [1, null] });
  });

  test('an array is sent as JSON', async () => {
    await sdk.connectors.execute({ permalink: 'crm', method: 'PUT', payload: [{ id: 1 }, { id: 2 }] });
    expect(last().headers['content-type']).toBe('application/json');
    expect(last().body.toString()).toBe('[{"id":1},{"id":2}]');
  });

  test('an object without prototype is a plain object', async () => {
    const payload = Object.assign(Object.create(null) as object, { a: 1 });
    await sdk.connectors.execute({ permalink: 'crm', method: 'POST', payload });
    expect(last().body.toString()).toBe('{"a":1}');
  });

  test('a string is sent as it is', async () => {
    await sdk.connectors.execute({ permalink: 'crm', method: 'PATCH', payload: 'name=Monstera' });
    expect(last().body.toString()).toBe('name=Monstera');
    expect(last().headers['content-type']).toBe('text/plain;charset=UTF-8');
  });

  test("the caller's Content-Type wins over the SDK's JSON default", async () => {
    await sdk.connectors.execute({
      permalink: 'crm',
      method: 'POST',
      payload: { data: { type: 'contacts' } },
      headers: { 'content-type': 'application/vnd.api+json' },
    });
    expect(last().headers['content-type']).toBe('application/vnd.api+json');
    expect(last().body.toString()).toBe('{"data":{"type":"contacts"}}');
  });

  test('URLSearchParams are sent as a form', async () => {
    await sdk.connectors.execute({ permalink: 'crm', method: 'POST', payload: new URLSearchParams({ a: '1', b: 'x y' }) });
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(last().body.toString()).toBe('a=1&b=x+y');
  });

  test('a Blob is sent with its own type', async () => {
    await sdk.connectors.execute({ permalink: 'upload', method: 'PUT', payload: new Blob(['<p>hi</p>'], { type: 'text/html' }) });
    expect(last().headers['content-type']).toBe('text/html');
    expect(last().body.toString()).toBe('<p>hi</p>');
  });

  test('bytes (typed array, ArrayBuffer) are sent unchanged', async () => {
    const bytes = new Uint8Array([0, 255, 128, 10]);
    await sdk.connectors.execute({ permalink: 'upload', method: 'POST', payload: bytes });
    expect([...last().body]).toEqual([0, 255, 128, 10]);
    await sdk.connectors.execute({ permalink: 'upload', method: 'POST', payload: bytes.buffer });
    expect([...last().body]).toEqual([0, 255, 128, 10]);
  });

  test('FormData is sent as multipart', async () => {
    const form = new FormData();
    form.append('field', 'value');
    await sdk.connectors.execute({ permalink: 'upload', method: 'POST', payload: form });
    expect(last().headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(last().body.toString()).toContain('name="field"\r\n\r\nvalue');
  });

  test.each(['GET', 'DELETE', 'OPTIONS', 'HEAD'] as const)('is not sent with %s', async (method) => {
    await sdk.connectors.execute({ permalink: 'crm', method, payload: { ignored: true } });
    expect(last().body.length).toBe(0);
    expect(last().headers).not.toHaveProperty('content-type');
  });
});

describe('headers', () => {
  test('per-request headers are sent and replace default headers of the same name, whatever the case', async () => {
    const withDefaults = new WidgetServiceSDK({ baseUrl: server.baseUrl, headers: { 'X-Locale': 'en', 'X-Widget': 'w1' } });
    await withDefaults.connectors.execute({ permalink: 'a', method: 'GET', headers: { 'x-locale': 'pl', 'X-Request-Id': 'abc-123' } });
    expect(last().headers['x-locale']).toBe('pl');
    expect(last().headers['x-widget']).toBe('w1');
    expect(last().headers['x-request-id']).toBe('abc-123');
  });
});

describe('user token', () => {
  test('a fixed token is sent as a bearer token', async () => {
    const signedIn = new WidgetServiceSDK({ baseUrl: server.baseUrl, token: 'eyJ.user.token' });
    await signedIn.connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers.authorization).toBe('Bearer eyJ.user.token');
  });

  test('the token option is authoritative over an Authorization header', async () => {
    const signedIn = new WidgetServiceSDK({ baseUrl: server.baseUrl, token: 'real', headers: { Authorization: 'Bearer default' } });
    await signedIn.connectors.execute({ permalink: 'a', method: 'GET', headers: { authorization: 'Bearer per-request' } });
    expect(last().headers.authorization).toBe('Bearer real');
  });

  test('without a token an Authorization header of the caller passes through', async () => {
    await sdk.connectors.execute({ permalink: 'a', method: 'GET', headers: { Authorization: 'Bearer from-widget' } });
    expect(last().headers.authorization).toBe('Bearer from-widget');
  });

  test('getToken is called for every request, and may be async', async () => {
    let calls = 0;
    const refreshing = new WidgetServiceSDK({
      baseUrl: server.baseUrl,
      getToken: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return `token-${calls}`;
      },
    });
    await refreshing.connectors.execute({ permalink: 'a', method: 'GET' });
    await refreshing.connectors.composite.execute({ permalink: 'c' });
    expect(server.requests.slice(-2).map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  test('a synchronous getToken works', async () => {
    await new WidgetServiceSDK({ baseUrl: server.baseUrl, getToken: () => 'sync' }).connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers.authorization).toBe('Bearer sync');
  });

  test.each([null, undefined, ''])('getToken returning %j means anonymous', async (value) => {
    await new WidgetServiceSDK({ baseUrl: server.baseUrl, getToken: () => value }).connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers).not.toHaveProperty('authorization');
  });
});

describe('CSRF token', () => {
  const globals = globalThis as { document?: unknown };
  afterEach(() => {
    delete globals.document;
  });

  test('the csrfToken option is sent as X-CSRFToken', async () => {
    await new WidgetServiceSDK({ baseUrl: server.baseUrl, csrfToken: 'csrf-1' }).connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers['x-csrftoken']).toBe('csrf-1');
  });

  test("by default the page's #csrftoken element is read at each request", async () => {
    let token = 'from-page-1';
    globals.document = { getElementById: (id: string) => (id === 'csrftoken' ? { tagName: 'INPUT', value: token } : null) };
    const page = new WidgetServiceSDK({ baseUrl: server.baseUrl });
    await page.connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers['x-csrftoken']).toBe('from-page-1');
    token = 'rotated';
    await page.connectors.composite.execute({ permalink: 'c' });
    expect(last().headers['x-csrftoken']).toBe('rotated');
  });

  test('an explicit csrfToken wins over the page, and an empty one sends none', async () => {
    globals.document = { getElementById: () => ({ tagName: 'INPUT', value: 'from-page' }) };
    await new WidgetServiceSDK({ baseUrl: server.baseUrl, csrfToken: 'explicit' }).connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers['x-csrftoken']).toBe('explicit');
    await new WidgetServiceSDK({ baseUrl: server.baseUrl, csrfToken: '' }).connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers).not.toHaveProperty('x-csrftoken');
  });

  test('a page token a header cannot carry is skipped rather than breaking every call', async () => {
    globals.document = { getElementById: () => ({ tagName: 'DIV', textContent: 'bad\ntoken' }) };
    await sdk.connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers).not.toHaveProperty('x-csrftoken');
  });

  test('the CSRF token cannot be replaced through headers', async () => {
    await new WidgetServiceSDK({ baseUrl: server.baseUrl, csrfToken: 'real' }).connectors.execute({
      permalink: 'a',
      method: 'GET',
      headers: { 'X-CSRFToken': 'forged' },
    });
    expect(last().headers['x-csrftoken']).toBe('real');
  });

  test('without a page and without the option no X-CSRFToken is sent', async () => {
    await sdk.connectors.execute({ permalink: 'a', method: 'GET' });
    expect(last().headers).not.toHaveProperty('x-csrftoken');
  });
});
