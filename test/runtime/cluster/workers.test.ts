// `--workers N` (node:cluster): N worker processes serve one port, a dead worker is replaced, a
// worker that cannot start stops the whole server, and SIGTERM drains and stops every worker.
// Started through runServerFromCli in a real process, as dist/server.mjs does.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CA_FILE } from '../../support/runtime/start-runtime.js';
import { delay, json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { freshConnectionGet, serveProcess, type ServedProcess } from './served-process.js';

const ENTRY = fileURLToPath(new URL('../../support/runtime/serve-from-cli.ts', import.meta.url));
let upstream: Upstream;

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '/fast': json({ ok: true }), '/slow': delay(400, json({ ok: 'slow' })) } });
});

afterAll(async () => {
  await upstream?.close();
});

/** The primary's children that are workers (tsx also runs an esbuild service process). */
function workersOf(served: ServedProcess): { pid: number; args: string }[] {
  return served.children().filter((c) => c.args.includes('serve-from-cli'));
}

function serveWithWorkers(workers: string, path: string, extra: readonly string[] = []): ServedProcess {
  return serveProcess(['--import', 'tsx', ENTRY, '--port', '0', '--workers', workers, '--upstream-ca', TEST_CA_FILE, ...extra], {
    CONDUIT_ALLOW_INSECURE_UPSTREAMS: '1',
    TEST_UPSTREAM_URL: upstream.url(path),
  });
}

describe('--workers', () => {
  it('serves one port from several worker processes and stops them all on SIGTERM', async () => {
    const served = serveWithWorkers('2', '/fast');
    const url = await served.url;
    expect(served.stderr()).toContain('(2 workers)');
    const workers = workersOf(served);
    expect(workers).toHaveLength(2);
    // Workers run with the server's V8 flags (runtime/server/server-node-flags.ts).
    for (const worker of workers) expect(worker.args).toContain('--max-semi-space-size=32');

    for (let i = 0; i < 8; i++) expect(await freshConnectionGet(`${url}/api/connectors/slow`)).toEqual({ status: 200, body: '{"ok":true}' });

    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    for (const worker of workers) expect(() => process.kill(worker.pid, 0)).toThrow();
    // Every request line names the worker that served it: both took a share.
    const servedBy = new Set(served.logs().filter((l) => l['msg'] === 'request').map((l) => l['pid']));
    expect([...servedBy].sort()).toEqual(workers.map((w) => w.pid).sort());
  });

  it('lets in-flight requests finish on SIGTERM', async () => {
    const served = serveWithWorkers('2', '/slow');
    const url = await served.url;
    const before = upstream.requests.length;
    const inFlight = freshConnectionGet(`${url}/api/connectors/slow`);
    await upstream.waitForRequests(before + 1);
    served.child.kill('SIGTERM');
    expect(await inFlight).toEqual({ status: 200, body: '{"ok":"slow"}' });
    expect(await served.exited).toBe(0);
  });

  it('replaces a worker that dies, and keeps serving meanwhile', async () => {
    const served = serveWithWorkers('2', '/fast');
    const url = await served.url;
    try {
      const [victim, survivor] = workersOf(served);
      process.kill(victim!.pid, 'SIGKILL');
      await served.waitForStderr(new RegExp(`worker ${victim!.pid} exited \\(signal SIGKILL\\); starting a replacement`));
      expect((await freshConnectionGet(`${url}/api/connectors/slow`)).status).toBe(200);
      const [, pid] = await served.waitForStderr(/worker (\d+) listening/);
      const replacement = Number(pid);
      expect([victim!.pid, survivor!.pid]).not.toContain(replacement);
      expect(workersOf(served).map((c) => c.pid).sort()).toEqual([survivor!.pid, replacement].sort());
      // The replacement takes its share of requests on the same port.
      for (let i = 0; i < 4; i++) expect((await freshConnectionGet(`${url}/api/connectors/slow`)).status).toBe(200);
    } finally {
      served.child.kill('SIGTERM');
      expect(await served.exited).toBe(0);
    }
    const servedBy = new Set(served.logs().filter((l) => l['msg'] === 'request').map((l) => l['pid']));
    expect(servedBy.size).toBe(2);
  });

  it('stops with the start-up error code when workers cannot start', async () => {
    const served = serveWithWorkers('2', '/fast', ['--secrets', '/nonexistent/secrets.json']);
    expect(await served.exited).toBe(1);
    expect(served.stderr()).toContain('a worker could not start (exit code 1)');
    expect(served.stderr()).toContain('/nonexistent/secrets.json');
  });

  it("accepts 'auto' (one worker per CPU) and refuses other values", async () => {
    const served = serveWithWorkers('auto', '/fast');
    await served.url;
    expect(workersOf(served).length).toBe(availableParallelism());
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);

    const refused = serveWithWorkers('0', '/fast');
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toContain('--workers must be between 1 and 256');
  });
});
