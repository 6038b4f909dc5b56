// Structured logs (pino): one line per request, plus start-up and warning lines. Every line
// passes a scrubber before it is written, so secret values and bearer tokens never reach a log
// whatever field they end up in.
import pino, { type Logger } from 'pino';
import { createRedactor } from '../secrets/redactor.js';

/** Replaces every known secret value in a text. */
export type Redact = (text: string) => string;

/** Where log lines go: pino's destination, or any object with write() (tests collect lines). */
export interface LogDestination {
  write(line: string): unknown;
}

export interface LoggerOptions {
  /** pino level name. Default 'info'. */
  readonly level?: string;
  /** Default: standard output (asynchronous). */
  readonly destination?: LogDestination;
  /** Scrubs secret values; applied to every line. Default: bearer credentials and JWTs only. */
  readonly redact?: Redact;
}

export type RuntimeLogger = Logger;

export function createRuntimeLogger(options: LoggerOptions = {}): { readonly logger: RuntimeLogger; flush(): void } {
  // Lines are gathered into 4 KiB writes: one write per request line costs more than the rest of the line's work.
  const target = options.destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 });
  // The redactor (../secrets/redactor.ts) also removes bearer/basic credentials and JWTs.
  const redact = options.redact ?? createRedactor([]);
  const scrubbing: LogDestination = {
    write: (line: string) => target.write(redact(line)),
  };
  // No pino `redact` paths: header objects are never logged, and the line scrubber already
  // masks any "authorization" field, bearer/basic credential and JWT wherever it appears.
  const logger = pino({ level: options.level ?? 'info', base: undefined }, scrubbing as pino.DestinationStream);
  return {
    logger,
    flush() {
      const flushable = target as { flushSync?: () => void };
      try {
        flushable.flushSync?.();
      } catch {
        // Nothing buffered, or the stream is not ready yet: nothing to lose.
      }
    },
  };
}
