// The bundle takes from undici and prom-client only the modules the runtime uses (the packages'
// index modules would load fetch, WebSocket, the Pushgateway, the cluster aggregator, ...), and
// leaves out undici's HTTP/2 client, which needs node:http2 at load and which the runtime never
// enables. An import outside a subset fails the bundle instead of silently loading the whole package.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import type { Client as UndiciClient } from 'undici';
import { bundle } from '../../../compiler/bundle/bundle-server.js';
import { json, startUpstream } from '../../support/upstream/index.js';
import { REPO_ROOT, removeScratch, scratchDir } from './temp-build.js';

let work: string;
let runtimeBundle: string;

beforeAll(async () => {
  work = await scratchDir('package-subsets');
  const outfile = path.join(work, 'runtime.mjs');
  await bundle({ entry: { source: "export * from 'conduit/runtime';\n", resolveDir: REPO_ROOT }, outfile, sourcemap: false });
  runtimeBundle = await readFile(outfile, 'utf8');
}, 60_000);
afterAll(() => removeScratch(work));

async function bundleSource(source: string): Promise<string> {
  const outfile = path.join(work, `probe-${Math.random().toString(36).slice(2)}.mjs`);
  await bundle({ entry: { source, resolveDir: path.join(REPO_ROOT, 'runtime') }, outfile, sourcemap: false });
  return readFile(outfile, 'utf8');
}

describe('package subsets in the bundle', () => {
  it('bundles the dispatcher classes and metric types the runtime uses, without the packages’ extras', () => {
    expect(runtimeBundle).toContain('node_modules/undici/lib/dispatcher/agent.js');
    expect(runtimeBundle).toContain('node_modules/prom-client/lib/histogram.js');
    expect(runtimeBundle).toContain('node_modules/prom-client/lib/defaultMetrics.js');
    for (const left of ['undici/lib/web/fetch/index.js', 'undici/lib/web/websocket/', 'undici/lib/mock/', 'undici/lib/dispatcher/client-h2.js', 'prom-client/lib/pushgateway.js', 'prom-client/lib/summary.js', 'prom-client/lib/cluster.js']) {
      expect(runtimeBundle).not.toContain(left);
    }
    expect(runtimeBundle).not.toMatch(/require\("(?:node:)?http2"\)/);
  });

  it('fails the bundle on an import outside a subset, naming the missing export', async () => {
    await expect(bundleSource("import { Summary } from 'prom-client';\nexport const s = Summary;\n")).rejects.toThrow(/No matching export[^]*Summary/);
    await expect(bundleSource("import { fetch } from 'undici';\nexport const f = fetch;\n")).rejects.toThrow(/No matching export[^]*fetch/);
  });

  it('puts a stand-in for undici’s HTTP/2 client, and an HTTP/1.1 client still loads and connects', async () => {
    expect(runtimeBundle).toContain('HTTP/2 to upstreams is not bundled');
    const outfile = path.join(work, 'h1-client.mjs');
    await bundle({
      entry: { source: "import { Client } from 'undici';\nexport { Client };\n", resolveDir: path.join(REPO_ROOT, 'runtime') },
      outfile,
      sourcemap: false,
    });
    const { Client } = (await import(pathToFileURL(outfile).href)) as { Client: new (origin: string) => UndiciClient };
    const upstream = await startUpstream({ routes: { 'GET /h1': json({ ok: true }) } });
    const client = new Client(upstream.url('/').replace(/\/$/, ''));
    try {
      const status = await new Promise<number>((resolve, reject) => {
        let code = 0;
        client.dispatch(
          { path: '/h1', method: 'GET' },
          {
            onConnect: () => undefined,
            onHeaders: (statusCode: number) => {
              code = statusCode;
              return true;
            },
            onData: () => true,
            onComplete: () => resolve(code),
            onError: (err: Error) => reject(err),
          },
        );
      });
      expect(status).toBe(200);
      expect(upstream.requests.map((r) => r.path)).toEqual(['/h1']);
    } finally {
      await client.close();
      await upstream.close();
    }
  });
});
