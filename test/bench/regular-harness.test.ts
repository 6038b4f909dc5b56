// The parts of bench/regular.ts that could make its figures lie: nginx must really proxy the
// scenario (header and query string fixed in its config, keep-alive upstream) and be stopped with
// its temp folder gone; the out-of-process load generator must count every wrong answer.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildServer } from '../../bench/closed-loop.js';
import { LoadGenerator } from '../../bench/load-generator.js';
import { nginxBinary, nginxConfig, startNginx, stopNginx } from '../../bench/regular/nginx.js';
import { API_VERSION, API_VERSION_HEADER, ITEMS_BODY, QUERY, UPSTREAM_PATH } from '../../bench/regular/scenario.js';

let upstream: Server;
let upstreamPort: number;
const seen: { url: string | undefined; version: string | string[] | undefined }[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({ url: req.url, version: req.headers[API_VERSION_HEADER] });
    const ok = req.url === `${UPSTREAM_PATH}?${QUERY}` && req.headers[API_VERSION_HEADER] === API_VERSION;
    res.writeHead(ok ? 200 : 400, { 'Content-Type': 'application/json' }).end(ok ? ITEMS_BODY : '{"error":"unexpected"}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamPort = (upstream.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describe('nginx side of the regular-connector benchmark', () => {
  it('writes a loopback-only, one-process config with upstream keep-alive', () => {
    const config = nginxConfig('/tmp/x', 8081, 9091, '/items');
    expect(config).toContain('listen 127.0.0.1:8081;');
    expect(config).toContain('master_process off;');
    expect(config).toContain('server 127.0.0.1:9091;');
    expect(config).toMatch(/keepalive \d+;/);
    expect(config).toContain('proxy_set_header Connection "";');
    expect(config).toContain(`proxy_pass http://bench_upstream${UPSTREAM_PATH}?${QUERY};`);
  });

  it('proxies the scenario with the fixed header and query string, then stops and removes its folder', async () => {
    const binary = nginxBinary();
    expect(binary, 'nginx is installed (apt-get install -y nginx)').not.toBeNull();
    const nginx = await startNginx(binary!, upstreamPort, '/items');
    try {
      seen.length = 0;
      const answer = await fetch(`http://127.0.0.1:${nginx.port}/items`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe(ITEMS_BODY);
      expect(seen).toEqual([{ url: `${UPSTREAM_PATH}?${QUERY}`, version: API_VERSION }]);
      expect((await fetch(`http://127.0.0.1:${nginx.port}/other`)).status).toBe(404);
    } finally {
      await stopNginx(nginx);
    }
    expect(nginx.child.exitCode !== null || nginx.child.signalCode !== null).toBe(true);
    expect(existsSync(nginx.dir)).toBe(false);
  });
});

describe('the out-of-process load generator', () => {
  let generator: LoadGenerator;
  // The test's own process stands in for the server whose CPU is read.
  const server = (): ChildServer => ({ child: { pid: process.pid } as ChildServer['child'], port: upstreamPort });

  beforeAll(async () => {
    generator = await LoadGenerator.start();
  });
  afterAll(async () => {
    await generator.stop();
  });

  it('counts answers with the expected body as good', async () => {
    const sample = await generator.sample(server(), { path: `${UPSTREAM_PATH}?${QUERY}`, method: 'GET', headers: { [API_VERSION_HEADER]: API_VERSION }, expectBody: ITEMS_BODY }, 2, 0.3);
    expect(sample.latencies.length).toBeGreaterThan(0);
    expect(sample.errors).toBe(0);
    expect(sample.latencies.every((ms) => ms > 0 && ms < 10_000)).toBe(true);
    expect(sample.serverCpuMs).not.toBeNull();
  });

  it('counts non-2xx answers as errors', async () => {
    // Without the header the upstream answers 400.
    const sample = await generator.sample(server(), { path: `${UPSTREAM_PATH}?${QUERY}`, method: 'GET', expectBody: ITEMS_BODY }, 2, 0.3);
    expect(sample.latencies.length).toBeGreaterThan(0);
    expect(sample.errors).toBeGreaterThanOrEqual(sample.latencies.length);
  });

  it('counts a 200 with another body as an error', async () => {
    const sample = await generator.sample(server(), { path: `${UPSTREAM_PATH}?${QUERY}`, method: 'GET', headers: { [API_VERSION_HEADER]: API_VERSION }, expectBody: '{"other":true}' }, 2, 0.3);
    expect(sample.latencies.length).toBeGreaterThan(0);
    expect(sample.errors).toBe(sample.latencies.length);
  });

  it('fails the sample when the server is not there', async () => {
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    const sample = await generator.sample({ ...server(), port }, { path: '/', method: 'GET', expectBody: '' }, 1, 0.2);
    expect(sample.latencies.length).toBe(0);
    expect(sample.errors).toBeGreaterThan(0);
  });
});
