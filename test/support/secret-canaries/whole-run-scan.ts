// The whole-run secret scan: a vitest globalSetup module. Before the run it clears the capture
// directory; after every test file has run it reads everything recorded through
// ./leak-recorder.ts and fails the run if any canary, or any secret a test file declared, appears.
// Register in vitest.config.ts:
//   test: { globalSetup: ['test/support/secret-canaries/whole-run-scan.ts'] }
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CANARY_VALUES } from './canaries.js';
import { findSecretLeaks, readCaptureFile, type CapturedText } from './leak-check.js';
import { CAPTURE_DIR } from './leak-recorder.js';

export function readAllCaptures(): CapturedText[] {
  let files: string[];
  try {
    files = readdirSync(CAPTURE_DIR).filter((f) => f.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return files.flatMap((f) => readCaptureFile(join(CAPTURE_DIR, f)));
}

/** Secret values test files declared (./leak-recorder.ts declareSecrets), scanned for with the canaries. */
export function readDeclaredSecrets(): string[] {
  let files: string[];
  try {
    files = readdirSync(CAPTURE_DIR).filter((f) => f.startsWith('secrets-') && f.endsWith('.json-lines'));
  } catch {
    return [];
  }
  const values = files.flatMap((f) =>
    readFileSync(join(CAPTURE_DIR, f), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as string),
  );
  return [...new Set(values)];
}

export default function setup(): () => void {
  rmSync(CAPTURE_DIR, { recursive: true, force: true });
  return () => {
    const secrets = [...new Set([...ALL_CANARY_VALUES, ...readDeclaredSecrets()])];
    const leaks = findSecretLeaks(readAllCaptures(), secrets);
    if (leaks.length > 0) {
      // vitest 4 only logs an error thrown by a global teardown ("error during close") and still
      // exits 0: the exit code has to be set here for the leak to fail the run.
      process.exitCode = 1;
      throw new Error(`whole-run secret scan: ${leaks.length} leak(s): ${leaks.map((l) => `${l.source} (${l.form})`).join('; ')}`);
    }
  };
}
