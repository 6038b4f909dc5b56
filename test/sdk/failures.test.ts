// Every failure rejects with ConnectorError — the same for connectors.execute and
// connectors.composite.execute: the runtime's envelope, a non-envelope error, network, timeout,
// abort and user-token failures.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConnectorError, SdkErrorScope, WidgetServiceSDK } from '../../sdk/src/index.js';
import { type RecordingServer, type ScriptedResponse, jsonResponse, startRecordingServer } from './support/recording-server.js';

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

type Call = (sdk: WidgetServiceSDK) => Promise<unknown>;
const kinds: [string, Call][] = [
  ['connectors.execute', (sdk) => sdk.connectors.execute({ permalink: 'weather-api', method: 'GET' })],
  ['connectors.composite.execute', (sdk) => sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-user', payload: { id: 1 } })],
];

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: value }),
    (error: unknown) => ({ rejected: error }),
  );
  if (!('rejected' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  expect(outcome.rejected).toBeInstanceOf(ConnectorError);
  expect(outcome.rejected).toBeInstanceOf(Error);
  expect((outcome.rejected as ConnectorError).name).toBe('ConnectorError');
  return outcome.rejected as ConnectorError;
}

function answer(response: ScriptedResponse): void {
  server.respondWith(() => response);
}

const timing = {
  steps: [
    { name: 'auth', index: 0, status_code: 200, duration_ms: 12.5 },
    { name: 'fetch-user', index: 1, status_code: 503, duration_ms: 40 },
  ],
  total_ms: 53.1,
};
const stepScope = "Composite step 'fetch-user' (index 1): Downstream (HTTP error)";

describe.each(kinds)('%s', (kind, call) => {
  test('the error envelope gives status, scope, message and timing', async () => {
    answer(jsonResponse(502, { errors: { scope: stepScope, message: 'Upstream answered 503' } }, { 'X-Connector-Timing': JSON.stringify(timing) }));
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect(error.status).toBe(502);
    expect(error.scope).toBe(stepScope);
    expect(error.message).toBe('Upstream answered 503');
    expect(error.timing).toEqual(timing);
    expect(error.body).toEqual({ errors: { scope: stepScope, message: 'Upstream answered 503' } });
  });

  test('the v2 envelope gives code, params, detail and requestId too', async () => {
    const envelope = {
      success: false,
      errors: { scope: 'Request', message: 'Missing path parameters: id', code: 'MISSING_PATH_PARAMETERS', params: ['id'], detail: { step: 'a', index: 0 } },
      request_id: 'req-42',
    };
    answer(jsonResponse(400, envelope, { 'X-Request-ID': 'req-42' }));
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect({ status: error.status, scope: error.scope, code: error.code, params: error.params, detail: error.detail, requestId: error.requestId, message: error.message }).toEqual({
      status: 400,
      scope: 'Request',
      code: 'MISSING_PATH_PARAMETERS',
      params: ['id'],
      detail: { step: 'a', index: 0 },
      requestId: 'req-42',
      message: 'Missing path parameters: id',
    });
  });

  test("understands the reference's legacy envelope {failure_scope, reason, request_id}", async () => {
    answer(jsonResponse(502, { failure_scope: 'Downstream (HTTP error)', reason: 'Upstream answered 500', request_id: 'legacy-1' }));
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect({ scope: error.scope, message: error.message, requestId: error.requestId, code: error.code }).toEqual({
      scope: 'Downstream (HTTP error)',
      message: 'Upstream answered 500',
      requestId: 'legacy-1',
      code: undefined,
    });
  });

  test('a non-envelope error body is attached, with the X-Request-ID header as requestId', async () => {
    answer(jsonResponse(404, { error: 'no such order' }, { 'X-Request-ID': 'hdr-7' }));
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect({ status: error.status, scope: error.scope, body: error.body, requestId: error.requestId }).toEqual({
      status: 404,
      scope: SdkErrorScope.Http,
      body: { error: 'no such order' },
      requestId: 'hdr-7',
    });
  });

  test.each([
    [404, 'Request', 'Unknown connector'],
    [405, 'Request', 'Method not allowed'],
    [401, 'Request', 'Invalid user token'],
    [413, 'Request', 'Body too large'],
    [422, 'Configuration (template rendering)', "'dict object' has no attribute 'x'"],
    [500, 'Unexpected error', 'Unexpected error'],
  ])('an envelope with status %i keeps its scope', async (status, scope, message) => {
    answer(jsonResponse(status, { errors: { scope, message } }));
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect({ status: error.status, scope: error.scope, message: error.message, timing: error.timing }).toEqual({ status, scope, message, timing: undefined });
  });

  test('an envelope with only a scope gets an HTTP message', async () => {
    answer(jsonResponse(400, { errors: { scope: 'Request' } }));
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect(error).toMatchObject({ status: 400, scope: 'Request', message: 'HTTP 400 Bad Request' });
  });

  test('a non-envelope error page rejects with scope HTTP and keeps the body', async () => {
    answer({ status: 503, headers: { 'Content-Type': 'text/html' }, body: '<h1>Service Unavailable</h1>' });
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect(error.status).toBe(503);
    expect(error.scope).toBe(SdkErrorScope.Http);
    expect(error.message).toBe('HTTP 503 Service Unavailable (the response is not a connector error envelope)');
    expect(error.body).toBe('<h1>Service Unavailable</h1>');
  });

  test('JSON that is not an envelope rejects with scope HTTP and the parsed body', async () => {
    answer(jsonResponse(500, { error: 'boom', errors: ['not', 'an', 'object'] }));
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect(error).toMatchObject({ status: 500, scope: SdkErrorScope.Http, body: { error: 'boom', errors: ['not', 'an', 'object'] } });
  });

  test('a malformed X-Connector-Timing is left out rather than failing', async () => {
    answer(jsonResponse(502, { errors: { scope: 'Downstream (HTTP error)', message: 'm' } }, { 'X-Connector-Timing': '{"steps": "nope"' }));
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl })));
    expect(error.scope).toBe('Downstream (HTTP error)');
    expect(error.timing).toBeUndefined();
  });

  test('a refused connection rejects with status 0 and scope Network', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: `http://127.0.0.1:${closedPort}` })));
    expect(error.status).toBe(0);
    expect(error.scope).toBe(SdkErrorScope.Network);
    expect(error.message).toMatch(/^Network error: /);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  test('no response headers within the timeout rejects with status 0 and scope Timeout', async () => {
    answer({ ...jsonResponse(200, { late: true }), delayMs: 1_000 });
    const started = Date.now();
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl, timeout: 80 })));
    expect(error).toMatchObject({ status: 0, scope: SdkErrorScope.Timeout, message: 'No response within 80 ms' });
    expect(Date.now() - started).toBeLessThan(900);
  });

  test('a body that does not finish within the timeout also times out', async () => {
    answer({ ...jsonResponse(200, { late: true }), bodyDelayMs: 1_000 });
    const error = await rejection(call(new WidgetServiceSDK({ baseUrl: server.baseUrl, timeout: 80 })));
    expect(error).toMatchObject({ status: 0, scope: SdkErrorScope.Timeout });
  });

  test('a getToken that never settles is bounded by the timeout', async () => {
    answer(jsonResponse(200, {}));
    const before = server.requests.length;
    const sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl, timeout: 60, getToken: () => new Promise<string>(() => undefined) });
    const error = await rejection(call(sdk));
    expect(error).toMatchObject({ status: 0, scope: SdkErrorScope.Timeout });
    expect(server.requests.length).toBe(before);
  });

  test("the caller's AbortSignal rejects with status 0 and scope Aborted", async () => {
    answer({ ...jsonResponse(200, {}), delayMs: 1_000 });
    const controller = new AbortController();
    const sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl });
    const pending = kind === 'connectors.execute'
      ? sdk.connectors.execute({ permalink: 'weather-api', method: 'GET', signal: controller.signal })
      : sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-user', signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await rejection(pending);
    expect(error).toMatchObject({ status: 0, scope: SdkErrorScope.Aborted, message: 'The request was aborted' });
  });

  test('an already aborted signal sends nothing', async () => {
    answer(jsonResponse(200, {}));
    const before = server.requests.length;
    const sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl });
    const signal = AbortSignal.abort();
    const pending = kind === 'connectors.execute'
      ? sdk.connectors.execute({ permalink: 'weather-api', method: 'GET', signal })
      : sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-user', signal });
    expect(await rejection(pending)).toMatchObject({ status: 0, scope: SdkErrorScope.Aborted });
    expect(server.requests.length).toBe(before);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['throws', () => { throw new Error('session expired'); }, /^getToken failed: session expired$/],
    ['rejects', () => Promise.reject(new Error('refresh failed')), /^getToken failed: refresh failed$/],
    ['returns a number', () => 42, /^getToken must return a string, got number$/],
    ['returns a token with a line break', () => 'abc\r\nX-Evil: 1', /characters a header cannot carry/],
  ])('a getToken that %s rejects with scope Token and sends nothing', async (_name, getToken, message) => {
    answer(jsonResponse(200, {}));
    const before = server.requests.length;
    const sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl, getToken: getToken as () => string });
    const error = await rejection(call(sdk));
    expect(error).toMatchObject({ status: 0, scope: SdkErrorScope.Token });
    expect(error.message).toMatch(message);
    expect(server.requests.length).toBe(before);
  });
});
