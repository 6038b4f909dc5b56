// The runtime in its own process takes every upstream fault and every hostile caller at once,
// several times over, and then: answers /healthz and a healthy connector, shuts down cleanly on
// SIGTERM with exit code 0, and reports zero unhandled rejections and zero uncaught exceptions
// (counted in that process, where nothing else could have swallowed them).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProcessFaults } from './support/process-faults.js';
import { faultSlug, startFaultUpstreams, UPSTREAM_FAULTS, type FaultUpstreams } from './support/fault-upstream.js';
import type { FaultServerReport } from './support/fault-server.js';
import { rawExchange } from './support/raw-http.js';

expectNoProcessFaults();

const SERVER = fileURLToPath(new URL('./support/fault-server.ts', import.meta.url));
const ROUNDS = 2;
/** Generous for a loaded machine (six 10 MiB bodies at once), and still below STALL_MS (./support/fault-upstream.ts). */
const UPSTREAM_TIMEOUT_MS = 1_500;

let faults: FaultUpstreams;
let child: ChildProcess;
let lines: AsyncIterator<string>;
let base: string;
let port: number;

async function nextLine(): Promise<string> {
  const next = await lines.next();
  if (next.done === true) throw new Error('the fault server closed its output');
  return next.value;
}

beforeAll(async () => {
  faults = await startFaultUpstreams();
  child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: {
      ...process.env,
      FAULT_UPSTREAM_ORIGIN: faults.upstream.origin,
      FAULT_HALF_OPEN_PORT: String(faults.halfOpen.port),
      FAULT_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  port = (JSON.parse(await nextLine()) as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  await faults?.close();
});

const COMPOSITE_HEAD = 'POST /api/connectors/composite/parse HTTP/1.1\r\nHost: conduit.test\r\n';

/** Every hostile caller of the hostile-callers suite, once. */
function hostileCallers(): Promise<unknown>[] {
  return [
    rawExchange(port, { send: COMPOSITE_HEAD, drip: { bytes: 'X-A: b\r\n', everyMs: 30 }, untilClosed: true, timeoutMs: 5_000 }),
    rawExchange(port, { untilClosed: true, timeoutMs: 5_000 }),
    rawExchange(port, { send: `${COMPOSITE_HEAD}Content-Length: 1000\r\n\r\n{`, drip: { bytes: ' ', everyMs: 30 }, untilClosed: true, timeoutMs: 5_000 }),
    rawExchange(port, { send: `${COMPOSITE_HEAD}Content-Length: ${2 * 1024 * 1024}\r\n\r\n`, untilClosed: true, timeoutMs: 5_000 }),
    rawExchange(port, { send: `${COMPOSITE_HEAD}Transfer-Encoding: chunked\r\n\r\nZZ\r\n`, untilClosed: true, timeoutMs: 5_000 }),
    rawExchange(port, { send: `${COMPOSITE_HEAD}Transfer-Encoding: chunked\r\n\r\n5\r\nhel`, endAfterSend: true, untilClosed: true, timeoutMs: 5_000 }),
    rawExchange(port, { send: `${COMPOSITE_HEAD}X-Big: ${'v'.repeat(70_000)}\r\n\r\n`, untilClosed: true, timeoutMs: 5_000 }),
    rawExchange(port, { send: 'NOT HTTP\r\n\r\n', untilClosed: true, timeoutMs: 5_000 }),
    rawExchange(port, { send: `${COMPOSITE_HEAD}Content-Length: 10\r\n\r\n{"na`, destroyAfterMs: 50, timeoutMs: 5_000 }),
    rawExchange(port, { send: 'POST /api/connectors/composite/chain-no-answer-at-all HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n', destroyAfterMs: 100, timeoutMs: 5_000 }),
  ];
}

function payloads(): Promise<Response>[] {
  const post = (body: string | Uint8Array) => fetch(`${base}/api/connectors/composite/parse`, { method: 'POST', body });
  return [post('{"name": '), post(Buffer.from([0xff, 0xfe])), post(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), post('')];
}

describe('the runtime process under every fault at once', () => {

  it(`survives ${ROUNDS} rounds of all upstream faults, hostile callers and bad payloads`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const calls = UPSTREAM_FAULTS.flatMap((fault) => [
        // A regular connector passes an upstream HTTP error through with its body (SPEC §5 v2); every other fault is an envelope.
        fetch(`${base}/api/connectors/regular-${faultSlug(fault)}`).then(async (r) =>
          fault.name === 'HTTP 500' ? ([500, r.status, await r.text(), false] as const) : ([fault.status, r.status, await r.text(), true] as const),
        ),
        fetch(`${base}/api/connectors/composite/chain-${faultSlug(fault)}`, { method: 'POST' }).then(async (r) => [fault.status, r.status, await r.text(), true] as const),
      ]);
      const [answers] = await Promise.all([Promise.all(calls), Promise.all(hostileCallers()), Promise.all(payloads())]);
      for (const [expected, status, body, envelope] of answers) {
        expect(`${status} ${body}`).toMatch(new RegExp(`^${expected} `));
        if (envelope) expect(JSON.parse(body)).toHaveProperty('errors.scope');
      }
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const healthy = await fetch(`${base}/api/connectors/healthy`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true });
  });

  it('stops cleanly on SIGTERM with no unhandled rejection and no uncaught exception', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const report = JSON.parse(await nextLine()) as FaultServerReport;
    expect(report).toEqual({ unhandledRejections: 0, uncaughtExceptions: 0 });
    expect(await exited).toBe(0);
  });
});
