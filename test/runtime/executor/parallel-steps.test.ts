// `execution: parallel` and `when:` (issue 17), end to end: registries compiled by the real build
// pipeline, served by the real runtime, against a local upstream that delays, fails or hangs per
// route. Covers the ≈200 ms fan-in (vs 300 ms sequential), timing headers with start offsets,
// failure ordering by index, cancellation of in-flight steps (the upstream sees the connection
// close), no new step after a failure, and conditions that are true, false and undefined.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { custom, delay, echo, json, respond, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { buildOrThrow, importRegistry, removeScratch, scratchDir, writeTree } from '../../compiler/build/temp-build.js';
import type { ConnectorStepTiming } from '../../../sdk/src/connector-timing.js';

const STEP_MS = 100;

function registry(origin: string): string {
  const fanIn = (execution: string) => `
      - name: a
        url: ${origin}/slow/a
      - name: b
        url: ${origin}/slow/b
      - name: c
        url: "${origin}/slow/c?a={{ steps.a.status_code }}&b={{ steps.b.status_code }}"
        response_body: "{{ {'a': (steps.a.body | from_json).id, 'b': (steps.b.body | from_json).id, 'c': (response.body | from_json).id} | tojson }}"
        response_content_type: application/json${execution}`;
  const conditional = (execution: string) => `
      - name: first
        url: ${origin}/echo/first
      - name: maybe
        url: ${origin}/echo/maybe
        when: "request.query_parameters.go == 'yes'"
      - name: last
        method: POST
        url: ${origin}/echo/last
        request_body: >-
          {{ {'skipped': steps.maybe.skipped, 'body': steps.maybe.body, 'status': steps.maybe.status_code,
              'headers': steps.maybe.headers, 'first_skipped': steps.first.skipped} | tojson }}
        response_body: "{{ (response.body | from_json).body | safe }}"
        response_content_type: application/json${execution}`;
  return `
composite_connectors:
  - name: Parallel fan-in
    execution: parallel
    steps:${fanIn('')}
  - name: Sequential fan-in
    steps:${fanIn('')}
  - name: Explicitly sequential fan-in
    execution: sequential
    steps:${fanIn('')}
  - name: Fail and cancel
    execution: parallel
    steps:
      - name: hanging
        url: ${origin}/hang/a
      - name: failing
        url: ${origin}/fail/fast
      - name: after-hanging
        url: "${origin}/echo/after?{{ steps.hanging.status_code }}"
      - name: last
        url: "${origin}/echo/last?{{ steps.failing.status_code }}{{ steps['after-hanging'].status_code }}"
  - name: Fail in index order
    execution: parallel
    steps:
      - name: slow-token
        url: ${origin}/slow/a
        authentication:
          type: oauth_client_credentials
          config:
            token_url: ${origin}/token/slow-failure
            client_id: "{{ get_secret('client_id') }}"
            client_secret: "{{ get_secret('client_secret') }}"
      - name: failing
        url: ${origin}/fail/fast
      - name: last
        url: "${origin}/echo/last?{{ steps['slow-token'].status_code }}{{ steps.failing.status_code }}"
  - name: Conditional
    steps:${conditional('')}
  - name: Conditional parallel
    execution: parallel
    steps:${conditional('')}
  - name: Condition fails to render
    steps:
      - name: maybe
        url: ${origin}/echo/maybe
        when: "(request.query_parameters.go | from_json).x"
      - name: last
        url: "${origin}/echo/last?{{ steps.maybe.skipped }}"
`;
}

let work: string;
let upstream: Upstream;
let runtime: TestRuntime;
/** When the upstream saw the connection of a hanging request close (ms since the test's call), per path. */
const closedAt = new Map<string, number>();
let callStarted = 0;

beforeAll(async () => {
  work = await scratchDir('parallel-steps');
  upstream = await startUpstream({
    routes: {
      '/slow/a': delay(STEP_MS, json({ id: 'a' })),
      '/slow/b': delay(STEP_MS, json({ id: 'b' })),
      '/slow/c': delay(STEP_MS, json({ id: 'c' })),
      '/fail/fast': delay(20, respond({ status: 503, body: 'busy' })),
      'POST /token/slow-failure': delay(150, respond({ status: 500, body: 'token endpoint down' })),
      '/hang/a': custom(({ res, request }) => {
        res.on('close', () => closedAt.set(request.path, performance.now() - callStarted));
      }, 'hang and note the close'),
      '*': echo(),
    },
  });
  const registryDir = path.join(work, 'registry');
  await writeTree(registryDir, { 'parallel.yaml': registry(upstream.origin) });
  const outDir = path.join(work, 'generated');
  await buildOrThrow({ registryDir, outDir, allowInsecureUpstreams: true });
  runtime = await startTestRuntime(await importRegistry(outDir), {
    env: { CONDUIT_SECRET_client_id: 'parallel-client-id', CONDUIT_SECRET_client_secret: 'parallel-client-secret-4f1e' },
  });
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
  await removeScratch(work);
});

async function call(permalink: string, query = ''): Promise<{ res: Response; ms: number; timing: { steps: ConnectorStepTiming[]; total_ms: number } }> {
  callStarted = performance.now();
  const res = await runtime.call(`/api/connectors/composite/${permalink}${query}`, { method: 'POST' });
  const ms = performance.now() - callStarted;
  const timing = JSON.parse(res.headers.get('x-connector-timing') ?? '{}') as { steps: ConnectorStepTiming[]; total_ms: number };
  return { res, ms, timing };
}

/** The best of a few runs: the shared machine adds noise, never removes any. */
async function fastest(permalink: string, runs = 3): Promise<Awaited<ReturnType<typeof call>>> {
  let best: Awaited<ReturnType<typeof call>> | null = null;
  for (let i = 0; i < runs; i++) {
    const result = await call(permalink);
    expect(result.res.status).toBe(200);
    if (best === null || result.timing.total_ms < best.timing.total_ms) best = result;
  }
  return best!;
}

describe('execution: parallel', () => {
  it('runs two independent 100 ms steps together: the fan-in answers in about 200 ms, sequential in 300', async () => {
    // Best of five on the server's own clock (X-Connector-Timing total_ms): the shared machine
    // only ever adds time, so the fastest run is the closest to what the schedule itself costs.
    const parallel = await fastest('parallel-fan-in', 5);
    const sequential = await fastest('sequential-fan-in', 5);
    expect(await parallel.res.json()).toEqual({ a: 'a', b: 'b', c: 'c' });
    expect(await sequential.res.json()).toEqual({ a: 'a', b: 'b', c: 'c' });
    expect(parallel.timing.total_ms).toBeGreaterThanOrEqual(2 * STEP_MS - 5);
    expect(parallel.timing.total_ms).toBeLessThan(3 * STEP_MS - 20);
    expect(sequential.timing.total_ms).toBeGreaterThanOrEqual(3 * STEP_MS - 5);
  });

  it('lists steps in index order with real start offsets and durations in both timing headers', async () => {
    const { res, timing } = await fastest('parallel-fan-in');
    const [a, b, c] = timing.steps;
    expect(timing.steps.map((s) => [s.name, s.index, s.status_code])).toEqual([
      ['a', 0, 200],
      ['b', 1, 200],
      ['c', 2, 200],
    ]);
    // a and b start together at once; c starts when the later of them finished.
    expect(a!.start_ms!).toBeLessThan(30);
    expect(b!.start_ms!).toBeLessThan(30);
    expect(c!.start_ms!).toBeGreaterThanOrEqual(Math.max(a!.start_ms! + a!.duration_ms, b!.start_ms! + b!.duration_ms) - 1);
    for (const s of timing.steps) expect(s.duration_ms).toBeGreaterThanOrEqual(STEP_MS - 5);
    expect(timing.total_ms).toBeGreaterThanOrEqual(c!.start_ms! + c!.duration_ms - 1);
    const serverTiming = res.headers.get('server-timing')!;
    expect(serverTiming).toMatch(
      /^step\.a;dur=[\d.]+;start=[\d.]+;desc="Step: a", step\.b;dur=[\d.]+;start=[\d.]+;desc="Step: b", step\.c;dur=[\d.]+;start=[\d.]+;desc="Step: c", total;dur=[\d.]+;desc="Total"$/,
    );
    expect(serverTiming).toContain(`step.c;dur=${c!.duration_ms};start=${c!.start_ms};desc="Step: c"`);
  });

  it('leaves the sequential default exactly as it was: one step after another, no start offsets', async () => {
    for (const permalink of ['sequential-fan-in', 'explicitly-sequential-fan-in']) {
      const before = upstream.requests.length;
      const { res, timing } = await call(permalink);
      expect(res.status).toBe(200);
      expect(upstream.requests.slice(before).map((r) => r.path)).toEqual(['/slow/a', '/slow/b', '/slow/c']);
      // The response cache's outcome aside, the entries are what they were before issue 17.
      expect(timing.steps.map((s) => Object.keys(s).filter((k) => k !== 'cache').sort())).toEqual(Array(3).fill(['duration_ms', 'index', 'name', 'status_code']));
      expect(res.headers.get('server-timing')).not.toContain('start=');
    }
  });

  it('on a failure, cancels the steps in flight (the upstream sees the close) and starts no new one', async () => {
    const before = upstream.requests.length;
    const { res, ms, timing } = await call('fail-and-cancel');
    expect(res.status).toBe(502);
    const body = (await res.json()) as { errors: { scope: string } };
    expect(body.errors.scope).toBe("Composite step 'failing' (index 1): Downstream (HTTP error)");
    // Answered right after the fast failure, not after the hanging step's 15 s limit.
    expect(ms).toBeLessThan(1000);
    await expect.poll(() => closedAt.get('/hang/a'), { timeout: 2000 }).toBeDefined();
    expect(closedAt.get('/hang/a')!).toBeLessThan(1000);
    const paths = upstream.requests.slice(before).map((r) => r.path);
    expect(paths.sort()).toEqual(['/fail/fast', '/hang/a']);
    expect(timing.steps).toEqual([
      expect.objectContaining({ name: 'hanging', index: 0, status_code: null, cancelled: true }),
      expect.objectContaining({ name: 'failing', index: 1, status_code: 503 }),
    ]);
    expect(timing.steps[1]!.cancelled).toBeUndefined();
  });

  it('lets the failed step with the lowest index decide the envelope, whichever failed first', async () => {
    // 'failing' (index 1) fails after 20 ms; the token request of 'slow-token' (index 0) fails
    // after 150 ms. The envelope is index 0's, the same on every run.
    const { res, timing } = await call('fail-in-index-order');
    expect(res.status).toBe(502);
    const body = (await res.json()) as { errors: { scope: string; message: string } };
    expect(body.errors.scope).toBe("Composite step 'slow-token' (index 0): Authentication (token request)");
    expect(body.errors.message).not.toContain('token endpoint down');
    expect(timing.steps.map((s) => [s.name, s.status_code])).toEqual([
      ['slow-token', null],
      ['failing', 503],
    ]);
  });
});

describe('when:', () => {
  for (const [permalink, mode] of [
    ['conditional', 'sequential'],
    ['conditional-parallel', 'parallel'],
  ] as const) {
    it(`${mode}: a true condition runs the step, and steps.NAME.skipped is False`, async () => {
      const before = upstream.requests.length;
      const { res, timing } = await call(permalink, '?go=yes');
      expect(res.status).toBe(200);
      expect(upstream.requests.slice(before).map((r) => r.path).sort()).toEqual(['/echo/first', '/echo/last', '/echo/maybe']);
      const sent = (await res.json()) as Record<string, unknown>;
      expect(sent).toMatchObject({ skipped: false, status: 200, first_skipped: false });
      expect(JSON.parse(sent['body'] as string)).toMatchObject({ path: '/echo/maybe' });
      expect(timing.steps[1]).toMatchObject({ name: 'maybe', status_code: 200 });
      expect(timing.steps[1]!.skipped).toBeUndefined();
    });

    for (const [query, what] of [
      ['?go=no', 'false'],
      ['', 'undefined'],
    ] as const) {
      it(`${mode}: a ${what} condition skips the step: skipped is True and body, status_code, headers are None`, async () => {
        const before = upstream.requests.length;
        const { res, timing } = await call(permalink, query);
        expect(res.status).toBe(200);
        expect(upstream.requests.slice(before).map((r) => r.path).sort()).toEqual(['/echo/first', '/echo/last']);
        expect(await res.json()).toEqual({ skipped: true, body: null, status: null, headers: null, first_skipped: false });
        expect(timing.steps.map((s) => [s.name, s.status_code, s.skipped ?? false])).toEqual([
          ['first', 200, false],
          ['maybe', null, true],
          ['last', 200, false],
        ]);
      });
    }
  }

  it('a condition that fails to render is a rendering failure of its step', async () => {
    const before = upstream.requests.length;
    const { res } = await call('condition-fails-to-render', '?go=not-json');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { scope: string } };
    expect(body.errors.scope).toBe("Composite step 'maybe' (index 0): Configuration (template rendering)");
    expect(upstream.requests.length).toBe(before);
  });
});
