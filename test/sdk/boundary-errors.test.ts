// Every invalid input is a ConnectorBoundaryError thrown synchronously by execute (not a rejected
// promise), and no request leaves for it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConnectorBoundaryError, WidgetServiceSDK } from '../../sdk/src/index.js';
import { type RecordingServer, startRecordingServer } from './support/recording-server.js';
import { type UntypedConnectors, untyped } from './support/untyped.js';

let server: RecordingServer;
let connectors: UntypedConnectors;

beforeAll(async () => {
  server = await startRecordingServer();
  connectors = untyped(new WidgetServiceSDK({ baseUrl: server.baseUrl }));
});
afterAll(() => server.close());

function thrownBy(call: () => unknown): unknown {
  try {
    const result = call();
    // Returning at all (even a rejected promise) is the failure this suite guards against.
    if (result instanceof Promise) result.catch(() => undefined);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The call throws synchronously with `field`, and the only request the server then sees is a later valid one. */
async function expectRefused(call: () => unknown, field: string, message?: RegExp): Promise<void> {
  const before = server.requests.length;
  const error = thrownBy(call);
  expect(error).toBeInstanceOf(ConnectorBoundaryError);
  const boundary = error as ConnectorBoundaryError;
  expect(boundary.field).toBe(field);
  expect(boundary.name).toBe('ConnectorBoundaryError');
  expect(boundary.message.startsWith(`${field}: `)).toBe(true);
  if (message !== undefined) expect(boundary.message).toMatch(message);
  await connectors.execute({ permalink: 'probe', method: 'GET' });
  expect(server.requests.map((r) => r.url).slice(before)).toEqual(['/api/connectors/probe']);
}

const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;

describe('connectors.execute refuses before sending', () => {
  test.each<[string, unknown, string, RegExp?]>([
    ['no options', undefined, 'options', /takes an options object, got undefined/],
    ['a string instead of options', 'weather-api', 'options', /got a string/],
    ['an array instead of options', [{ permalink: 'a' }], 'options', /got an array/],
    ['an unknown option (typo)', { permalink: 'a', method: 'GET', queryparams: {} }, 'queryparams', /not an option of connectors\.execute/],
    ['a missing permalink', { method: 'GET' }, 'permalink', /is required/],
    ['a numeric permalink', { permalink: 42, method: 'GET' }, 'permalink', /must be a string, got a number/],
    ['an empty permalink', { permalink: '', method: 'GET' }, 'permalink', /is not a permalink/],
    ['a permalink with upper case and spaces', { permalink: 'Weather API', method: 'GET' }, 'permalink', /is not a permalink/],
    ['a permalink that walks the path', { permalink: '../admin', method: 'GET' }, 'permalink', /is not a permalink/],
    ['a permalink with a double hyphen', { permalink: 'a--b', method: 'GET' }, 'permalink', /is not a permalink/],
    ['a missing method', { permalink: 'a' }, 'method', /is required \(one of GET, POST/],
    ['an unknown method', { permalink: 'a', method: 'FETCH' }, 'method', /must be one of .* got "FETCH"/],
    ['a non-string method', { permalink: 'a', method: 1 }, 'method', /got a number/],
    ['a number payload', { permalink: 'a', method: 'POST', payload: 5 }, 'payload', /got a number/],
    ['a null payload', { permalink: 'a', method: 'POST', payload: null }, 'payload', /got null/],
    ['a function payload', { permalink: 'a', method: 'POST', payload: () => 1 }, 'payload', /got a function/],
    ['a Date payload', { permalink: 'a', method: 'POST', payload: new Date(0) }, 'payload', /got a Date/],
    ['a Map payload', { permalink: 'a', method: 'PUT', payload: new Map() }, 'payload', /got a Map/],
    ['a cyclic payload', { permalink: 'a', method: 'POST', payload: cyclic }, 'payload', /cannot be serialised as JSON/],
    ['a BigInt in the payload', { permalink: 'a', method: 'PATCH', payload: { n: 1n } }, 'payload', /cannot be serialised as JSON/],
    ['an invalid payload even with GET (never sent, still a bug)', { permalink: 'a', method: 'GET', payload: 5 }, 'payload'],
    ['a query string instead of queryParams', { permalink: 'a', method: 'GET', queryParams: 'q=1' }, 'queryParams', /got a string/],
    ['an array as queryParams', { permalink: 'a', method: 'GET', queryParams: ['q'] }, 'queryParams', /got an array/],
    ['an object query value', { permalink: 'a', method: 'GET', queryParams: { q: { a: 1 } } }, 'queryParams.q', /got an object/],
    ['a NaN query value', { permalink: 'a', method: 'GET', queryParams: { page: Number.NaN } }, 'queryParams.page', /finite number, got NaN/],
    ['an Infinity query value', { permalink: 'a', method: 'GET', queryParams: { page: Infinity } }, 'queryParams.page', /finite number/],
    ['an invalid query array item', { permalink: 'a', method: 'GET', queryParams: { tag: ['a', null] } }, 'queryParams.tag[1]', /got null/],
    ['an empty query parameter name', { permalink: 'a', method: 'GET', queryParams: { '': 'x' } }, 'queryParams[""]', /must not be empty/],
    ['pathParams that are not an object', { permalink: 'a', method: 'GET', pathParams: 'user_id=1' }, 'pathParams', /got a string/],
    ['an empty path parameter name', { permalink: 'a', method: 'GET', pathParams: { '': 'x' } }, 'pathParams[""]', /must not be empty/],
    ['a whitespace path parameter name', { permalink: 'a', method: 'GET', pathParams: { '  ': 'x' } }, 'pathParams["  "]', /must not be empty/],
    ['a boolean path parameter', { permalink: 'a', method: 'GET', pathParams: { id: true } }, 'pathParams.id', /string or a number, got a boolean/],
    ['a null path parameter', { permalink: 'a', method: 'GET', pathParams: { id: null } }, 'pathParams.id', /got null/],
    ['an undefined path parameter', { permalink: 'a', method: 'GET', pathParams: { id: undefined } }, 'pathParams.id', /got undefined/],
    ['an array path parameter', { permalink: 'a', method: 'GET', pathParams: { id: [1] } }, 'pathParams.id', /got an array/],
    ['an object path parameter', { permalink: 'a', method: 'GET', pathParams: { id: { v: 1 } } }, 'pathParams.id', /got an object/],
    ['a NaN path parameter', { permalink: 'a', method: 'GET', pathParams: { id: Number.NaN } }, 'pathParams.id', /finite number/],
    ['path parameters too long for a header', { permalink: 'a', method: 'GET', pathParams: { id: 'x'.repeat(4094) } }, 'pathParams', /more than the 4096/],
    ['headers that are not an object', { permalink: 'a', method: 'GET', headers: 'X-A: 1' }, 'headers', /got a string/],
    ['an invalid header name', { permalink: 'a', method: 'GET', headers: { 'Bad Header': 'x' } }, 'headers.Bad Header', /not a valid header name/],
    ['a number header value', { permalink: 'a', method: 'GET', headers: { 'X-Page': 2 } }, 'headers.X-Page', /must be a string, got a number/],
    ['a header value with a line break', { permalink: 'a', method: 'GET', headers: { 'X-A': 'a\r\nX-Evil: 1' } }, 'headers.X-A', /line breaks/],
    ['a header value beyond Latin-1', { permalink: 'a', method: 'GET', headers: { 'X-Name': 'Łukasz' } }, 'headers.X-Name', /above U\+00FF/],
    ['X-Path-Params set by hand', { permalink: 'a', method: 'GET', headers: { 'x-path-params': 'id=1' } }, 'headers.x-path-params', /pass path parameters as pathParams/],
    ['a signal that is not an AbortSignal', { permalink: 'a', method: 'GET', signal: {} }, 'signal', /must be an AbortSignal/],
  ])('%s', async (_name, options, field, message) => {
    await expectRefused(() => connectors.execute(options), field, message);
  });

  test('a path parameter just under the header limit is sent', async () => {
    await connectors.execute({ permalink: 'a', method: 'GET', pathParams: { id: 'x'.repeat(4093) } });
    expect(server.requests.at(-1)!.headers['x-path-params']).toBe(`id=${'x'.repeat(4093)}`);
  });

  test('a relative baseUrl outside a browser page', async () => {
    const relative = untyped(new WidgetServiceSDK({ baseUrl: '/conduit' }));
    await expectRefused(() => relative.execute({ permalink: 'a', method: 'GET' }), 'config.baseUrl', /absolute http\(s\) URL outside a browser/);
  });
});

describe('connectors.composite.execute refuses before sending', () => {
  test.each<[string, unknown, string, RegExp?]>([
    ['no options', undefined, 'options', /connectors\.composite\.execute takes an options object/],
    ['a string payload', { permalink: 'c', payload: '{"a":1}' }, 'payload', /not a string: the SDK serialises it/],
    ['an array payload', { permalink: 'c', payload: [1, 2] }, 'payload', /must be a plain object, got an array/],
    ['a Date payload', { permalink: 'c', payload: new Date(0) }, 'payload', /got a Date/],
    ['a Blob payload', { permalink: 'c', payload: new Blob(['x']) }, 'payload', /got a Blob/],
    ['a null payload', { permalink: 'c', payload: null }, 'payload', /got null/],
    ['a cyclic payload', { permalink: 'c', payload: cyclic }, 'payload', /cannot be serialised as JSON/],
    ['pathParams', { permalink: 'c', pathParams: { id: 1 } }, 'pathParams', /composite connectors take no path parameters/],
    ['an empty pathParams object', { permalink: 'c', pathParams: {} }, 'pathParams', /take no path parameters/],
    ['a method other than POST', { permalink: 'c', method: 'GET' }, 'method', /always called with POST/],
    ['a non-string method', { permalink: 'c', method: 1 }, 'method', /always called with POST/],
    ['an unknown option', { permalink: 'c', body: {} }, 'body', /not an option of connectors\.composite\.execute/],
    ['a missing permalink', {}, 'permalink', /is required/],
    ['an invalid permalink', { permalink: 'Auth And Fetch' }, 'permalink', /is not a permalink/],
    ['invalid queryParams', { permalink: 'c', queryParams: { q: () => 1 } }, 'queryParams.q', /got a function/],
    ['invalid headers', { permalink: 'c', headers: { 'X-A': 1 } }, 'headers.X-A', /must be a string/],
    ['an invalid signal', { permalink: 'c', signal: 'stop' }, 'signal', /must be an AbortSignal/],
  ])('%s', async (_name, options, field, message) => {
    await expectRefused(() => connectors.composite.execute(options), field, message);
  });
});
