// `--workers` from the two real entry points: `conduit serve` (compiles once; its workers run
// the bundle it compiled, from a temp folder removed at exit) and a bundle made by `conduit
// build` (`node server.mjs --workers 2`: node:cluster forks the esbuild bundle itself).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { freshConnectionGet, serveProcess, type ServedProcess } from './served-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'bin/conduit.mjs');
let upstream: Upstream;
let tmp: string;
let registryDir: string;

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '/ping': json({ pong: true }, { headers: { 'Cache-Control': 'max-age=60' } }) } });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'conduit-workers-test-'));
  registryDir = path.join(tmp, 'registry');
  await mkdir(registryDir);
  await writeFile(
    path.join(registryDir, 'ping.yaml'),
    `connectors:\n  - name: Ping\n    url: ${upstream.url('/ping')}\n    method: GET\n`,
  );
});

afterAll(async () => {
  await upstream?.close();
  if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
});

async function exercise(served: ServedProcess, workerScript: RegExp): Promise<void> {
  const url = await served.url;
  const workers = served.children().filter((c) => workerScript.test(c.args));
  expect(workers).toHaveLength(2);
  for (let i = 0; i < 4; i++) expect(await freshConnectionGet(`${url}/api/connectors/ping`)).toEqual({ status: 200, body: '{"pong":true}' });
  served.child.kill('SIGTERM');
  expect(await served.exited).toBe(0);
  const servedBy = new Set(served.logs().filter((l) => l['msg'] === 'request').map((l) => l['pid']));
  expect([...servedBy].sort()).toEqual(workers.map((w) => w.pid).sort());
}

describe('--workers from the real entry points', () => {
  it('conduit serve compiles once and its workers run the compiled bundle, removed at exit', async () => {
    const served = serveProcess([CLI, 'serve', '--registry', registryDir, '--port', '0', '--workers', '2', '--allow-insecure-upstreams'], {}, ROOT);
    await served.url;
    const workers = served.children().filter((c) => c.args.includes('serve-worker.mjs'));
    expect(workers).toHaveLength(2);
    // Workers never run the CLI (which would compile the registry again).
    expect(served.children().some((c) => c.args.includes('bin/conduit.mjs'))).toBe(false);
    const bundleDir = path.dirname(/(\S+serve-worker\.mjs)/.exec(workers[0]!.args)![1]!);
    expect(existsSync(path.join(bundleDir, 'registry.mjs'))).toBe(true);
    await exercise(served, /serve-worker\.mjs/);
    expect(existsSync(bundleDir)).toBe(false);
  });

  it('a bundle from conduit build serves with --workers (cluster from the esbuild output)', async () => {
    const serverFile = path.join(tmp, 'dist', 'server.mjs');
    await promisify(execFile)(
      process.execPath,
      [CLI, 'build', '--registry', registryDir, '--out', path.join(tmp, 'generated'), '--server-file', serverFile, '--allow-insecure-upstreams'],
      { cwd: ROOT },
    );
    const served = serveProcess([serverFile, '--port', '0', '--workers', '2', '--allow-insecure-upstreams'], {});
    await exercise(served, /dist\/server\.mjs/);
  });
});
