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
export const DEFAULT_RENDER_LIMITS: RenderLimits = Object.freeze({ maxWork: 1_000_000, maxBytes: 10 * 1024 * 1024 });

let limits: RenderLimits = DEFAULT_RENDER_LIMITS;
let workLeft = limits.maxWork;
let bytesLeft = limits.maxBytes;

/** The CONDUIT_ variables of the limits: the server options read them, and so does `conduit render`. */
export const RENDER_LIMIT_ENV = Object.freeze({ maxWork: 'CONDUIT_RENDER_MAX_WORK', maxBytes: 'CONDUIT_RENDER_MAX_BYTES' });

/**
 * The limits CONDUIT_RENDER_MAX_WORK / CONDUIT_RENDER_MAX_BYTES ask for (defaults where unset),
 * or the message of a bad value.
 */
export function renderLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): RenderLimits | string {
  const read = (name: string, fallback: number): number | string => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1) return `${name} must be a positive whole number, got '${text}'`;
    return Number(text);
  };
  const maxWork = read(RENDER_LIMIT_ENV.maxWork, DEFAULT_RENDER_LIMITS.maxWork);
  const maxBytes = read(RENDER_LIMIT_ENV.maxBytes, DEFAULT_RENDER_LIMITS.maxBytes);
  if (typeof maxWork === 'string') return maxWork;
  if (typeof maxBytes === 'string') return maxBytes;
  return { maxWork, maxBytes };
}

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

/** A compiled template rendered with a budget of its own (the runtime's call sites use this). */
export function renderWithBudget<V, E>(render: (vars: V, env: E) => string, vars: V, env: E): string {
  beginRender();
  return render(vars, env);
}

/** Characters per work unit: builtins walk text natively, far faster than a loop iteration runs. */
export const CHARS_PER_WORK_UNIT = 16;

/** Work for walking `length` characters of text. */
export function chargeTextWork(length: number): void {
  chargeWork(Math.ceil(length / CHARS_PER_WORK_UNIT));
}

export function chargeWork(units: number): void {
  workLeft -= units;
  if (workLeft < 0) throw budgetExceeded(`the template did more than ${limits.maxWork} steps of work`);
}

export function chargeBytes(bytes: number): void {
  bytesLeft -= bytes;
  if (bytesLeft < 0) throw budgetExceeded(`the template allocated more than ${limits.maxBytes} bytes`);
}

/**
 * What V8 throws when a render outgrows the engine itself (a string past its maximum length, an
 * array too large, data nested past the stack) as the rendering error it is, or null for any
 * other error. Builtins charge the budget first, so this is the net under what they cannot
 * foresee (output concatenated in a loop).
 */
export function engineLimitError(err: unknown): TemplateRenderError | null {
  if (!(err instanceof RangeError)) return null;
  if (err.message === 'Maximum call stack size exceeded') return new TemplateRenderError('recursion', 'maximum recursion depth exceeded');
  if (/^Invalid (?:string|array|typed array) length|^Array buffer allocation failed/.test(err.message)) {
    return budgetExceeded('the template produced a value too large to hold');
  }
  return null;
}

function budgetExceeded(message: string): TemplateRenderError {
  return new TemplateRenderError('budget-exceeded', `render budget exceeded: ${message}`);
}

/** `unit.repeat(times)` charged before it allocates: widths, fills and `*` never outgrow the budget. */
export function repeated(unit: string, times: number): string {
  if (times <= 0 || unit === '') return '';
  chargeBytes(unit.length * times);
  return unit.repeat(times);
}

/** Work proportional to a builtin's input: one unit per item or character it walks. */
export function chargeSize(value: unknown): void {
  if (typeof value === 'string') chargeWork(value.length);
  else if (Array.isArray(value)) chargeWork(value.length);
  else if (value instanceof Map) chargeWork(value.size);
}
