// Collects what a test sees (log lines, error bodies, debug headers) for the leak check, both in
// memory (for the test's own assertion) and appended to a per-process file under
// test/.tmp/secret-scan/, so a whole-run scan (./whole-run-scan.ts) can check everything every
// test file captured.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoSecretLeaks, type CapturedText } from './leak-check.js';

export const CAPTURE_DIR = fileURLToPath(new URL('../../.tmp/secret-scan/', import.meta.url));

/** Declared secrets shorter than this are not scanned for: short values occur in any text by chance. */
export const MIN_DECLARED_SECRET_LENGTH = 8;

/**
 * Adds secret values of the current test file (a store it configured) to what the whole-run scan
 * looks for, next to the canaries. Kept in a file of its own: written into a capture, a secret would
 * count as leaked.
 */
export function declareSecrets(values: Iterable<string>): void {
  const fresh = [...values].filter((v) => v.length >= MIN_DECLARED_SECRET_LENGTH && !declared.has(v));
  if (fresh.length === 0) return;
  for (const value of fresh) declared.add(value);
  appendToCapture(join(CAPTURE_DIR, `secrets-${process.pid}.json-lines`), fresh.map((v) => `${JSON.stringify(v)}\n`).join(''));
}
const declared = new Set<string>();

/**
 * Appends, (re)creating the directory when needed: another vitest run started in the same checkout
 * clears it at its start, and a recorder sits inside log sinks and request paths where a throw
 * would break the code under test instead of the capture.
 */
function appendToCapture(file: string, text: string): void {
  try {
    appendFileSync(file, text);
  } catch {
    mkdirSync(CAPTURE_DIR, { recursive: true });
    appendFileSync(file, text);
  }
}

export interface LeakRecorder {
  record(source: string, text: string): void;
  /** A sink for pino (`pino(options, recorder.logStream('log'))`) that records every line. */
  logStream(source: string): { write(line: string): void };
  readonly captured: readonly CapturedText[];
  /** Asserts nothing captured so far holds a secret (defaults: the canaries). */
  assertClean(secrets?: readonly string[]): void;
}

export function createLeakRecorder(): LeakRecorder {
  const captured: CapturedText[] = [];
  mkdirSync(CAPTURE_DIR, { recursive: true });
  const file = join(CAPTURE_DIR, `capture-${process.pid}.jsonl`);
  const record = (source: string, text: string) => {
    captured.push({ source, text });
    appendToCapture(file, `${JSON.stringify({ source, text })}\n`);
  };
  return {
    record,
    logStream: (source) => ({ write: (line: string) => record(source, line) }),
    captured,
    assertClean: (secrets) => assertNoSecretLeaks(captured, secrets),
  };
}
