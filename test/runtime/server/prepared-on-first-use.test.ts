// A server does not build or prepare a connector's steps at start-up: generated connectors build
// them in a plain `steps` getter, anew on each read, and the server reads it once, on the
// connector's first request, CORS preflight or metrics scrape (runtime/server/prepared-on-first-use.ts,
// the one lazy mechanism). Connectors here count how often their steps are built, as the getter
// of a generated module would be called.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledConnector } from '../../../runtime/connector.js';
import { prepareConnector } from '../../../runtime/executor/prepared-connector.js';
import { preparedOnFirstUse } from '../../../runtime/server/prepared-on-first-use.js';
import { composite, header, regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, startUpstream, type Upstream } from '../../support/upstream/index.js';

const builds = new Map<string, number>();

/** The connector with its steps behind a counting getter that builds them on every read, as a generated module declares them. */
function builtOnFirstUse(connector: CompiledConnector): CompiledConnector {
  const { steps, ...fields } = connector;
  return {
    ...fields,
    get steps() {
      builds.set(connector.permalink, (builds.get(connector.permalink) ?? 0) + 1);
      return steps.map((step) => ({ ...step }));
    },
  };
}

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '*': echo() } });
  runtime = await startTestRuntime(
    registryOf(
      builtOnFirstUse(regular({ permalink: 'first', id: 7, url: upstream.url('/first') })),
      builtOnFirstUse(regular({ permalink: 'preflighted', method: 'PUT', url: upstream.url('/p'), headers: [header('X-Page', '1', true)] })),
      builtOnFirstUse(composite({ permalink: 'scraped', steps: [{ name: 'one', url: upstream.url('/one') }, { name: 'two', url: upstream.url('/two') }] })),
    ),
    { allowedOrigins: ['https://widgets.example.com'] },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

describe('connectors prepared on first use', () => {
  it('starts without building any connector’s steps', () => {
    expect(Object.fromEntries(builds)).toEqual({});
  });

  it('builds a connector’s steps once, on its first request, whether addressed by permalink or id', async () => {
    const res = await runtime.call('/api/connectors/first');
    expect(res.status).toBe(200);
    expect(builds.get('first')).toBe(1);
    expect(builds.has('preflighted')).toBe(false);
    const byId = await runtime.call('/api/connectors/7');
    expect(byId.status).toBe(200);
    expect(upstream.requests.filter((r) => r.path === '/first')).toHaveLength(2);
    expect(builds.get('first')).toBe(1);
  });

  it('answers a CORS preflight of a connector not called yet with its overridable headers', async () => {
    const res = await runtime.call('/api/connectors/preflighted', {
      method: 'OPTIONS',
      headers: { Origin: 'https://widgets.example.com', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')!.split(', ')).toContain('x-page');
    expect(builds.get('preflighted')).toBe(1);
  });

  it('lists every connector and step at 0 on the first scrape, preparing those not called yet', async () => {
    expect(builds.has('scraped')).toBe(false);
    const text = await (await runtime.call('/metrics')).text();
    expect(text).toContain('conduit_connector_requests_total{connector="scraped"} 0');
    expect(text).toContain('conduit_step_requests_total{connector="scraped",step="two"} 0');
    expect(text).toContain('conduit_connector_requests_total{connector="first"} 2');
    expect(builds.get('scraped')).toBe(1);
  });
});

describe('preparedOnFirstUse', () => {
  it('holds what prepareConnector gives, as plain properties once read', () => {
    const connector = composite({ permalink: 'c', steps: [{ name: 'a', url: 'https://api.example.com/a' }, { name: 'b', url: 'https://api.example.com/b' }] });
    const lazy = preparedOnFirstUse(connector);
    expect(lazy.permalink).toBe('c');
    expect(lazy.kind).toBe('composite');
    expect(lazy.connector).toBe(connector);
    expect(typeof Object.getOwnPropertyDescriptor(lazy, 'steps')?.get).toBe('function');
    const eager = prepareConnector(connector);
    expect(lazy.overridableHeaderNames).toEqual(eager.overridableHeaderNames);
    // Reading one field settles both: no getter remains.
    expect(Object.getOwnPropertyDescriptor(lazy, 'steps')?.get).toBeUndefined();
    expect(lazy.steps).toEqual(eager.steps);
    expect(lazy.steps).toBe(lazy.steps);
    expect(lazy.steps.map((s) => [s.name, s.isLast, s.scopes['http-error']])).toEqual([
      ['a', false, eager.steps[0]!.scopes['http-error']],
      ['b', true, eager.steps[1]!.scopes['http-error']],
    ]);
  });

  it('reads a connector’s steps getter once, whichever field is read first and however often', () => {
    for (const first of ['steps', 'overridableHeaderNames', 'rendersNothing'] as const) {
      const permalink = `once-${first}`;
      const lazy = preparedOnFirstUse(builtOnFirstUse(regular({ permalink, url: 'https://api.example.com/x', headers: [header('X-A', '1', true)] })));
      expect(builds.has(permalink)).toBe(false);
      void lazy[first];
      void lazy.steps;
      void lazy.overridableHeaderNames;
      void lazy.rendersNothing;
      expect(lazy.steps[0]!.step).toBe(lazy.steps[0]!.step);
      expect(builds.get(permalink)).toBe(1);
    }
  });
});
