// X-Debug-Request with --debug: the resolved request per step, secrets shown as template text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebugStepRequest } from '../../../runtime/executor/debug-request.js';
import type { SecretStore } from '../../../runtime/secrets/types.js';
import { at, composite, header, query, regular, registryOf, text, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, respond, startUpstream, type Upstream } from '../../support/upstream/index.js';

const API_KEY = 'debug-secret-value-123456';
const secrets: SecretStore = { get: (name) => (name === 'api_key' ? API_KEY : undefined), allValues: () => [API_KEY] };
const secretTemplate = tpl("Token {{ get_secret('api_key') }}", (_v, env) => `Token ${env.getSecret('api_key') ?? ''}`, true);

let upstream: Upstream;
let debug: TestRuntime;

function registry() {
  const u = (path: string) => upstream.url(path);
  return registryOf(
    composite({
      permalink: 'two-steps',
      steps: [
        {
          name: 'first',
          url: u('/first'),
          headers: [
            header('X-Api-Token', secretTemplate),
            header('X-Plain', tpl('{{ 1 + 1 }}', () => '2')),
            header('Authorization', tpl('Bearer {{ steps.x }}', () => 'Bearer upstream-token-abcdef')),
          ],
          query: [query('key', tpl("{{ get_secret('api_key') }}", (_v, env) => env.getSecret('api_key') ?? '', true)), query('page', '3')],
          auth: { type: 'api_key', key: 'X-Key', value: tpl("{{ get_secret('api_key') }}", (_v, env) => env.getSecret('api_key') ?? '', true), in: 'header' },
        },
        {
          name: 'second',
          method: 'POST',
          url: tpl('https://…/second/{{ steps.first.status_code }}', (v) => u(`/second/${text(at(v, 'steps', 'first', 'status_code'))}`)),
          requestBody: tpl('{"n": {{ steps.first.status_code }}}', (v) => `{"n": ${text(at(v, 'steps', 'first', 'status_code'))}}`),
          responseBody: tpl('{{ response.body }}', (v) => text(at(v, 'response', 'body'))),
          responseContentType: 'application/json',
        },
      ],
    }),
    regular({ permalink: 'fails', url: u('/fail'), headers: [header('X-Api-Token', secretTemplate)] }),
  );
}

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '*': echo(), '/fail': respond({ status: 500 }) } });
  debug = await startTestRuntime(registry(), { debug: true, dependencies: { secrets } });
});

afterAll(async () => {
  await debug?.close();
  await upstream?.close();
});

describe('X-Debug-Request', () => {
  it('shows each resolved step with secrets as their template text', async () => {
    const res = await debug.call('/api/connectors/composite/two-steps', { method: 'POST' });
    expect(res.status).toBe(200);
    const raw = res.headers.get('x-debug-request')!;
    expect(raw).not.toContain(API_KEY);
    const steps = JSON.parse(raw) as DebugStepRequest[];
    expect(steps.map((s) => [s.name, s.index, s.method])).toEqual([
      ['first', 0, 'GET'],
      ['second', 1, 'POST'],
    ]);
    const [first, second] = steps as [DebugStepRequest, DebugStepRequest];
    expect(first.url).toBe(upstream.url('/first'));
    expect(first.headers).toEqual([
      ['X-Api-Token', "Token {{ get_secret('api_key') }}"],
      ['X-Plain', '2'],
      // Authorization values are always masked by the shared redactor, whatever their origin.
      ['Authorization', '[REDACTED]'],
    ]);
    expect(raw).not.toContain('upstream-token-abcdef');
    expect(first.query_parameters).toEqual([
      ['key', "{{ get_secret('api_key') }}"],
      ['page', '3'],
    ]);
    expect(first.authentication).toMatchObject({ type: 'api_key', key: 'X-Key', value: '**********', in: 'header' });
    expect(second.url).toBe(upstream.url('/second/200'));
    expect(second.request_body).toBe('{"n": 200}');
    // the Content-Type Conduit chose for the rendered body is part of the resolved request
    expect(second.headers).toEqual([['Content-Type', 'application/json']]);
    expect(second.response_body).toBe('{{ response.body }}');
    expect(second.response_content_type).toBe('application/json');
    // the upstream did get the real secret
    const sent = upstream.requests.find((r) => r.path === '/first')!;
    expect(sent.headers['x-api-token']).toBe(`Token ${API_KEY}`);
    expect(sent.headers['authorization']).toBe('Bearer upstream-token-abcdef');
    expect(sent.headers['x-key']).toBe(API_KEY);
    await res.arrayBuffer();
  });

  it('is present on error responses too, without the secret', async () => {
    const res = await debug.call('/api/connectors/fails');
    // A regular connector passes the upstream's 500 through (SPEC §5), with its debug view.
    expect(res.status).toBe(500);
    const raw = res.headers.get('x-debug-request')!;
    expect(raw).not.toContain(API_KEY);
    expect((JSON.parse(raw) as DebugStepRequest[])[0]!.headers).toEqual([['X-Api-Token', "Token {{ get_secret('api_key') }}"]]);
    await res.arrayBuffer();
  });

  it('is absent unless --debug is on', async () => {
    const quiet = await startTestRuntime(registry(), { dependencies: { secrets } });
    try {
      const res = await quiet.call('/api/connectors/composite/two-steps', { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-debug-request')).toBeNull();
      await res.arrayBuffer();
    } finally {
      await quiet.close();
    }
  });
});
