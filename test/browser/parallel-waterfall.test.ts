// The demo's `member-dashboard` composite (execution: parallel, a `when:` step) in headless
// Chromium against the real demo stack: the card resolves with the combined document and shows a
// timing waterfall, each step's bar placed at its real start offset (X-Connector-Timing start_ms);
// with preferences=no the conditional step is shown as skipped. Leaves a screenshot in test/artifacts/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDemo, demoBuildPaths } from '../../demo/build-demo.js';
import { startDemoStack, type DemoStack } from '../../demo/demo-stack.js';
import { launchChromium } from './support/chromium.js';
import type { PageRow } from './support/page-globals.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const REGISTRY = fileURLToPath(new URL('../../registry/', import.meta.url));
const CARD = '#card-member-dashboard';

let buildDir: string;
let stack: DemoStack;
let browser: Browser;

beforeAll(async () => {
  buildDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-browser-parallel-'));
  const paths = demoBuildPaths(REGISTRY, buildDir);
  const built = await buildDemo(paths);
  if (!built.ok) throw new Error(`the demo registry does not build:\n${built.report}`);
  stack = await startDemoStack({ serverFile: paths.serverFile, sdkDir: paths.sdkDir, pagePort: 0, runtimePort: 0, upstreamPort: 0 });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  if (buildDir !== undefined) await rm(buildDir, { recursive: true, force: true });
}, 30_000);

interface WaterfallRow {
  readonly step: string | undefined;
  readonly skipped: boolean;
  readonly status: string | null | undefined;
  readonly start: string | null | undefined;
  /** The bar's left edge and width, in % of the time axis. */
  readonly left: number;
  readonly width: number;
}

async function runDashboard(page: Page, preferences: 'yes' | 'no'): Promise<{ body: Record<string, unknown>; rows: WaterfallRow[] }> {
  await page.selectOption('#member', '42');
  const card = page.locator(CARD);
  await card.locator('input[name="preferences"]').fill(preferences);
  await card.locator('button').click();
  const result = card.locator('.result:is([data-state="ok"], [data-state="error"])');
  await result.waitFor({ timeout: 10_000 });
  // On an error the card's text (scope, message) says why.
  expect(await result.getAttribute('data-state'), await result.innerText()).toBe('ok');
  const body = JSON.parse(await card.locator('pre.body').innerText()) as Record<string, unknown>;
  const rows = await card.locator('table.waterfall tbody tr[data-step]').evaluateAll((trs) =>
    (trs as unknown as (PageRow & { nextElementSibling: { querySelector(s: string): { style: { marginLeft: string; width: string } } } })[]).map((row) => {
      // Each step row is followed by its track row, which holds the bar on the shared time axis.
      const bar = row.nextElementSibling.querySelector('.bar');
      return {
        step: row.dataset['step'],
        skipped: row.dataset['skipped'] === 'true',
        status: row.children[2]?.textContent,
        start: row.children[4]?.textContent,
        left: Number.parseFloat(bar.style.marginLeft),
        width: Number.parseFloat(bar.style.width),
      };
    }),
  );
  return { body, rows };
}

describe('member-dashboard: execution: parallel on the demo page', () => {
  test('shows the combined answer and a waterfall with each step at its start offset', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(stack.pageUrl);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
    const { body, rows } = await runDashboard(page, 'yes');
    expect(body).toMatchObject({ member: 'Ada Lovelace', weather: 'Lisbon: 24 °C, Sunny', partner_stock: 2340 });
    expect(body['preferences']).toMatchObject({ account_id: 'acc-1042' });
    expect(rows.map((r) => [r.step, r.status])).toEqual([
      ['profile', '200'],
      ['weather', '200'],
      ['catalog', '200'],
      ['preferences', '200'],
      ['partner-stock', '200'],
    ]);
    for (const row of rows) expect(row.start).toMatch(/^\+\d+\.\d$/);
    const at = (name: string) => rows.find((r) => r.step === name)!;
    // preferences waits for profile, and the last step for everything: their bars start where
    // the bars of the steps they read end.
    expect(at('preferences').left).toBeGreaterThanOrEqual(at('profile').left + at('profile').width - 1);
    for (const name of ['profile', 'weather', 'catalog', 'preferences']) {
      expect(at('partner-stock').left).toBeGreaterThanOrEqual(at(name).left + at(name).width - 1);
    }
    // The three steps that read nothing start together, before the first of them has finished.
    const firstEnd = Math.min(...['profile', 'weather', 'catalog'].map((n) => at(n).left + at(n).width));
    for (const name of ['profile', 'weather', 'catalog']) expect(at(name).left).toBeLessThan(firstEnd);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.locator(CARD).screenshot({ path: path.join(ARTIFACTS, 'member-dashboard-waterfall.png') });
    await page.close();
  });

  test('with preferences=no the conditional step is skipped and the last step sees it', async () => {
    const page = await browser.newPage();
    await page.goto(stack.pageUrl);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
    const { body, rows } = await runDashboard(page, 'no');
    expect(body['preferences']).toBeNull();
    expect(rows.find((r) => r.step === 'preferences')).toMatchObject({ skipped: true, status: 'skipped' });
    await page.close();
  });
});
