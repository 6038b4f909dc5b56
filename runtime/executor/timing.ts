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
  /** Under `execution: parallel`: milliseconds from the start of the request to the start of the step. */
  readonly startMs?: number;
  /** The step's `when` was false: it sent nothing. */
  readonly skipped?: true;
  /** Under `execution: parallel`: aborted in flight because another step failed. */
  readonly cancelled?: true;
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
  for (const step of steps) {
    text += `step.${step.name};dur=${roundMs(step.durationMs)}`;
    // `start` (an extension parameter, ignored by browsers that do not know it) places parallel steps on a timeline.
    if (step.startMs !== undefined) text += `;start=${roundMs(step.startMs)}`;
    text += `;desc="Step: ${step.name}", `;
  }
  return `${text}total;dur=${roundMs(totalMs)};desc="Total"`;
}

/**
 * Composites: `{"request_id","total_ms","steps":[{"name","index","status_code","duration_ms","cache"?}]}`,
 * plus (issue 17) `"start_ms"` under `execution: parallel`, `"skipped":true` for a step whose
 * `when` was false and `"cancelled":true` for a parallel step aborted by another's failure.
 * Written by hand (on every response): ids are checked tokens, names are slugs, the cache outcome
 * is one of three words and the rest are numbers, so nothing needs escaping.
 */
export function compositeConnectorTiming(requestId: string, steps: readonly StepTiming[], totalMs: number): string {
  let text = `{"request_id":"${requestId}","total_ms":${roundMs(totalMs)},"steps":[`;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (i > 0) text += ',';
    text += `{"name":"${s.name}","index":${s.index},"status_code":${s.statusCode === null ? 'null' : s.statusCode},"duration_ms":${roundMs(s.durationMs)}`;
    if (s.startMs !== undefined) text += `,"start_ms":${roundMs(s.startMs)}`;
    if (s.skipped === true) text += ',"skipped":true';
    if (s.cancelled === true) text += ',"cancelled":true';
    text += s.cache === undefined ? '}' : `,"cache":"${s.cache}"}`;
  }
  return `${text}]}`;
}

// A plain host (letters, digits, dots, hyphens) as new URL would report it: no IDN, no escapes.
const PLAIN_HOST = /^[a-z0-9.-]+$/;
// Dotted-quad IPv4 as URL parsing writes it (no leading zeros); other numeric forms it rewrites.
const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A last label that URL parsing may read as a number (`127.1`, `0x7f.1`): the host is then an IPv4 address. */
function endsWithNumericLabel(host: string): boolean {
  const label = host.slice(host.lastIndexOf('.', host.length - 2) + 1).replace(/\.$/, '');
  return /^(?:0x[0-9a-f]*|\d+)$/.test(label);
}

/**
 * The upstream host name without port (IPv6 without brackets), or null when the URL does not parse.
 * Per response: a plain `scheme://host[:port]/…` is read off the text; anything else is left to
 * WHATWG URL parsing (userinfo, IDN, IPv6, escapes).
 */
export function upstreamHostOf(url: string | null): string | null {
  if (url === null) return null;
  // Most responses name the URL the previous one did (a constant step): answered from the last scan.
  if (url === lastHost.url) return lastHost.host;
  const host = hostOf(url);
  lastHost.url = url;
  lastHost.host = host;
  return host;
}

/** The last URL upstreamHostOf read and its answer (a pure function of the URL). */
const lastHost: { url: string | null; host: string | null } = { url: null, host: null };

function hostOf(url: string): string | null {
  const start = url.indexOf('://') + 3;
  if (start > 2) {
    let end = start;
    while (end < url.length) {
      const c = url.charCodeAt(end);
      if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */ || c === 58 /* : */ || c === 64 /* @ */ || c === 92 /* \ */) break;
      end++;
    }
    const next = url.charCodeAt(end);
    // Stop at ':' only for a port, never for userinfo: `user:pw@host` goes the slow way.
    if (next !== 64 && (next !== 58 || !url.includes('@', end))) {
      const host = url.slice(start, end).toLowerCase();
      if (host !== '' && PLAIN_HOST.test(host) && (!endsWithNumericLabel(host) || CANONICAL_IPV4.test(host))) return host;
    }
  }
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

// Request ids are checked tokens or UUIDs, host names are ASCII host characters: JSON as they are.
const JSON_SAFE = /^[A-Za-z0-9._:-]*$/;

/** A JSON string literal; header values carry ASCII only, so anything else is \u-escaped. */
function jsonText(text: string): string {
  if (JSON_SAFE.test(text)) return `"${text}"`;
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Regular connectors' X-Connector-Timing; `error` is the failure message shown to the widget; `cache` (Conduit,
 * additive) says which way through the cache ("hit", "revalidated", "miss"). Written by hand: it is on every response.
 */
export function regularConnectorTiming(requestId: string, f: RegularTimingFigures, error: string | null): string {
  let text = `{"request_id":${jsonText(requestId)},"total_ms":${f.totalMs},"internal_ms":${f.internalMs},"external_ms":${f.externalMs},"breakdown":{"setup_ms":${f.setupMs},"transform_ms":${f.transformMs},"cache_ms":${f.cacheMs},"http_request_ms":${f.externalMs}},"cache_hit":${f.cacheHit}`;
  if (f.cache !== null) text += `,"cache":${jsonText(f.cache)}`;
  if (f.externalHost !== null) text += `,"external_host":${jsonText(f.externalHost)}`;
  if (f.timeout) text += ',"timeout":true';
  if (error !== null) text += `,"error":${jsonText(error)}`;
  return `${text}}`;
}

// Printable ASCII without '"' and backslash: goes into a quoted-string as it is.
const QUOTED_STRING_SAFE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A host name inside a quoted-string (RFC 9110 §5.6.4): only '"' and '\' need escaping, and hosts have neither; kept for safety. */
function quotedStringContent(text: string): string {
  if (QUOTED_STRING_SAFE.test(text)) return text;
  return text.replace(/["\\]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '');
}
