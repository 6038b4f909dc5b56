// The one structured line per request (SPEC §5: request id, connector, steps, statuses,
// durations), written as JSON text straight into the logger's stream. It is built on every
// request, and through pino's generic object path (a line object, a steps array, each value
// serialised by type, JSON.stringify of the steps) it cost several microseconds a request (the
// runtime bench's composite: ~12% more server CPU at info than at error). The text has pino's own
// shape — level, time, the logger's bindings (a worker's pid), the fields, msg — and goes through
// the same stream, so the secret scrubber (./logger.ts) still sees every line. (It skips pino's
// formatters, mixins and hooks: the runtime's logger, ./logger.ts, configures none.)
import pino, { type Logger } from 'pino';
import { roundMs, type StepTiming } from '../executor/timing.js';

export interface RequestLine {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly connector: string | null;
  readonly status: number;
  readonly durationMs: number;
  /** The steps so far, when the connector ran. */
  readonly steps: readonly StepTiming[] | undefined;
  /** The failure's scope and detail, when the execution failed. */
  readonly scope: string | undefined;
  readonly detail: string | null | undefined;
  readonly error: string | undefined;
}

/**
 * The logger's bindings as pino writes them after the time (`,"pid":123` for a worker): pino keeps
 * them serialised under this symbol (`bindings()` would leave out pid and hostname).
 */
function bindingsText(logger: Logger): string {
  return (logger as unknown as Record<symbol, string | undefined>)[pino.symbols.chindingsSym] ?? '';
}

/** A JSON string literal (names and ids are short; JSON.stringify is the native escaper). */
const str = (text: string): string => JSON.stringify(text);

/** Writes the line at `level` (info, or error for failures) when the logger's level lets it through. */
export function writeRequestLine(logger: Logger, level: 'info' | 'error', line: RequestLine): void {
  if (!logger.isLevelEnabled(level)) return;
  let text = `{"level":${logger.levels.values[level]},"time":${Date.now()}${bindingsText(logger)},"request_id":${str(line.requestId)},"method":${str(line.method)},"path":${str(line.path)},"connector":${line.connector === null ? 'null' : str(line.connector)},"status":${line.status},"duration_ms":${roundMs(line.durationMs)}`;
  const { steps } = line;
  if (steps !== undefined) {
    text += ',"steps":[';
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      text += `${i === 0 ? '' : ','}{"name":${str(s.name)},"status":${s.statusCode === null ? 'null' : s.statusCode},"duration_ms":${roundMs(s.durationMs)}}`;
    }
    text += ']';
  }
  if (line.scope !== undefined) text += `,"scope":${str(line.scope)}`;
  if (line.detail != null) text += `,"detail":${str(line.detail)}`;
  if (line.error !== undefined) text += `,"error":${str(line.error)}`;
  (logger as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym]!.write(`${text},"msg":"request"}\n`);
}
