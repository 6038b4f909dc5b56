// The runtime's timing (SPEC §5 `X-Connector-Timing`), carried on errors for diagnosis. A
// composite lists its steps; a regular connector splits its time between the runtime and the
// upstream. Fields one schema has and the other lacks are optional here.

export interface ConnectorStepTiming {
  readonly name: string;
  readonly index: number;
  /** null when the step got no answer (network error, timeout). */
  readonly status_code: number | null;
  readonly duration_ms: number;
  /** Composites with `execution: parallel`: ms from the start of the request to the start of the step. */
  readonly start_ms?: number;
  /** The step's `when:` was false: nothing was sent. */
  readonly skipped?: true;
  /** execution: parallel: aborted in flight because another step failed. */
  readonly cancelled?: true;
}

export interface ConnectorTimingBreakdown {
  readonly setup_ms: number;
  readonly transform_ms: number;
  readonly cache_ms: number;
  readonly http_request_ms: number;
}

export interface ConnectorTiming {
  readonly request_id?: string;
  readonly total_ms: number;
  /** Composite connectors. */
  readonly steps?: readonly ConnectorStepTiming[];
  /** Regular connectors: time spent in the runtime and at the upstream (they add up to total_ms). */
  readonly internal_ms?: number;
  readonly external_ms?: number;
  readonly breakdown?: ConnectorTimingBreakdown;
  readonly cache_hit?: boolean;
  readonly external_host?: string;
  readonly timeout?: boolean;
  readonly error?: string;
}

export const TIMING_HEADER = 'X-Connector-Timing';

function toStepTiming(value: unknown): ConnectorStepTiming | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, index, status_code, duration_ms } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof index !== 'number' || typeof duration_ms !== 'number') return null;
  // A step that got no answer may report its status as null or leave it out.
  if (status_code !== undefined && status_code !== null && typeof status_code !== 'number') return null;
  const { start_ms, skipped, cancelled } = value as Record<string, unknown>;
  return {
    name,
    index,
    status_code: typeof status_code === 'number' ? status_code : null,
    duration_ms,
    ...(typeof start_ms === 'number' ? { start_ms } : {}),
    ...(skipped === true ? { skipped } : {}),
    ...(cancelled === true ? { cancelled } : {}),
  };
}

function toBreakdown(value: unknown): ConnectorTimingBreakdown | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { setup_ms, transform_ms, cache_ms, http_request_ms } = value as Record<string, unknown>;
  if (typeof setup_ms !== 'number' || typeof transform_ms !== 'number' || typeof cache_ms !== 'number' || typeof http_request_ms !== 'number') return undefined;
  return { setup_ms, transform_ms, cache_ms, http_request_ms };
}

/** The parsed header, or undefined when it is absent or not one of the documented shapes. */
export function parseConnectorTiming(header: string | null): ConnectorTiming | undefined {
  if (header === null || header === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  if (typeof fields['total_ms'] !== 'number') return undefined;
  const timing: { -readonly [K in keyof ConnectorTiming]: ConnectorTiming[K] } = { total_ms: fields['total_ms'] };
  if (typeof fields['request_id'] === 'string') timing.request_id = fields['request_id'];
  if (fields['steps'] !== undefined) {
    if (!Array.isArray(fields['steps'])) return undefined;
    const steps = fields['steps'].map(toStepTiming);
    if (steps.some((step) => step === null)) return undefined;
    timing.steps = steps as ConnectorStepTiming[];
  }
  if (typeof fields['internal_ms'] === 'number') timing.internal_ms = fields['internal_ms'];
  if (typeof fields['external_ms'] === 'number') timing.external_ms = fields['external_ms'];
  const breakdown = toBreakdown(fields['breakdown']);
  if (breakdown !== undefined) timing.breakdown = breakdown;
  if (typeof fields['cache_hit'] === 'boolean') timing.cache_hit = fields['cache_hit'];
  if (typeof fields['external_host'] === 'string') timing.external_host = fields['external_host'];
  if (fields['timeout'] === true) timing.timeout = true;
  if (typeof fields['error'] === 'string') timing.error = fields['error'];
  return timing;
}
