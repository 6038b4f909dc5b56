// What execute resolves with: parsed JSON for JSON content types, else the text.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConnectorError, SdkErrorScope, WidgetServiceSDK } from '../../sdk/src/index.js';
import { type RecordingServer, type ScriptedResponse, jsonResponse, startRecordingServer } from './support/recording-server.js';

let server: RecordingServer;
let sdk: WidgetServiceSDK;
beforeAll(async () => {
  server = await startRecordingServer();
  sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl });
});
afterAll(() => server.close());

function answer(response: ScriptedResponse): void {
  server.respondWith(() => response);
}

describe('success bodies', () => {
  test('JSON is parsed, for both kinds of connector', async () => {
    answer(jsonResponse(200, { temp: 21.5, tags: ['sun'], nested: { ok: true } }));
    const expected = { temp: 21.5, tags: ['sun'], nested: { ok: true } };
    expect(await sdk.connectors.execute({ permalink: 'weather-api', method: 'GET' })).toEqual(expected);
    expect(await sdk.connectors.composite.execute({ permalink: 'weather-report' })).toEqual(expected);
  });

  test.each(['application/json; charset=utf-8', 'application/problem+json', 'APPLICATION/JSON', 'application/vnd.api+json'])(
    'JSON is recognised from %s',
    async (contentType) => {
      answer({ status: 200, headers: { 'Content-Type': contentType }, body: '[1,2]' });
      expect(await sdk.connectors.execute({ permalink: 'a', method: 'GET' })).toEqual([1, 2]);
    },
  );

  test('other content types resolve with the text', async () => {
    answer({ status: 200, headers: { 'Content-Type': 'text/csv' }, body: 'a,b\n1,2\n' });
    expect(await sdk.connectors.execute({ permalink: 'export', method: 'GET' })).toBe('a,b\n1,2\n');
  });

  test('a JSON-looking body without a JSON content type stays text', async () => {
    answer({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: '{"a":1}' });
    expect(await sdk.connectors.execute({ permalink: 'a', method: 'GET' })).toBe('{"a":1}');
  });

  test('an empty JSON response (e.g. 204, HEAD) resolves with null', async () => {
    answer({ status: 204, headers: { 'Content-Type': 'application/json' } });
    expect(await sdk.connectors.execute({ permalink: 'a', method: 'DELETE' })).toBeNull();
    answer({ status: 200, headers: { 'Content-Type': 'application/json', 'Content-Length': '12' } });
    expect(await sdk.connectors.execute({ permalink: 'a', method: 'HEAD' })).toBeNull();
  });

  test('an empty non-JSON response resolves with ""', async () => {
    answer({ status: 204 });
    expect(await sdk.connectors.execute({ permalink: 'a', method: 'DELETE' })).toBe('');
  });

  test('a 2xx that claims JSON but is not rejects with scope Response', async () => {
    answer({ status: 200, headers: { 'Content-Type': 'application/json', 'X-Connector-Timing': '{"steps":[],"total_ms":3}' }, body: '{"truncated":' });
    const error = await sdk.connectors.execute({ permalink: 'a', method: 'GET' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ status: 200, scope: SdkErrorScope.Response, body: '{"truncated":', timing: { steps: [], total_ms: 3 } });
    expect((error as ConnectorError).message).toMatch(/not valid JSON/);
  });
});
