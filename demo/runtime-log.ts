// The runtime's structured log lines (pino JSON), shortened for the demo's terminal:
// `POST /api/connectors/composite/profile-lookup -> 200 in 31 ms [fetch-user 200 18 ms, ...]`.

interface StepLine {
  readonly name?: unknown;
  readonly status?: unknown;
  readonly duration_ms?: unknown;
}

const LEVELS: Readonly<Record<number, string>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** One terminal line for a runtime output line; text that is not a JSON log line passes as it is. */
export function formatRuntimeLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = typeof entry['level'] === 'number' ? (LEVELS[entry['level']] ?? String(entry['level'])) : 'info';
  if (entry['msg'] !== 'request') {
    return `${level === 'info' ? '' : `${level}: `}${String(entry['msg'] ?? '')}`;
  }
  const steps = Array.isArray(entry['steps'])
    ? (entry['steps'] as StepLine[]).map((s) => `${String(s.name)} ${s.status === null || s.status === undefined ? '-' : String(s.status)} ${String(s.duration_ms)} ms`)
    : [];
  let text = `${String(entry['method'])} ${String(entry['path'])} -> ${String(entry['status'])} in ${String(entry['duration_ms'])} ms`;
  if (steps.length > 0) text += ` [${steps.join(', ')}]`;
  if (typeof entry['scope'] === 'string') text += ` ${entry['scope']}`;
  if (typeof entry['error'] === 'string') text += ` (${entry['error']})`;
  return text;
}
