// The whole-run secret scan: a vitest globalSetup module. Before the run it clears the capture
// directory; after every test file has run it reads everything recorded through
// ./leak-recorder.ts and fails the run if any canary appears. Register in vitest.config.ts:
//   test: { globalSetup: ['test/support/secret-canaries/whole-run-scan.ts'] }
import { readdirSync, rmSync } from 'node:fs';
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

export default function setup(): () => void {
  rmSync(CAPTURE_DIR, { recursive: true, force: true });
  return () => {
    const leaks = findSecretLeaks(readAllCaptures(), ALL_CANARY_VALUES);
    if (leaks.length > 0) {
      throw new Error(`whole-run secret scan: ${leaks.length} leak(s): ${leaks.map((l) => `${l.source} (${l.form})`).join('; ')}`);
    }
  };
}
