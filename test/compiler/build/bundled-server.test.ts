// `conduit build` bundles runtime and handlers into one file that serves the registry it was built
// from: copied away from the checkout (no node_modules to lean on), `node server.mjs` starts,
// answers a connector request through a real upstream, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { buildOrThrow, removeScratch, scratchDir, writeTree } from './temp-build.js';
import { freePort } from '../../support/free-port.js';

let work: string;
let outside: string;
let bundle: string;
let upstream: Upstream;

beforeAll(async () => {
  work = await scratchDir('bundled-server');
  upstream = await startUpstream({ routes: { 'GET /v1/weather': json({ city: 'Warsaw', temp_c: 21 }) } });
  const registryDir = path.join(work, 'registry');
  await writeTree(registryDir, {
    'weather.yaml': [
      'connectors:',
      '  - name: Weather',
      '    id: 9',
      '    url: "http://{{ get_variable(\'weather_host\') }}/v1/weather"',
      '    method: GET',
      '    query_parameters:',
      '      - key: city',
      '        value: Warsaw',
      '        overridable: true',
      '    response_body: "{% set w = response.body | from_json %}{{ w.city }}: {{ w.temp_c }} C"',
      '    response_content_type: text/plain; charset=utf-8',
      '',
    ].join('\n'),
  });
  const serverFile = path.join(work, 'dist', 'server.mjs');
  await buildOrThrow({ registryDir, outDir: path.join(work, 'generated'), serverFile, allowInsecureUpstreams: true });
  // Outside the checkout: the bundle must not need anything next to it but Node.
  outside = await mkdtemp(path.join(os.tmpdir(), 'conduit-bundle-'));
  bundle = path.join(outside, 'server.mjs');
  await copyFile(serverFile, bundle);
  await copyFile(`${serverFile}.map`, `${bundle}.map`);
});

afterAll(async () => {
  await upstream?.close();
  await removeScratch(work);
  if (outside !== undefined) await rm(outside, { recursive: true, force: true });
});

describe('the bundled server', () => {
  it('is one ESM file with a source map pointing back at the runtime and the generated modules', async () => {
    expect((await stat(bundle)).size).toBeGreaterThan(100_000);
    const map = JSON.parse(await readFile(`${bundle}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith('runtime/main.ts'))).toBe(true);
    expect(map.sources.some((s) => s.endsWith('generated/connectors/weather.ts'))).toBe(true);
    // undici is bundled as the classes the runtime uses, not its whole index (fetch, WebSocket, mocks).
    expect(map.sources.some((s) => s.endsWith('undici/index.js'))).toBe(false);
    expect(map.sources.some((s) => s.endsWith('undici/lib/dispatcher/agent.js'))).toBe(true);
  });

  it('serves the registry it was built from and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [bundle, '--host', '127.0.0.1', '--port', String(port), '--allow-insecure-upstreams'], {
      cwd: outside,
      env: { PATH: process.env['PATH'] ?? '', CONDUIT_VAR_weather_host: `127.0.0.1:${upstream.port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      let ready = false;
      while (!ready && Date.now() < deadline && child.exitCode === null) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 20));
      }
      expect(ready, stderr).toBe(true);
      expect(stderr).toContain(`serving 1 connectors on http://127.0.0.1:${port}`);

      const res = await fetch(`http://127.0.0.1:${port}/api/connectors/9?city=Oslo`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('Warsaw: 21 C');
      expect(upstream.requests.at(-1)!.query).toEqual([['city', 'Oslo']]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
