// Per-step timing and its two response headers (SPEC §5): `Server-Timing` for browser dev tools
// and `X-Connector-Timing` (JSON) for the SDK.
import type { CacheOutcome } from '../cache/cache-metrics.js';

export interface StepTiming {
  readonly name: string;
  readonly index: number;
  /** The upstream status, or null when the step failed before an answer (rendering, network). */
  readonly statusCode: number | null;
  readonly durationMs: number;
  /** How the response cache answered a cacheable step (X-Connector-Timing `cache`); absent when the cache was not used. */
  readonly cache?: CacheOutcome;
  /** Under `execution: parallel`: milliseconds from the start of the request to the start of the step. */
  readonly startMs?: number;
  /** The step's `when` was false: it sent nothing. */
  readonly skipped?: true;
  /** Under `execution: parallel`: aborted in flight because another step failed. */
  readonly cancelled?: true;
}

/** Milliseconds with at most two decimals: precise enough, and stable in text. */
export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** `step.<name>;dur=<ms>, …, total;dur=<ms>`. Step names are slugs, so they need no quoting. */
export function serverTimingHeader(steps: readonly StepTiming[], totalMs: number): string {
  let text = '';
  for (const step of steps) {
    text += `step.${step.name};dur=${roundMs(step.durationMs)}`;
    // `start` (an extension parameter, ignored by browsers that do not know it) places parallel steps on a timeline.
    text += step.startMs === undefined ? ', ' : `;start=${roundMs(step.startMs)}, `;
  }
  return `${text}total;dur=${roundMs(totalMs)}`;
}

/**
 * `{"steps":[{"name","index","status_code","duration_ms"}],"total_ms"}`, plus
 * `"cache":"hit"|"revalidated"|"miss"` on a step that went through the response cache (Conduit,
 * additive); `"start_ms"` under `execution: parallel`, `"skipped":true` for a step whose `when` was
 * false and `"cancelled":true` for a parallel step aborted by another's failure (issue 17). Written by hand (on every response): names are slugs, the cache outcome is one of
 * three words and the rest are numbers, so nothing needs escaping.
 */
export function connectorTimingHeader(steps: readonly StepTiming[], totalMs: number): string {
  let text = '{"steps":[';
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (i > 0) text += ',';
    text += `{"name":${JSON.stringify(s.name)},"index":${s.index},"status_code":${s.statusCode === null ? 'null' : s.statusCode},"duration_ms":${roundMs(s.durationMs)}`;
    if (s.startMs !== undefined) text += `,"start_ms":${roundMs(s.startMs)}`;
    if (s.skipped === true) text += ',"skipped":true';
    if (s.cancelled === true) text += ',"cancelled":true';
    text += s.cache === undefined ? '}' : `,"cache":"${s.cache}"}`;
  }
  return `${text}],"total_ms":${roundMs(totalMs)}}`;
}
