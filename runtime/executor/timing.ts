// Timing of one execution and its two response headers (SPEC §5): `Server-Timing` for browser dev
// tools and `X-Connector-Timing` (JSON) for the SDK. Composites list their steps; regular
// connectors split the time between Conduit's own work and the upstream (`internal_ms +
// external_ms = total_ms`, measured, not estimated: external is the time spent inside the upstream
// client, token requests included).
import type { CacheOutcome } from '../cache/cache-metrics.js';

export interface StepTiming {
  readonly name: string;
  readonly index: number;
  /** The upstream status, or null when the step failed before an answer (rendering, network). */
  readonly statusCode: number | null;
  readonly durationMs: number;
  /** How the response cache answered a cacheable step (X-Connector-Timing `cache`); absent when the cache was not used. */
  readonly cache?: CacheOutcome;
}

/** Where the time of one execution went, accumulated by the executor as it runs. */
export class ExecutionClock {
  /** Rendering and authenticating requests (token requests excluded: they are external). */
  setupMs = 0;
  /** Response templates. */
  transformMs = 0;
  /** Response-cache bookkeeping (upstream calls it makes excluded). */
  cacheMs = 0;
  /** Inside the upstream client: step requests, revalidations and token requests. */
  externalMs = 0;
  /** The URL of the last upstream request attempted (its host is reported); null when none was. */
  lastUpstreamUrl: string | null = null;
  /** The last upstream request ran out of time. */
  timedOut = false;
  /** The outcome of the last cache lookup; null when the cache was not consulted. */
  cache: CacheOutcome | null = null;
}

/** Milliseconds with at most two decimals: precise enough, and stable in text. */
export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Composites: `step.<name>;dur=<ms>;desc="Step: <name>", …, total;dur=<ms>;desc="Total"`. Step names are slugs: nothing to quote. */
export function compositeServerTiming(steps: readonly StepTiming[], totalMs: number): string {
  let text = '';
  for (const step of steps) text += `step.${step.name};dur=${roundMs(step.durationMs)};desc="Step: ${step.name}", `;
  return `${text}total;dur=${roundMs(totalMs)};desc="Total"`;
}

/**
 * Composites: `{"request_id","total_ms","steps":[{"name","index","status_code","duration_ms","cache"?}]}`.
 * Written by hand (on every response): ids are checked tokens, names are slugs, the cache outcome
 * is one of three words and the rest are numbers, so nothing needs escaping.
 */
export function compositeConnectorTiming(requestId: string, steps: readonly StepTiming[], totalMs: number): string {
  let text = `{"request_id":"${requestId}","total_ms":${roundMs(totalMs)},"steps":[`;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (i > 0) text += ',';
    text += `{"name":"${s.name}","index":${s.index},"status_code":${s.statusCode === null ? 'null' : s.statusCode},"duration_ms":${roundMs(s.durationMs)}`;
    text += s.cache === undefined ? '}' : `,"cache":"${s.cache}"}`;
  }
  return `${text}]}`;
}

/** The upstream host name without port (IPv6 without brackets), or null when the URL does not parse. */
export function upstreamHostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    const host = new URL(url).hostname;
    return host.startsWith('[') ? host.slice(1, -1) : host;
  } catch {
    return null;
  }
}

/** A served-from-cache answer: fresh, or confirmed by a 304. */
function isCacheHit(outcome: CacheOutcome | null): boolean {
  return outcome === 'hit' || outcome === 'revalidated';
}

export interface RegularTimingFigures {
  readonly totalMs: number;
  readonly internalMs: number;
  readonly externalMs: number;
  readonly setupMs: number;
  readonly transformMs: number;
  readonly cacheMs: number;
  readonly cacheHit: boolean;
  readonly externalHost: string | null;
  readonly timeout: boolean;
  /** How the response cache answered; null when it was not consulted. */
  readonly cache: CacheOutcome | null;
}

/** Rounded figures whose parts add up: internal is what the total leaves after the rounded external time. */
export function regularTimingFigures(clock: ExecutionClock, totalMs: number): RegularTimingFigures {
  const total = roundMs(totalMs);
  const external = Math.min(roundMs(clock.externalMs), total);
  return {
    totalMs: total,
    internalMs: roundMs(total - external),
    externalMs: external,
    setupMs: roundMs(clock.setupMs),
    transformMs: roundMs(clock.transformMs),
    cacheMs: roundMs(clock.cacheMs),
    cacheHit: isCacheHit(clock.cache),
    externalHost: upstreamHostOf(clock.lastUpstreamUrl),
    timeout: clock.timedOut,
    cache: clock.cache,
  };
}

/** Regular connectors: setup, transform, cache, external (the upstream host, or "Timeout") and total. */
export function regularServerTiming(f: RegularTimingFigures): string {
  let text = `setup;dur=${f.setupMs};desc="Setup", transform;dur=${f.transformMs};desc="Template", cache;dur=${f.cacheMs};desc="${f.cacheHit ? 'Cache Hit' : 'Cache Miss'}", `;
  if (f.timeout) text += `external;dur=${f.externalMs};desc="Timeout", `;
  else if (f.externalHost !== null) text += `external;dur=${f.externalMs};desc="${quotedStringContent(f.externalHost)}", `;
  return `${text}total;dur=${f.totalMs};desc="Total"`;
}

/** Regular connectors' X-Connector-Timing; `error` is the failure message shown to the widget; `cache` (Conduit) says how the cache answered. */
export function regularConnectorTiming(requestId: string, f: RegularTimingFigures, error: string | null): string {
  const timing: Record<string, unknown> = {
    request_id: requestId,
    total_ms: f.totalMs,
    internal_ms: f.internalMs,
    external_ms: f.externalMs,
    breakdown: { setup_ms: f.setupMs, transform_ms: f.transformMs, cache_ms: f.cacheMs, http_request_ms: f.externalMs },
    cache_hit: f.cacheHit,
  };
  // Conduit, additive: which way through the cache ("hit", "revalidated", "miss").
  if (f.cache !== null) timing['cache'] = f.cache;
  if (f.externalHost !== null) timing['external_host'] = f.externalHost;
  if (f.timeout) timing['timeout'] = true;
  if (error !== null) timing['error'] = error;
  // Header values carry ASCII only.
  return JSON.stringify(timing).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A host name inside a quoted-string (RFC 9110 §5.6.4): only '"' and '\' need escaping, and hosts have neither; kept for safety. */
function quotedStringContent(text: string): string {
  return text.replace(/["\\]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '');
}
