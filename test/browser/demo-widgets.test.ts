// The demo widget page in real headless Chromium against the real demo stack (demo upstream over
// HTTPS, the bundled runtime as a child process, the page on its own origin): the <script> SDK
// loads, connectors resolve with the demo upstream's data, failures reject with the runtime's
// scopes, a short SDK timeout rejects, and a page on an origin the runtime does not allow is
// refused by the browser's CORS check. Leaves a screenshot in test/artifacts/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDemo, demoBuildPaths } from '../../demo/build-demo.js';
import { SLOW_PREFERENCES_MS } from '../../demo/demo-members.js';
import { startDemoStack, type DemoStack } from '../../demo/demo-stack.js';
import { startPageServer, type PageServer } from '../../demo/page-server.js';
import { launchChromium } from './support/chromium.js';
import type { DemoPageGlobals, PageRow } from './support/page-globals.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const REGISTRY = fileURLToPath(new URL('../../registry/', import.meta.url));

let buildDir: string;
let stack: DemoStack;
/** The same page served from an origin the runtime does not allow. */
let foreignPage: PageServer;
let browser: Browser;
let context: BrowserContext;
const runtimeLines: string[] = [];

beforeAll(async () => {
  buildDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-browser-'));
  const paths = demoBuildPaths(REGISTRY, buildDir);
  const built = await buildDemo(paths);
  if (!built.ok) throw new Error(`the demo registry does not build:\n${built.report}`);
  stack = await startDemoStack({
    serverFile: paths.serverFile,
    sdkDir: paths.sdkDir,
    pagePort: 0,
    runtimePort: 0,
    upstreamPort: 0,
    onRuntimeLine: (line) => runtimeLines.push(line),
  });
  foreignPage = await startPageServer({ sdkDir: paths.sdkDir, userTokenSecret: 'not-the-runtime-secret', port: 0 });
  foreignPage.setRuntimeUrl(stack.runtimeUrl);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
}, 90_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await foreignPage?.close();
  await stack?.close();
  if (buildDir !== undefined) await rm(buildDir, { recursive: true, force: true });
}, 30_000);

interface MemberConfig {
  readonly id: string;
  readonly token: string;
}

async function openDemoPage(url = stack.pageUrl): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  return page;
}

/** A member's user token, as the page's config hands it out. */
async function tokenOf(page: Page, memberId: string): Promise<string> {
  const members = await page.evaluate(async () => {
    const config = await (await (globalThis as unknown as DemoPageGlobals).fetch('/demo-config.json')).json();
    return (config as { members: MemberConfig[] }).members;
  });
  const member = members.find((m) => m.id === memberId);
  if (member === undefined) throw new Error(`no demo member ${memberId}`);
  return member.token;
}

/** What a ConnectorError carries, or the resolved body, from a composite call made in the page. */
type Outcome =
  | { readonly resolved: unknown }
  | { readonly rejected: { isConnectorError: boolean; status: number; scope: string; message: string; timing: unknown; elapsedMs: number } };

function runComposite(page: Page, args: { token: string | null; timeout?: number }): Promise<Outcome> {
  return page.evaluate(
    async ({ baseUrl, token, timeout }) => {
      const win = globalThis as unknown as DemoPageGlobals;
      const SDK = win.WidgetServiceSDK!;
      const sdk = new SDK({ baseUrl, ...(token === null ? {} : { token }), ...(timeout === undefined ? {} : { timeout }) });
      const started = win.performance.now();
      try {
        return { resolved: await sdk.connectors.composite.execute({ permalink: 'profile-lookup' }) };
      } catch (error) {
        const e = error as InstanceType<typeof SDK.ConnectorError>;
        return {
          rejected: {
            isConnectorError: e instanceof SDK.ConnectorError,
            status: e.status,
            scope: e.scope,
            message: e.message,
            timing: e.timing ?? null,
            elapsedMs: win.performance.now() - started,
          },
        };
      }
    },
    { baseUrl: stack.runtimeUrl, token: args.token, timeout: args.timeout },
  );
}

/** Clicks a card's button and waits until its result is shown. */
async function callCard(page: Page, permalink: string): Promise<{ state: string; body: string; scope: string | null }> {
  const card = page.locator(`#card-${permalink}`);
  await card.locator('button').click();
  const result = card.locator('.result:is([data-state="ok"], [data-state="error"])');
  await result.waitFor({ timeout: 10_000 });
  return {
    state: (await result.getAttribute('data-state')) ?? '',
    body: (await card.locator('pre.body').count()) > 0 ? await card.locator('pre.body').innerText() : '',
    scope: (await card.locator('dd.scope').count()) > 0 ? await card.locator('dd.scope').innerText() : null,
  };
}

describe('the demo page in Chromium', () => {
  test('loads the SDK from its <script> tag as window.WidgetServiceSDK', async () => {
    const page = await openDemoPage();
    const loaded = await page.evaluate(() => {
      const { WidgetServiceSDK, document } = globalThis as unknown as DemoPageGlobals;
      return {
        sdk: typeof WidgetServiceSDK,
        errorClass: typeof WidgetServiceSDK?.ConnectorError,
        scripts: Array.from(document.scripts, (s) => new URL(s.src).pathname),
      };
    });
    expect(loaded).toEqual({ sdk: 'function', errorClass: 'function', scripts: ['/sdk/widget-sdk.iife.js', '/widget.js'] });
    // The page rendered a card for every connector of the demo registry.
    expect(await page.locator('article.card').count()).toBe(7);
    await page.close();
  });

  test("a composite call resolves with the last step's parsed body", async () => {
    const page = await openDemoPage();
    const outcome = await runComposite(page, { token: await tokenOf(page, '42') });
    // Built by step 2's response_body from step 1's user record and step 2's preferences.
    expect(outcome).toEqual({
      resolved: {
        account: 'acc-1042',
        email: 'ada@example.com',
        id: '42',
        name: 'Ada Lovelace',
        preferences: { account_id: 'acc-1042', language: 'en-GB', newsletter: true, theme: 'dark', timezone: 'Europe/London' },
      },
    });

    // The same call through the page's own card: the parsed body and a timing row per step.
    const shown = await callCard(page, 'profile-lookup');
    expect(shown.state).toBe('ok');
    expect(JSON.parse(shown.body)).toEqual((outcome as { resolved: unknown }).resolved);
    const steps = await page.locator('#card-profile-lookup tbody tr').evaluateAll((rows) =>
      (rows as unknown as PageRow[]).map((row) => ({ step: row.dataset['step'], status: row.children[2]?.textContent })),
    );
    expect(steps).toEqual([
      { step: 'fetch-user', status: '200' },
      { step: 'fetch-preferences', status: '200' },
    ]);
    await page.close();
  });

  test('an upstream 500 in step 2 rejects with status 502 and the exact scope', async () => {
    const page = await openDemoPage();
    const outcome = await runComposite(page, { token: await tokenOf(page, '500') });
    expect(outcome).toEqual({
      rejected: {
        isConnectorError: true,
        status: 502,
        scope: "Composite step 'fetch-preferences' (index 1): Downstream (HTTP error)",
        message: 'The upstream service answered HTTP 500',
        timing: {
          request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          steps: [
            { name: 'fetch-user', index: 0, status_code: 200, duration_ms: expect.any(Number) },
            { name: 'fetch-preferences', index: 1, status_code: 500, duration_ms: expect.any(Number) },
          ],
          total_ms: expect.any(Number),
        },
        elapsedMs: expect.any(Number),
      },
    });

    // The card shows the envelope: pick Erin in the member box, run the composite.
    await page.selectOption('#member', '500');
    const shown = await callCard(page, 'profile-lookup');
    expect(shown).toMatchObject({ state: 'error', scope: "Composite step 'fetch-preferences' (index 1): Downstream (HTTP error)" });
    expect(await page.locator('#card-profile-lookup dd.status').innerText()).toBe('502');
    // The v2 envelope's fields on the card: where it failed and the request id.
    expect(JSON.parse(await page.locator('#card-profile-lookup dd.detail').innerText())).toEqual({ step: 'fetch-preferences', index: 1, upstream_status: 500 });
    expect(await page.locator('#card-profile-lookup dd.request-id').innerText()).toMatch(/^[0-9a-f-]{36}$/);
    await page.close();
  });

  test('a call slower than the SDK timeout rejects with the Timeout scope', async () => {
    const page = await openDemoPage();
    const timeout = 600;
    const outcome = await runComposite(page, { token: await tokenOf(page, '504'), timeout });
    expect(outcome).toMatchObject({ rejected: { isConnectorError: true, status: 0, scope: 'Timeout', message: `No response within ${timeout} ms` } });
    const { elapsedMs } = (outcome as { rejected: { elapsedMs: number } }).rejected;
    // Abandoned at the SDK's deadline, well before the slow account would have answered.
    expect(elapsedMs).toBeGreaterThanOrEqual(timeout - 5);
    expect(elapsedMs).toBeLessThan(SLOW_PREFERENCES_MS - 1_000);
    await page.close();
  });

  test('a page on an origin the runtime does not allow is refused by the browser', async () => {
    expect(foreignPage.origin).not.toBe(stack.pageOrigin);
    const page = await openDemoPage(foreignPage.url);
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => failedRequests.push(request.url()));

    // A composite POST with JSON needs a preflight; the runtime's answer carries no CORS grant.
    const outcome = await runComposite(page, { token: null });
    expect(outcome).toMatchObject({ rejected: { isConnectorError: true, status: 0, scope: 'Network' } });
    expect((outcome as { rejected: { message: string } }).rejected.message).toMatch(/^Network error: Failed to fetch/);
    await expect.poll(() => consoleErrors.join('\n')).toMatch(/has been blocked by CORS policy/);
    expect(failedRequests).toContain(`${stack.runtimeUrl}/api/connectors/composite/profile-lookup`);

    // What the runtime answers that origin (the preflight and the request itself): no grant at all.
    const origin = foreignPage.origin;
    const preflight = await fetch(`${stack.runtimeUrl}/api/connectors/composite/profile-lookup`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const direct = await fetch(`${stack.runtimeUrl}/api/connectors/weather-now`, { headers: { Origin: origin } });
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
    await direct.body?.cancel();

    // The allowed origin gets the grant for the same requests, so the refusal is about the origin.
    const allowed = await fetch(`${stack.runtimeUrl}/api/connectors/weather-now`, { headers: { Origin: stack.pageOrigin } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(stack.pageOrigin);
    await allowed.body?.cancel();
    await page.close();
  });

  test('the cards show a refused request (400, scope Request) and an SDK boundary error', async () => {
    const page = await openDemoPage();
    // A path parameter the runtime refuses: the envelope of a request-level error.
    await page.locator('#card-order-item input[name="order_id"]').fill('4 2');
    const refused = await callCard(page, 'order-item');
    expect(refused).toMatchObject({ state: 'error', scope: 'Request' });
    expect(await page.locator('#card-order-item dd.status').innerText()).toBe('400');
    expect(await page.locator('#card-order-item dd.code').innerText()).toBe('INVALID_PATH_PARAMETERS');
    expect(await page.locator('#card-order-item dd.params').innerText()).toBe('order_id');
    // A timeout the SDK does not accept: thrown before any request, shown as such.
    await page.locator('#timeout').fill('-5');
    const card = page.locator('#card-weather-now');
    await card.locator('button').click();
    await card.locator('.result[data-state="error"]').waitFor({ timeout: 10_000 });
    expect(await card.locator('.headline').innerText()).toBe('✗ ConnectorBoundaryError (no request was sent)');
    expect(await card.locator('dd.field').innerText()).toBe('config.timeout');
    await page.close();
  });

  test('the page also works when opened as http://localhost:PORT (both spellings are allowed origins)', async () => {
    const localhostUrl = stack.pageUrl.replace('://127.0.0.1:', '://localhost:');
    const page = await openDemoPage(localhostUrl);
    const outcome = await runComposite(page, { token: await tokenOf(page, '7') });
    expect(outcome).toMatchObject({ resolved: { id: '7', name: 'Grace Hopper', account: 'acc-1007' } });
    await page.close();
  });

  test('the cached GET: a second catalog call is answered from the runtime cache', async () => {
    const page = await openDemoPage();
    const catalog = async () => {
      const shown = await callCard(page, 'product-catalog');
      expect(shown.state).toBe('ok');
      // A regular connector's timing: the internal/external split, and whether the cache answered.
      const cache = await page.locator('#card-product-catalog table.split tr.cache td').nth(1).innerText();
      expect(await page.locator('#card-product-catalog table.split tr.external td').nth(0).innerText()).toMatch(/^external( \(127\.0\.0\.1\))?/);
      expect(await page.locator('#card-product-catalog table.split tr.internal td').nth(1).innerText()).toMatch(/^\d+\.\d ms$/);
      return { requests: (JSON.parse(shown.body) as { upstream_requests: number }).upstream_requests, cache };
    };
    const first = await catalog();
    const second = await catalog();
    // The same answer (the upstream counted no new request), and the timing says where it came from.
    expect(second).toEqual({ requests: first.requests, cache: 'hit' });
    await page.close();
  });

  test('every card works from the page; the screenshot is kept in test/artifacts', async () => {
    const page = await openDemoPage();
    const results = new Map<string, Awaited<ReturnType<typeof callCard>>>();
    for (const permalink of ['profile-lookup', 'order-item', 'weather-now', 'partner-inventory', 'product-catalog', 'create-support-ticket']) {
      results.set(permalink, await callCard(page, permalink));
    }
    for (const [permalink, result] of results) expect({ permalink, state: result.state }).toEqual({ permalink, state: 'ok' });
    const body = (permalink: string) => JSON.parse(results.get(permalink)!.body) as Record<string, unknown>;
    expect(body('order-item')).toEqual({
      order_id: '42',
      item: { id: 'a-1', sku: 'WID-001', quantity: 2, status: 'shipped' },
      page: 1,
      page_size: 20,
      customer: '42',
    });
    expect(body('weather-now')).toEqual({ city: 'Warsaw', summary: 'Partly cloudy', temperature: 18.5 });
    expect(body('partner-inventory')).toMatchObject({ requested_by: { sub: '42', email: 'ada@example.com', tenant: 'demo-community' }, token_expires_in_s: 120 });
    expect(body('product-catalog')).toMatchObject({ products: expect.arrayContaining([expect.objectContaining({ sku: 'WID-001' })]) });
    expect(body('create-support-ticket')).toMatchObject({ status: 'open', subject: 'Widget hinge squeaks', reporter: { id: '42', email: 'ada@example.com' } });

    await mkdir(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'demo-page.png');
    const png = await page.screenshot({ path: file, fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    await page.close();
  });
});
