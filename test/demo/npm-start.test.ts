// `npm start` (demo/start.ts) as a process: it prints the page URL and a curl line that works,
// and SIGINT / SIGTERM / SIGHUP stop every server and the runtime child (no orphan, every port free). When
// the runtime dies, when the registry has errors, or when a port is taken, it says so and exits 1
// without leaving anything behind.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MEMBERS } from '../../demo/demo-members.js';
import { descendantsOf, eventually, isPortFree, isRunning, spawnDemo, type DemoProcess } from './support/demo-process.js';

let tmp: string;
const started: DemoProcess[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'conduit-npm-start-'));
});

afterAll(async () => {
  // A failed assertion must not leave a demo running.
  for (const demo of started) {
    for (const pid of [demo.pid, ...descendantsOf(demo.pid)]) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
  await rm(tmp, { recursive: true, force: true });
});

/**
 * Any free ports, and a build folder outside the checkout. The tests run one after another and share
 * that folder, so only the first start builds the SDK (later ones find it up to date).
 */
function start(extra: readonly string[] = []): DemoProcess {
  const demo = spawnDemo(['--port', '0', '--runtime-port', '0', '--upstream-port', '0', '--build-dir', path.join(tmp, 'build'), ...extra]);
  started.push(demo);
  return demo;
}

interface Ready {
  readonly pageUrl: string;
  readonly runtimePid: number;
  readonly upstreamUrl: string;
  readonly curlLine: string;
}

async function ready(demo: DemoProcess): Promise<Ready> {
  const [, pageUrl] = await demo.waitFor(/Open the demo page: (\S+)/);
  const [, curlLine] = demo.stdout().match(/^\s+(curl .+)$/m) ?? [];
  const [, runtimePid] = demo.stdout().match(/runtime \(pid (\d+)\)/) ?? [];
  const [, upstreamUrl] = demo.stdout().match(/demo upstream \(OAuth token endpoint \+ JSON API\): (\S+)/) ?? [];
  expect(curlLine).toBeDefined();
  return { pageUrl: pageUrl!, runtimePid: Number(runtimePid), upstreamUrl: upstreamUrl!, curlLine: curlLine! };
}

/** The request a printed `curl -i -H 'K: V' 'URL'` line makes. */
function parseCurl(line: string): { url: string; headers: Record<string, string> } {
  const quoted = [...line.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const headers: Record<string, string> = {};
  const words = line.split(/\s+/);
  expect(words[0]).toBe('curl');
  // Every -H value is quoted; the last quoted word is the URL.
  for (const header of quoted.slice(0, -1)) {
    const colon = header.indexOf(':');
    headers[header.slice(0, colon)] = header.slice(colon + 1).trim();
  }
  return { url: quoted.at(-1)!, headers };
}

const portOf = (url: string) => Number(new URL(url).port);

async function expectAllGone(demo: DemoProcess, pids: readonly number[], urls: readonly string[]): Promise<void> {
  for (const pid of pids) expect({ pid, gone: await eventually(() => !isRunning(pid)) }).toEqual({ pid, gone: true });
  for (const url of urls) expect({ url, free: await eventually(() => isPortFree(portOf(url))) }).toEqual({ url, free: true });
  expect(descendantsOf(demo.pid)).toEqual([]);
}

// A start builds the registry (and the first one the SDK): seconds each, more on a busy CI machine.
describe('npm start', { timeout: 90_000 }, () => {
  test('prints the page URL and a curl line that works; SIGINT stops every server and the runtime', async () => {
    const demo = start();
    const { pageUrl, runtimePid, upstreamUrl, curlLine } = await ready(demo);
    expect(demo.stdout()).toMatch(/--allow-insecure-upstreams is on for this demo only/);

    // The curl line's request, made with fetch, answers with the demo upstream's order item.
    const { url, headers } = parseCurl(curlLine);
    // order-item sends the member id upstream, so the line carries a demo member's user token (else 401 USER_REQUIRED).
    expect(headers).toEqual({ Authorization: expect.stringMatching(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/), 'X-Path-Params': 'order_id=42&item_id=a-1' });
    const response = await fetch(url, { headers });
    expect(response.status).toBe(200);
    // A regular connector's timing schema (SPEC §5 v2).
    expect(JSON.parse(response.headers.get('x-connector-timing')!)).toMatchObject({ request_id: response.headers.get('x-request-id'), external_host: '127.0.0.1' });
    expect(await response.json()).toEqual({
      order_id: '42',
      item: { id: 'a-1', sku: 'WID-001', quantity: 2, status: 'shipped' },
      page: 2,
      page_size: 5,
      customer: DEMO_MEMBERS[0]!.id, // the curl line's user token is the first demo member's
    });
    // The page is up too, on another origin than the runtime.
    const page = await fetch(pageUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/sdk/widget-sdk.iife.js"></script>');
    expect(new URL(pageUrl).origin).not.toBe(new URL(url).origin);

    const children = descendantsOf(demo.pid);
    expect(children).toContain(runtimePid);
    demo.child.kill('SIGINT');
    expect(await demo.exited).toEqual({ code: 0, signal: null });
    expect(demo.stdout()).toMatch(/demo: SIGINT: stopping.*\n[\s\S]*demo: stopped\n$/);
    await expectAllGone(demo, children, [pageUrl, url, upstreamUrl]);
  });

  // SIGHUP: the terminal closed. The runtime is in its own process group, so only the demo hears it.
  test.each(['SIGTERM', 'SIGHUP'] as const)('%s stops everything as well', async (signal) => {
    const demo = start();
    const { pageUrl, runtimePid, upstreamUrl, curlLine } = await ready(demo);
    const children = descendantsOf(demo.pid);
    expect(children).toContain(runtimePid);
    demo.child.kill(signal);
    expect(await demo.exited).toEqual({ code: 0, signal: null });
    expect(demo.stdout()).toContain(`demo: ${signal}: stopping`);
    await expectAllGone(demo, children, [pageUrl, parseCurl(curlLine).url, upstreamUrl]);
  });

  test('a runtime that dies takes the demo down with exit code 1, and the other servers close', async () => {
    const demo = start();
    const { pageUrl, runtimePid, upstreamUrl } = await ready(demo);
    process.kill(runtimePid, 'SIGKILL');
    expect(await demo.exited).toEqual({ code: 1, signal: null });
    expect(demo.stderr()).toContain('demo: the runtime exited unexpectedly (SIGKILL); stopping the demo');
    await expectAllGone(demo, [runtimePid], [pageUrl, upstreamUrl]);
  });

  test('a registry with errors is reported and nothing starts', async () => {
    const registry = path.join(tmp, 'bad-registry');
    await mkdir(registry, { recursive: true });
    await writeFile(path.join(registry, 'bad.yaml'), 'connectors:\n  - name: Plain HTTP\n    url: http://api.example.com/v1\n    method: GET\n');
    const demo = start(['--registry', registry]);
    expect(await demo.exited).toEqual({ code: 1, signal: null });
    expect(demo.stderr()).toMatch(/bad\.yaml:3:10: error: .*\[url-not-https\]/);
    expect(demo.stderr()).toContain('has errors (see above)');
    expect(demo.stdout()).not.toContain('Open the demo page');
  });

  test('a port in use is named, and no runtime is left behind', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const demo = start(['--port', String(port)]);
      const children: number[] = [];
      // Sample the process tree while it runs: nothing it starts may outlive it.
      const sampler = setInterval(() => children.push(...descendantsOf(demo.pid)), 20);
      const exit = await demo.exited;
      clearInterval(sampler);
      expect(exit).toEqual({ code: 1, signal: null });
      expect(demo.stderr()).toContain(`demo: cannot start: port ${port} is in use`);
      for (const pid of new Set(children)) expect(await eventually(() => !isRunning(pid))).toBe(true);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('bad options print the usage and exit 2', async () => {
    const demo = spawnDemo(['--port', 'eighty']);
    started.push(demo);
    expect(await demo.exited).toEqual({ code: 2, signal: null });
    expect(demo.stderr()).toContain("demo: --port must be a port number (0-65535), got 'eighty'");
    expect(demo.stderr()).toContain('usage: npm start');
  });
});
