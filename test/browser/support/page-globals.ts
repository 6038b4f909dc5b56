// What browser tests read from the demo page's global scope inside page.evaluate(), typed here
// because the test project compiles without the DOM lib. Functions passed to evaluate() run in the
// page, so they reach these through `globalThis as unknown as DemoPageGlobals`.
import type { WidgetServiceSDK } from '../../../sdk/src/index.js';

interface PageElement {
  readonly dataset: Readonly<Record<string, string | undefined>>;
  readonly children: ArrayLike<{ readonly textContent: string | null }>;
}

export interface DemoPageGlobals {
  /** Set by sdk/dist/widget-sdk.iife.js (the <script> tag). */
  readonly WidgetServiceSDK?: typeof WidgetServiceSDK;
  readonly document: { readonly scripts: ArrayLike<{ readonly src: string }> };
  readonly performance: { now(): number };
  fetch(url: string): Promise<{ json(): Promise<unknown> }>;
}

/** A table row of the page, as evaluateAll hands it over. */
export type PageRow = PageElement;
