// The demo page's static server: what it serves (and nothing else), the CSP that limits the page
// to the runtime, and the user tokens it signs as the host site would.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MEMBERS, DEMO_TENANT } from '../../demo/demo-members.js';
import { startPageServer, type PageServer } from '../../demo/page-server.js';

const SECRET = 'page-server-test-secret-0123456789';
let sdkDir: string;
let page: PageServer;

beforeAll(async () => {
  sdkDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-page-'));
  await writeFile(path.join(sdkDir, 'widget-sdk.iife.js'), 'globalThis.WidgetServiceSDK = function () {};\n');
  page = await startPageServer({ sdkDir, userTokenSecret: SECRET, port: 0 });
});

afterAll(async () => {
  await page.close();
  await rm(sdkDir, { recursive: true, force: true });
});

describe('the page server', () => {
  test('serves the page, its script and style, and the built SDK', async () => {
    expect(page.url).toBe(`${page.origin}/`);
    const index = await fetch(page.url);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<script src="/sdk/widget-sdk.iife.js"></script>');
    for (const [file, type] of [['/widget.js', 'text/javascript; charset=utf-8'], ['/style.css', 'text/css; charset=utf-8']] as const) {
      const response = await fetch(`${page.origin}${file}`);
      expect({ file, status: response.status, type: response.headers.get('content-type') }).toEqual({ file, status: 200, type });
    }
    const sdk = await fetch(`${page.origin}/sdk/widget-sdk.iife.js`);
    expect(await sdk.text()).toBe('globalThis.WidgetServiceSDK = function () {};\n');
  });

  test('serves nothing else: unknown paths and files not built yet are 404, other methods 405', async () => {
    for (const p of ['/../package.json', '/demo-stack.ts', '/sdk/widget-sdk.mjs', '/page/index.html']) {
      expect({ p, status: (await fetch(`${page.origin}${p}`)).status }).toEqual({ p, status: 404 });
    }
    // Listed, but not in the SDK folder (no source map was built here).
    expect((await fetch(`${page.origin}/sdk/widget-sdk.iife.js.map`)).status).toBe(404);
    const post = await fetch(page.url, { method: 'POST', body: 'x' });
    expect({ status: post.status, allow: post.headers.get('allow') }).toEqual({ status: 405, allow: 'GET, HEAD' });
  });

  test('the config is 503 until the runtime URL is known, then names it with a signed token per member', async () => {
    const early = await startPageServer({ sdkDir, userTokenSecret: SECRET, port: 0 });
    try {
      expect((await fetch(`${early.origin}/demo-config.json`)).status).toBe(503);
      early.setRuntimeUrl('http://127.0.0.1:9');
      const config = (await (await fetch(`${early.origin}/demo-config.json`)).json()) as { runtimeUrl: string; members: { id: string; name: string; token: string }[] };
      expect(config.runtimeUrl).toBe('http://127.0.0.1:9');
      expect(config.members.map((m) => m.id)).toEqual(DEMO_MEMBERS.map((m) => m.id));
      const ada = config.members[0]!;
      expect(ada.name).toBe('Ada Lovelace');
      const { payload, protectedHeader } = await jwtVerify(ada.token, new TextEncoder().encode(SECRET));
      expect(protectedHeader.alg).toBe('HS256');
      expect(payload).toMatchObject({
        sub: '42',
        email: 'ada@example.com',
        username: 'ada',
        first_name: 'Ada',
        last_name: 'Lovelace',
        tenant_id: DEMO_TENANT,
        profile_fields: { '1': 'acc-1042' },
      });
      expect(payload.exp! - payload.iat!).toBe(8 * 3600);
      // Signed with the page's secret only: another secret does not verify it.
      await expect(jwtVerify(ada.token, new TextEncoder().encode('another secret'))).rejects.toThrow();
    } finally {
      await early.close();
    }
  });

  test('a config whose tokens cannot be signed is a 500 that names no secret', async () => {
    const unsigned = await startPageServer({ sdkDir, userTokenSecret: '', port: 0 });
    try {
      unsigned.setRuntimeUrl('http://127.0.0.1:9');
      const response = await fetch(`${unsigned.origin}/demo-config.json`);
      expect({ status: response.status, body: await response.text() }).toEqual({ status: 500, body: 'cannot sign the demo tokens\n' });
    } finally {
      await unsigned.close();
    }
  });

  test('pages may connect to the runtime and nowhere else (CSP), and are never cached', async () => {
    page.setRuntimeUrl('http://127.0.0.1:8080');
    const index = await fetch(page.url);
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:8080;");
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('cache-control')).toBe('no-store');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('a taken port is an EADDRINUSE error', async () => {
    await expect(startPageServer({ sdkDir, userTokenSecret: SECRET, port: page.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
