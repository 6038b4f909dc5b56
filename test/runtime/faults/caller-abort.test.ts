// A caller that goes away mid-request: while its body is still arriving, or while a step waits
// on its upstream. The upstream call in flight is cancelled at once (its connection closes, its
// concurrency slot frees), later steps never start, the request is logged as 499, and the server
// keeps serving.
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composite, regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { custom, json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { expectNoProcessFaults } from './support/process-faults.js';
import { rawExchange } from './support/raw-http.js';

expectNoProcessFaults();

/** Long enough that only a cancellation can end the upstream call within the test. */
const UPSTREAM_TIMEOUT_MS = 20_000;

let upstream: Upstream;
let runtime: TestRuntime;
/** When the connection of each request to /held closed, by arrival order (ms, performance.now()). */
const heldClosedAt: number[] = [];

beforeAll(async () => {
  upstream = await startUpstream({
    routes: {
      '/healthy': json({ ok: true }),
      '/first': json({ step: 'first' }),
      '/never': json({ step: 'never' }),
      // Never answers; notes when the runtime gives up on the connection.
      '/held': custom(({ req }) => {
        const index = heldClosedAt.length;
        heldClosedAt.push(Number.NaN);
        (req.socket as Socket).once('close', () => (heldClosedAt[index] = performance.now()));
      }, 'held until the client leaves'),
    },
  });
  const u = (path: string) => upstream.url(path);
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'healthy', url: u('/healthy') }),
      composite({
        permalink: 'chain',
        steps: [
          { name: 'first', url: u('/first') },
          { name: 'held', url: u('/held') },
          { name: 'never', url: u('/never') },
        ],
      }),
    ),
    // One slot per origin: a leaked slot would make the next request fail with 'overloaded'.
    { upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS, maxConcurrentPerOrigin: 1 },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

afterEach(async () => {
  const res = await runtime.call('/api/connectors/healthy');
  expect(res.status).toBe(200);
});

const CHAIN = 'POST /api/connectors/composite/chain HTTP/1.1\r\nHost: conduit.test\r\nContent-Type: application/json\r\n';

function logsOf(status: number): Record<string, unknown>[] {
  return runtime.logs.filter((l) => l['connector'] === 'chain' && l['status'] === status);
}

describe('a caller that disconnects', () => {
  it('while a step waits on its upstream: the upstream call is cancelled, later steps never start', async () => {
    const held = heldClosedAt.length;
    const requestsBefore = upstream.requests.length;
    const leave = new AbortController();
    const leaving = rawExchange(runtime.port, { send: `${CHAIN}Content-Length: 2\r\n\r\n{}`, signal: leave.signal, timeoutMs: 10_000 });
    // Step 'first' answered and step 'held' reached its upstream: the caller leaves now.
    await upstream.waitForRequests(requestsBefore + 2);
    const left = performance.now();
    leave.abort();
    expect((await leaving).status).toBeNull();
    await expect.poll(() => heldClosedAt[held], { timeout: 2_000 }).not.toBeNaN();
    // Cancelled at once, not by the 20 s upstream timeout.
    expect(heldClosedAt[held]! - left).toBeLessThan(1_000);
    await expect.poll(() => logsOf(499).length, { timeout: 2_000 }).toBe(1);
    const line = logsOf(499)[0]!;
    expect(line['steps']).toEqual([
      { name: 'first', status: 200, duration_ms: expect.any(Number) },
      { name: 'held', status: null, duration_ms: expect.any(Number) },
    ]);
    expect(upstream.requests.slice(requestsBefore).map((r) => r.path)).toEqual(['/first', '/held']);
  });

  it('while its body is still arriving: no upstream is called at all', async () => {
    const requestsBefore = upstream.requests.length;
    const before = logsOf(499).length;
    await rawExchange(runtime.port, { send: `${CHAIN}Content-Length: 1000\r\n\r\n{"partial": `, destroyAfterMs: 100, timeoutMs: 5_000 });
    await expect.poll(() => logsOf(499).length, { timeout: 2_000 }).toBe(before + 1);
    expect(upstream.requests.length).toBe(requestsBefore);
  });

  it('frees the upstream slot: the next request to the same origin is not refused as overloaded', async () => {
    // maxConcurrentPerOrigin is 1; the cancelled call above must have given its slot back.
    const res = await runtime.call('/api/connectors/healthy');
    expect(res.status).toBe(200);
  });
});
