// executeOnce: what `conduit run` calls — one execution, its response, timing and debug request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeOnce } from '../../../runtime/main.js';
import type { SecretStore } from '../../../runtime/secrets/types.js';
import { at, composite, header, regular, registryOf, text, tpl } from '../../support/runtime/connectors.js';
import { TEST_CA_FILE } from '../../support/runtime/start-runtime.js';
import { echo, respond, startUpstream, type EchoedRequest, type Upstream } from '../../support/upstream/index.js';

const SECRET = 'execute-once-secret-98765';
const secrets: SecretStore = { get: (n) => (n === 'key' ? SECRET : undefined), allValues: () => [SECRET] };

let upstream: Upstream;
const lines: string[] = [];
const options = () => ({
  allowInsecureUpstreams: true,
  upstreamCaFile: TEST_CA_FILE,
  env: {},
  dependencies: { secrets, processMetrics: false, logDestination: { write: (l: string) => lines.push(l) } },
});

function registry() {
  const u = (p: string) => upstream.url(p);
  return registryOf(
    composite({
      permalink: 'greet',
      id: 5,
      steps: [
        {
          name: 'who',
          method: 'POST',
          url: u('/who'),
          headers: [header('X-Key', tpl("{{ get_secret('key') }}", (_v, env) => env.getSecret('key') ?? '', true))],
          requestBody: tpl('{{ request.body_text }}', (v) => text(at(v, 'request', 'body_text'))),
        },
        {
          name: 'hello',
          method: 'POST',
          url: u('/hello'),
          requestBody: tpl('{{ user.id }}@{{ tenant_id }}?{{ request.query_parameters.lang }}', (v) =>
            `${text(at(v, 'user', 'id'))}@${text(at(v, 'tenant_id'))}?${text(at(v, 'request', 'query_parameters', 'lang'))}`,
          ),
        },
      ],
    }),
    regular({
      permalink: 'item',
      url: tpl('https://…/items/{{ pathParams.id }}', (v) => u(`/items/${text(at(v, 'pathParams', 'id'))}`)),
      pathParams: ['id'],
    }),
    regular({ permalink: 'broken', url: u('/broken') }),
    regular({ permalink: 'render-fails', url: tpl('{{ x }}', () => 'https:// not a url/') }),
  );
}

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '*': echo(), '/broken': respond({ status: 500, body: 'nope' }) } });
});

afterAll(async () => {
  await upstream?.close();
});

describe('executeOnce', () => {
  it('runs a composite with payload, query and user, returning body, timing and the debug request', async () => {
    const result = await executeOnce(
      registry(),
      'greet',
      { payload: '{"name":"Ada"}', query: [['lang', 'en']], user: { sub: 'u-1', tenant_id: 'acme' } },
      options(),
    );
    expect(result.ok).toBe(true);
    expect(result.status).toBe(200);
    expect(result.error).toBeNull();
    const echoed = JSON.parse(result.body.toString('utf8')) as EchoedRequest;
    expect(echoed.body).toBe('u-1@acme?en');
    expect(upstream.requests.find((r) => r.path === '/who')!.body.toString()).toBe('{"name":"Ada"}');
    expect(result.steps.map((s) => [s.name, s.statusCode])).toEqual([
      ['who', 200],
      ['hello', 200],
    ]);
    expect(result.totalMs).toBeGreaterThan(0);
    expect(result.headers['Server-Timing']).toMatch(/^step\.who;dur=/);
    expect(result.debugRequest.map((d) => d.name)).toEqual(['who', 'hello']);
    expect(result.debugRequest[0]!.headers).toContainEqual(['X-Key', "{{ get_secret('key') }}"]);
    expect(JSON.stringify(result.debugRequest)).not.toContain(SECRET);
  });

  it('finds a connector by id and takes path parameters', async () => {
    expect((await executeOnce(registry(), '5', { user: null }, options())).status).toBe(200);
    const item = await executeOnce(registry(), 'item', { pathParams: { id: 17 } }, options());
    expect((JSON.parse(item.body.toString()) as EchoedRequest).path).toBe('/items/17');
  });

  it('returns failures as data with the envelope', async () => {
    const failed = await executeOnce(registry(), 'broken', {}, options());
    // A regular connector's upstream 500 is passed through: not ok, but no envelope either.
    expect(failed).toMatchObject({ ok: false, status: 500, error: null });
    expect(failed.body.toString()).toBe('nope');
    const failedStep = await executeOnce(registry(), 'render-fails', {}, options());
    expect(failedStep).toMatchObject({ ok: false, status: 422, error: { scope: 'Configuration (template rendering)' } });
    expect(JSON.parse(failedStep.body.toString())).toEqual({ success: false, errors: failedStep.error, request_id: failedStep.requestId });
    const unknown = await executeOnce(registry(), 'nope', {}, options());
    expect(unknown).toMatchObject({ ok: false, status: 404, error: { scope: 'Request' } });
    const missing = await executeOnce(registry(), 'item', {}, options());
    expect(missing).toMatchObject({ status: 400, error: { scope: 'Request', code: 'MISSING_PATH_PARAMETERS' } });
  });
});
