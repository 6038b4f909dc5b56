// Upstreams that misbehave at every stage of an exchange (no TLS handshake, reset before, inside
// or after the head, broken framing, bodies past the 10 MiB limit with and without a length,
// trickling bodies, no answer at all, garbage instead of HTTP), as the middle step of a 3-step
// chain and as a regular connector. Each gets the exact SPEC §5 status and scope, the chain stops
// there, no canary secret sent to the upstream shows up in the answer, and the same server then
// answers a healthy request.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CANARY_VALUES, findSecretLeaks, SECRET_CANARIES } from '../../support/secret-canaries/index.js';
import { regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { patternBytes } from '../../support/upstream/index.js';
import { expectEnvelope } from './support/envelope.js';
import { faultConnectors, jinja } from './support/fault-registry.js';
import { faultSlug, RESPONSE_LIMIT, startFaultUpstreams, UPSTREAM_FAULTS, type FaultUpstreams } from './support/fault-upstream.js';
import { expectNoProcessFaults } from './support/process-faults.js';

const UPSTREAM_TIMEOUT_MS = 500;

expectNoProcessFaults();

let faults: FaultUpstreams;
let runtime: TestRuntime;

beforeAll(async () => {
  faults = await startFaultUpstreams();
  const route = (path: string) => faults.upstream.url(path);
  const connectors = [
    ...faultConnectors({ fault: faults.url, route }),
    regular({ permalink: 'exactly-limit', url: route('/exactly-limit') }),
    regular({ permalink: 'non-utf8', url: route('/non-utf8') }),
    regular({ permalink: 'non-utf8-read', url: route('/non-utf8'), responseBody: jinja('{{ response.body is none }}') }),
  ];
  runtime = await startTestRuntime(registryOf(...connectors), { upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS });
});

afterAll(async () => {
  await runtime?.close();
  await faults?.close();
});

afterEach(async () => {
  // The same server still answers a healthy request after every fault.
  const res = await runtime.call('/api/connectors/healthy');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
});

function pathsRequested(path: string): number {
  return faults.upstream.requests.filter((r) => r.path === path).length;
}

describe('an upstream fault in the middle of a 3-step chain', () => {
  it.each(UPSTREAM_FAULTS)('$name: $status "$scope" for step b, step c never called', async (fault) => {
    const before = pathsRequested('/c');
    const res = await runtime.call(`/api/connectors/composite/chain-${faultSlug(fault)}`, { method: 'POST' });
    const body = await res.clone().text();
    const errors = await expectEnvelope(res, fault.status, `Composite step 'b' (index 1): ${fault.scope}`);
    expect(errors.message).toMatch(fault.message);
    expect(pathsRequested('/c')).toBe(before);
    expect(body).not.toContain('step-a');
    expect(findSecretLeaks([body, JSON.stringify([...res.headers])], ALL_CANARY_VALUES)).toEqual([]);
  });
});

describe('the faulty step carries canary secrets', () => {
  it('sends them in a header and in the query, so the no-leak checks above are not vacuous', () => {
    const hit = faults.upstream.requests.find((r) => r.path === '/error-500');
    expect(hit?.headers['x-api-key']).toBe(SECRET_CANARIES.apiKey);
    expect(hit?.query).toContainEqual(['key', SECRET_CANARIES.specialChars]);
  });
});

/** A regular connector's response template has its own scope (SPEC §5). */
const REGULAR_SCOPES: Readonly<Record<string, string>> = { 'Configuration (template rendering)': 'Configuration (response template rendering)' };

describe('an upstream fault behind a regular connector', () => {
  // An upstream HTTP error is not a fault of a regular connector: it passes through (below).
  const failures = UPSTREAM_FAULTS.filter((fault) => fault.name !== 'HTTP 500');
  it.each(failures)('$name: $status', async (fault) => {
    const res = await runtime.call(`/api/connectors/regular-${faultSlug(fault)}`);
    const scope = fault.readsJson === true ? (REGULAR_SCOPES[fault.scope] ?? fault.scope) : fault.scope;
    const errors = await expectEnvelope(res, fault.status, scope);
    expect(errors.message).toMatch(fault.readsJson === true ? /The response template failed to render \(value-error\)/ : fault.message);
  });

  it('HTTP 500: the upstream status and body reach the widget', async () => {
    const fault = UPSTREAM_FAULTS.find((f) => f.name === 'HTTP 500')!;
    const res = await runtime.call(`/api/connectors/regular-${faultSlug(fault)}`);
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await res.arrayBuffer();
  });
});

describe('bodies at the limit and bodies that are not text', () => {
  it('passes a body of exactly 10 MiB through unchanged', async () => {
    const res = await runtime.call('/api/connectors/exactly-limit');
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(RESPONSE_LIMIT);
    expect(body.equals(patternBytes(RESPONSE_LIMIT))).toBe(true);
  });

  it('passes non-UTF-8 bytes through untouched, and templates see the body as None', async () => {
    const raw = await runtime.call('/api/connectors/non-utf8');
    expect(raw.status).toBe(200);
    expect([...Buffer.from(await raw.arrayBuffer())]).toEqual([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    const read = await runtime.call('/api/connectors/non-utf8-read');
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('True');
  });
});
