// connectors.composite.execute: always POST to the composite route, the payload serialised as JSON.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WidgetServiceSDK } from '../../sdk/src/index.js';
import { type RecordingServer, startRecordingServer } from './support/recording-server.js';
import { untyped } from './support/untyped.js';

let server: RecordingServer;
let sdk: WidgetServiceSDK;
beforeAll(async () => {
  server = await startRecordingServer();
  sdk = new WidgetServiceSDK({ baseUrl: server.baseUrl, token: 'user-jwt' });
});
afterAll(() => server.close());

const last = () => server.requests.at(-1)!;

describe('connectors.composite.execute', () => {
  test('POSTs the payload as JSON to /api/connectors/composite/{permalink}', async () => {
    await sdk.connectors.composite.execute({ permalink: 'auth-and-fetch-user', payload: { user: { id: 7 }, note: 'zażółć' } });
    expect(last().method).toBe('POST');
    expect(last().url).toBe('/api/connectors/composite/auth-and-fetch-user');
    expect(last().headers['content-type']).toBe('application/json');
    expect(JSON.parse(last().body.toString('utf8'))).toEqual({ user: { id: 7 }, note: 'zażółć' });
    expect(last().headers.authorization).toBe('Bearer user-jwt');
  });

  test('appends query parameters', async () => {
    await sdk.connectors.composite.execute({ permalink: 'report', queryParams: { include: 'teams', page: 3, flag: ['a', 'b'] } });
    expect(last().url).toBe('/api/connectors/composite/report?include=teams&page=3&flag=a&flag=b');
  });

  test('without a payload nothing is sent as the body', async () => {
    await sdk.connectors.composite.execute({ permalink: 'report' });
    expect(last().method).toBe('POST');
    expect(last().body.length).toBe(0);
    expect(last().headers).not.toHaveProperty('content-type');
  });

  test('an empty object is sent as {}', async () => {
    await sdk.connectors.composite.execute({ permalink: 'report', payload: {} });
    expect(last().body.toString()).toBe('{}');
  });

  test('method POST may be spelled out; pathParams: undefined is the same as leaving it out', async () => {
    await untyped(sdk).composite.execute({ permalink: 'report', method: 'post', pathParams: undefined });
    expect(last().method).toBe('POST');
    expect(last().headers).not.toHaveProperty('x-path-params');
  });

  test('per-request headers are sent', async () => {
    await sdk.connectors.composite.execute({ permalink: 'report', headers: { 'X-Request-Id': 'r-1' } });
    expect(last().headers['x-request-id']).toBe('r-1');
  });

  test('a numeric id addresses a composite connector', async () => {
    await sdk.connectors.composite.execute({ permalink: '7' });
    expect(last().url).toBe('/api/connectors/composite/7');
  });
});
