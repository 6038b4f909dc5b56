// `new WidgetServiceSDK(config)` checks its config once, synchronously, and applies it to every call.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConnectorBoundaryError, ConnectorError, WidgetServiceSDK } from '../../sdk/src/index.js';
import { type RecordingServer, startRecordingServer } from './support/recording-server.js';
import { constructUntyped } from './support/untyped.js';

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

describe('invalid config is a ConnectorBoundaryError from the constructor', () => {
  test.each<[string, unknown, string, RegExp]>([
    ['a string config', 'https://conduit.example', 'config', /must be an object, got a string/],
    ['null config', null, 'config', /got null/],
    ['an unknown option', { baseURL: 'https://x.example' }, 'config.baseURL', /is not an option \(options: baseUrl, token/],
    ['a non-string baseUrl', { baseUrl: 8080 }, 'config.baseUrl', /must be a string, got a number/],
    ['a baseUrl with another scheme', { baseUrl: 'ftp://files.example' }, 'config.baseUrl', /http\(s\) URL/],
    ['a baseUrl without scheme', { baseUrl: 'conduit.example:8080' }, 'config.baseUrl', /http\(s\) URL/],
    ['a baseUrl with a query', { baseUrl: 'https://conduit.example/?tenant=1' }, 'config.baseUrl', /without query or fragment/],
    ['a baseUrl with a space', { baseUrl: 'https://conduit.example/a b' }, 'config.baseUrl', /http\(s\) URL/],
    ['both token and getToken', { token: 'a', getToken: () => 'b' }, 'config.token', /either token or getToken, not both/],
    ['a non-string token', { token: 42 }, 'config.token', /must be a string, got a number/],
    ['a token with a line break', { token: 'abc\r\nX-Evil: 1' }, 'config.token', /line breaks/],
    ['a getToken that is not a function', { getToken: 'abc' }, 'config.getToken', /must be a function, got a string/],
    ['a non-string csrfToken', { csrfToken: 1 }, 'config.csrfToken', /must be a string/],
    ['a csrfToken with a line break', { csrfToken: 'a\nb' }, 'config.csrfToken', /line breaks/],
    ['headers that are not an object', { headers: [['X-A', '1']] }, 'config.headers', /got an array/],
    ['an invalid default header name', { headers: { 'X A': '1' } }, 'config.headers.X A', /not a valid header name/],
    ['a default header with a line break', { headers: { 'X-A': '1\n2' } }, 'config.headers.X-A', /line breaks/],
    ['X-Path-Params as a default header', { headers: { 'X-Path-Params': 'a=1' } }, 'config.headers.X-Path-Params', /pathParams/],
    ['a zero timeout', { timeout: 0 }, 'config.timeout', /between 1 and 2147483647, got 0/],
    ['a negative timeout', { timeout: -5 }, 'config.timeout', /got -5/],
    ['a NaN timeout', { timeout: Number.NaN }, 'config.timeout', /got NaN/],
    ['a string timeout', { timeout: '1000' }, 'config.timeout', /got a string/],
    ['a timeout beyond setTimeout', { timeout: 2 ** 31 }, 'config.timeout', /between 1 and 2147483647/],
  ])('%s', (_name, config, field, message) => {
    let thrown: unknown;
    try {
      constructUntyped(WidgetServiceSDK, config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConnectorBoundaryError);
    expect((thrown as ConnectorBoundaryError).field).toBe(field);
    expect((thrown as ConnectorBoundaryError).message).toMatch(message);
  });
});

describe('valid config', () => {
  test('no config at all is valid', () => {
    expect(new WidgetServiceSDK().connectors.execute).toBeTypeOf('function');
  });

  test('trailing slashes of baseUrl are dropped and a path prefix is kept', async () => {
    const sdk = new WidgetServiceSDK({ baseUrl: `${server.baseUrl}/conduit//` });
    await sdk.connectors.execute({ permalink: 'weather-api', method: 'GET' });
    expect(server.requests.at(-1)!.url).toBe('/conduit/api/connectors/weather-api');
  });

  test('default headers go with every request of both kinds', async () => {
    const sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl, headers: { 'X-Widget': 'plants', 'X-Skipped': undefined } });
    await sdk.connectors.execute({ permalink: 'a', method: 'GET' });
    await sdk.connectors.composite.execute({ permalink: 'c' });
    for (const request of server.requests.slice(-2)) {
      expect(request.headers['x-widget']).toBe('plants');
      expect(request.headers).not.toHaveProperty('x-skipped');
    }
  });

  test('an empty token means an anonymous call (no Authorization)', async () => {
    const sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl, token: '' });
    await sdk.connectors.execute({ permalink: 'a', method: 'GET' });
    expect(server.requests.at(-1)!.headers).not.toHaveProperty('authorization');
  });

  test('the timeout option replaces the 30 s default', async () => {
    server.respondWith(() => ({ status: 200, body: 'late', delayMs: 400 }));
    try {
      const sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl, timeout: 50 });
      const error = await sdk.connectors.execute({ permalink: 'slow', method: 'GET' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).message).toBe('No response within 50 ms');
    } finally {
      server.respondWith(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok": true}' }));
    }
  });

  test('destructured execute functions keep working', async () => {
    const { execute, composite } = new WidgetServiceSDK({ baseUrl: server.baseUrl }).connectors;
    await execute({ permalink: 'a', method: 'GET' });
    await composite.execute({ permalink: 'c' });
    expect(server.requests.slice(-2).map((r) => r.url)).toEqual(['/api/connectors/a', '/api/connectors/composite/c']);
  });
});

describe("the reference client's methods on sdk.connectors (SPEC §6)", () => {
  test('configure, updateHeaders and setDefaultTimeout change later requests; the getters report the settings', async () => {
    server.respondWith(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok": true}' }));
    const sdk = new WidgetServiceSDK({ baseUrl: `${server.baseUrl}/`, headers: { 'X-Widget': 'plants' } });
    expect(sdk.connectors.getBaseUrl()).toBe(server.baseUrl);
    expect(sdk.connectors.getDefaultTimeout()).toBe(30_000);
    expect(sdk.connectors.getHeaders()).toEqual({ 'X-Widget': 'plants' });

    sdk.connectors.updateHeaders({ 'x-widget': 'trees', 'X-Locale': 'de' });
    expect(sdk.connectors.getHeaders()).toEqual({ 'x-widget': 'trees', 'X-Locale': 'de' });
    sdk.connectors.setDefaultTimeout(5_000);
    expect(sdk.connectors.getDefaultTimeout()).toBe(5_000);
    await sdk.connectors.execute({ permalink: 'a', method: 'GET' });
    expect(server.requests.at(-1)!.headers).toMatchObject({ 'x-widget': 'trees', 'x-locale': 'de' });

    sdk.connectors.configure({ csrfToken: 'csrf-1', headers: { 'X-Only': '1' }, timeout: 1_000 });
    expect(sdk.connectors.getHeaders()).toEqual({ 'X-Only': '1' });
    expect(sdk.connectors.getDefaultTimeout()).toBe(1_000);
    await sdk.connectors.execute({ permalink: 'a', method: 'GET' });
    const sent = server.requests.at(-1)!.headers;
    expect(sent['x-only']).toBe('1');
    expect(sent['x-csrftoken']).toBe('csrf-1');
    expect(sent).not.toHaveProperty('x-widget');
  });

  test('the new default timeout applies to the next request', async () => {
    server.respondWith(() => ({ status: 200, delayMs: 2_000, body: '{}' }));
    const sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl });
    sdk.connectors.setDefaultTimeout(50);
    const error = await sdk.connectors.execute({ permalink: 'slow', method: 'GET' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).scope).toBe('Timeout');
  });

  test('bad settings are ConnectorBoundaryErrors and change nothing', () => {
    const sdk = new WidgetServiceSDK({ headers: { 'X-A': '1' } });
    expect(() => sdk.connectors.setDefaultTimeout(0)).toThrow(ConnectorBoundaryError);
    expect(() => sdk.connectors.updateHeaders({ 'X B': '1' })).toThrow(ConnectorBoundaryError);
    expect(() => sdk.connectors.configure({ timeout: -1, headers: { 'X-C': '1' } })).toThrow(ConnectorBoundaryError);
    expect(() => sdk.connectors.configure({ timeOut: 5 } as never)).toThrow(/is not a setting/);
    expect(sdk.connectors.getHeaders()).toEqual({ 'X-A': '1' });
    expect(sdk.connectors.getDefaultTimeout()).toBe(30_000);
  });
});
