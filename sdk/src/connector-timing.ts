// The runtime's per-step timing (SPEC §5 `X-Connector-Timing`), carried on errors for diagnosis.

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

export interface ConnectorTiming {
  readonly steps: readonly ConnectorStepTiming[];
  readonly total_ms: number;
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

/** The parsed header, or undefined when it is absent or not the documented shape. */
export function parseConnectorTiming(header: string | null): ConnectorTiming | undefined {
  if (header === null || header === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { steps, total_ms } = parsed as Record<string, unknown>;
  if (!Array.isArray(steps) || typeof total_ms !== 'number') return undefined;
  const parsedSteps = steps.map(toStepTiming);
  if (parsedSteps.some((step) => step === null)) return undefined;
  return { steps: parsedSteps as ConnectorStepTiming[], total_ms };
}
