// The per-render budget (SPEC §2 Safety): every render may do a bounded amount of work and
// allocate a bounded number of bytes, so hostile data can make a template fail (422) but never
// crash the process or hold the event loop. Rendering is synchronous and never re-entered, so
// one module-level budget, reset by each compiled template's prologue (`rt.beginRender()`), is
// exact and costs two integer decrements on the hot path.
//
// Who charges what:
// - compiled code: one work unit per loop iteration and per macro/caller call;
// - builtins (filters, methods, operators): work proportional to their input, bytes for what
//   they allocate (`*`, `center`, `format`, `batch`, `join`, `range`, `wordwrap`, `indent`, …).
import { TemplateRenderError } from './types.js';

export interface RenderLimits {
  /** Work units one render may spend (loop iterations, items a builtin walks). */
  readonly maxWork: number;
  /** Bytes (UTF-16 code units for strings, 8 per list slot) one render may allocate. */
  readonly maxBytes: number;
}

/** Far above what any legitimate connector template needs; far below what hurts the process. */
export const DEFAULT_RENDER_LIMITS: RenderLimits = Object.freeze({ maxWork: 5_000_000, maxBytes: 10 * 1024 * 1024 });

let limits: RenderLimits = DEFAULT_RENDER_LIMITS;
let workLeft = limits.maxWork;
let bytesLeft = limits.maxBytes;

/** Process-wide limits (server options, `conduit render`); applies from the next render on. */
export function configureRenderLimits(next: Partial<RenderLimits>): void {
  limits = Object.freeze({ ...limits, ...next });
}

export function currentRenderLimits(): RenderLimits {
  return limits;
}

/** Starts a fresh budget: the first thing every compiled template does. */
export function beginRender(): void {
  workLeft = limits.maxWork;
  bytesLeft = limits.maxBytes;
}

export function chargeWork(units: number): void {
  workLeft -= units;
  if (workLeft < 0) throw budgetExceeded(`the template did more than ${limits.maxWork} steps of work`);
}

export function chargeBytes(bytes: number): void {
  bytesLeft -= bytes;
  if (bytesLeft < 0) throw budgetExceeded(`the template allocated more than ${limits.maxBytes} bytes`);
}

function budgetExceeded(message: string): TemplateRenderError {
  return new TemplateRenderError('budget-exceeded', `render budget exceeded: ${message}`);
}
