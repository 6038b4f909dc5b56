// SPEC v2 §6 (widget SDK), conformance against the real runtime: a widget written for the
// reference SDK's documented error handling reads status, scope, code, params, detail, message,
// requestId, body and timing from what Conduit answers; a regular connector's upstream error
// rejects with the upstream body attached. (The browser build runs in Chromium in
// test/browser/demo-widgets.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, WidgetServiceSDK } from '../../sdk/src/index.js';
import { composite, regular, registryOf, tpl, at, text } from '../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime/start-runtime.js';
import { json, startUpstream, type Upstream } from '../support/upstream/index.js';

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '/ok': json({ ok: true }), '/gone': json({ message: 'order 9 was deleted' }, { status: 410 }) } });
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'gone', url: upstream.url('/gone') }),
      regular({ permalink: 'item', url: tpl('{{ pathParams.id }}', (v) => upstream.url(`/ok?id=${text(at(v, 'pathParams', 'id'))}`)), pathParams: ['id'] }),
      composite({ permalink: 'chain', steps: [{ name: 'first', url: upstream.url('/ok') }, { name: 'second', url: upstream.url('/gone') }] }),
    ),
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('SPEC §6 widget SDK against the runtime', () => {
  it('a regular connector non-2xx: status and the upstream body, request id from the header', async () => {
    const sdk = new WidgetServiceSDK({ baseUrl: runtime.url });
    const error = await rejection(sdk.connectors.execute({ permalink: 'gone', method: 'GET' }));
    expect(error.status).toBe(410);
    expect(error.body).toEqual({ message: 'order 9 was deleted' });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.timing).toMatchObject({ request_id: error.requestId, external_host: '127.0.0.1' });
    expect(error.timing!.internal_ms! + error.timing!.external_ms!).toBeCloseTo(error.timing!.total_ms, 1);
  });

  it('a request-level refusal: code and params', async () => {
    const sdk = new WidgetServiceSDK({ baseUrl: runtime.url });
    const error = await rejection(sdk.connectors.execute({ permalink: 'item', method: 'GET', pathParams: { id: '..' } }));
    expect({ status: error.status, scope: error.scope, code: error.code, params: error.params }).toEqual({ status: 400, scope: 'Request', code: 'INVALID_PATH_PARAMETERS', params: ['id'] });
    expect(error.message).toMatch(/^Invalid path parameters: id/);
  });

  it('a composite step failure: scope, message, detail, requestId and the per-step timing', async () => {
    const sdk = new WidgetServiceSDK({ baseUrl: runtime.url });
    const error = await rejection(sdk.connectors.composite.execute({ permalink: 'chain', payload: {} }));
    expect({ status: error.status, scope: error.scope, message: error.message, detail: error.detail }).toEqual({
      status: 502,
      scope: "Composite step 'second' (index 1): Downstream (HTTP error)",
      message: 'The upstream service answered HTTP 410',
      detail: { step: 'second', index: 1, upstream_status: 410 },
    });
    expect(error.requestId).toBe(error.timing!.request_id);
    expect(error.timing!.steps!.map((s) => [s.name, s.status_code])).toEqual([
      ['first', 200],
      ['second', 410],
    ]);
  });
});
