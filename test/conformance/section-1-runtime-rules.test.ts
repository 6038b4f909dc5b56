// SPEC v2 §1 (registry rules visible at run time), conformance against a real upstream: path
// parameter values (`.`/`..`/`..` inside refused, missing beats invalid, every offending key
// listed, one URL segment each) and caller query parameters without a configured row forwarded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, query, regular, registryOf, text, tpl } from '../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime/start-runtime.js';
import { echo, startUpstream, type Upstream } from '../support/upstream/index.js';

const ID = 'section-1-request';
let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '*': echo() } });
  runtime = await startTestRuntime(
    registryOf(
      regular({
        permalink: 'item',
        method: 'DELETE',
        url: tpl('/users/{{ pathParams.user }}/items/{{ pathParams.item }}', (v) => upstream.url(`/users/${text(at(v, 'pathParams', 'user'))}/items/${text(at(v, 'pathParams', 'item'))}`)),
        pathParams: ['user', 'item'],
      }),
      regular({ permalink: 'search', url: upstream.url('/search'), query: [query('api_version', '2'), query('limit', '20', true)] }),
    ),
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

function call(path: string, headers: Record<string, string>, method = 'GET'): Promise<Response> {
  return runtime.call(path, { method, headers: { 'X-Request-ID': ID, ...headers } });
}

describe('SPEC §1 rules the runtime enforces', () => {
  describe('path parameters', () => {
    const refusals: [string, string, string[]][] = [
      ['user=.&item=1', 'INVALID_PATH_PARAMETERS', ['user']],
      ['user=..&item=1', 'INVALID_PATH_PARAMETERS', ['user']],
      ['user=a..b&item=..', 'INVALID_PATH_PARAMETERS', ['user', 'item']],
      ['user=a%2Fb&item=x%20y', 'INVALID_PATH_PARAMETERS', ['user', 'item']],
      ['item=..', 'MISSING_PATH_PARAMETERS', ['user']],
      ['', 'MISSING_PATH_PARAMETERS', ['user', 'item']],
    ];
    for (const [header, code, params] of refusals) {
      it(`X-Path-Params '${header}': 400 ${code} ${params.join(',')}`, async () => {
        const before = upstream.requests.length;
        const res = await call('/api/connectors/item', header === '' ? {} : { 'X-Path-Params': header }, 'DELETE');
        expect(res.status).toBe(400);
        const body = (await res.json()) as { success: boolean; errors: { scope: string; code: string; params: string[] }; request_id: string };
        expect(body).toMatchObject({ success: false, errors: { scope: 'Request', code, params }, request_id: ID });
        expect(upstream.requests.length).toBe(before);
      });
    }

    it('puts each valid value into its own segment: a dot inside a value stays a dot', async () => {
      const res = await call('/api/connectors/item', { 'X-Path-Params': 'user=u.1&item=v1.2~x_y-z' }, 'DELETE');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { path: string }).path).toBe('/users/u.1/items/v1.2~x_y-z');
    });
  });

  describe('query parameters', () => {
    it('forwards caller parameters without a configured row, drops a non-overridable key and overrides an overridable one', async () => {
      const res = await call('/api/connectors/search?q=shoes&api_version=9&limit=5&sort=price&q=boots', {});
      expect(((await res.json()) as { query: [string, string][] }).query).toEqual([
        ['api_version', '2'],
        ['limit', '5'],
        ['q', 'shoes'],
        ['sort', 'price'],
        ['q', 'boots'],
      ]);
    });
  });
});
