// `conduit serve --watch`: every registry change is recompiled and swapped in atomically. A change
// is live within 2 s; a change with errors anywhere in the registry keeps the previous version
// serving (never part of the new one) and prints the diagnostics; requests in flight during a swap
// finish on the version they started with. Run as a subprocess, against a real upstream.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delay, json, startUpstream, type Upstream } from '../support/upstream/index.js';
import { serveProcess, type ServedProcess } from '../runtime/cluster/served-process.js';
import { removeScratch, REPO_ROOT, scratchDir, writeTree } from '../compiler/build/temp-build.js';
import { runCli } from './run-cli.js';

let work: string;
let registry: string;
let upstream: Upstream;
let served: ServedProcess;
let url: string;

const helloAt = (route: string) =>
  ['connectors:', '  - name: Hello', `    url: http://127.0.0.1:${upstream.port}${route}`, '    method: GET', ''].join('\n');
const BROKEN = ['connectors:', '  - name: Other', '    url: https://api.example.com/{{ usr.id }}', '    method: GET', ''].join('\n');

beforeAll(async () => {
  work = await scratchDir('cli-serve-watch');
  registry = path.join(work, 'registry');
  upstream = await startUpstream({
    routes: {
      'GET /v1': json({ v: 1 }),
      'GET /v2': json({ v: 2 }),
      'GET /v3': delay(800, json({ v: 3 })),
      'GET /v4': json({ v: 4 }),
    },
  });
  await writeTree(registry, { 'hello.yaml': helloAt('/v1') });
  served = serveProcess([path.join(REPO_ROOT, 'bin/conduit.mjs'), 'serve', '--watch', '--registry', registry, '--port', '0', '--allow-insecure-upstreams'], {
    NO_COLOR: '1',
  }, REPO_ROOT);
  url = await served.url;
  await served.waitForStderr(/watching .* for changes/);
}, 60_000);

afterAll(async () => {
  served?.child.kill('SIGTERM');
  if (served !== undefined) await served.exited;
  await upstream?.close();
  await removeScratch(work);
});

async function hello(): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/api/connectors/hello`);
  return { status: res.status, body: await res.text() };
}

const reloads = () => served.stderr().match(/reloaded \d+ connectors/g)?.length ?? 0;
const refusals = () => served.stderr().match(/the registry has errors: still serving the previous version/g)?.length ?? 0;

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${served.stderr()}`);
    await sleep(20);
  }
}

describe('conduit serve --watch', () => {
  it('serves a change within 2 s of saving it', async () => {
    expect(await hello()).toEqual({ status: 200, body: '{"v":1}' });
    const saved = Date.now();
    await writeFile(path.join(registry, 'hello.yaml'), helloAt('/v2'));
    let answer = await hello();
    while (answer.body !== '{"v":2}' && Date.now() - saved < 5000) {
      expect(answer).toEqual({ status: 200, body: '{"v":1}' });
      await sleep(25);
      answer = await hello();
    }
    expect(answer).toEqual({ status: 200, body: '{"v":2}' });
    expect(Date.now() - saved).toBeLessThan(2000);
  });

  it('keeps the previous version serving, whole, when a change has errors, and prints the diagnostics', async () => {
    const refused = refusals();
    // A valid change to hello.yaml together with a broken new file: neither may be served.
    await writeFile(path.join(registry, 'hello.yaml'), helloAt('/v3'));
    await writeFile(path.join(registry, 'other.yaml'), BROKEN);
    const answers: { status: number; body: string }[] = [];
    const watching = until(() => refusals() > refused, 'the refusal');
    while (refusals() === refused) answers.push(await hello());
    await watching;
    for (let i = 0; i < 10; i++) answers.push(await hello());
    expect(new Set(answers.map((a) => `${a.status} ${a.body}`))).toEqual(new Set(['200 {"v":2}']));
    expect(served.stderr()).toContain("unknown variable 'usr' (did you mean 'user'?) [template-unknown-variable]");
    expect(await (await fetch(`${url}/api/connectors/other`)).status).toBe(404);
  });

  it('lets requests in flight finish on the old version while new ones get the new one', async () => {
    // Fixing the broken file makes the pending /v3 change live.
    const before = reloads();
    await rm(path.join(registry, 'other.yaml'));
    await until(() => reloads() > before, 'the reload');
    const seen = upstream.requests.length;
    const inFlight = hello();
    await upstream.waitForRequests(seen + 1); // the slow /v3 request is at the upstream now
    const swapping = reloads();
    await writeFile(path.join(registry, 'hello.yaml'), helloAt('/v4'));
    await until(() => reloads() > swapping, 'the second reload');
    expect(await hello()).toEqual({ status: 200, body: '{"v":4}' });
    expect(await inFlight).toEqual({ status: 200, body: '{"v":3}' });
  });

  it('refuses --watch together with several workers', async () => {
    const run = await runCli(['serve', '--watch', '--workers', '2', '--registry', registry, '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--watch serves from one process: leave out --workers');
  });
});
