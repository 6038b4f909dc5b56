import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Generated handler modules import the runtime as `conduit/runtime`, wherever they were emitted
// (generated/, or a temp dir in a test); this alias makes that resolve inside the test runner.
const runtimeEntry = fileURLToPath(new URL('./runtime/index.ts', import.meta.url));

// Tests whose assertions are about time on this machine (event-loop blocking under attack,
// complexity against a linear baseline, check speed). They run after everything else, one file
// at a time, so the rest of the suite on the same two cores does not decide their figures.
const TIMING_TESTS = [
  'test/runtime/faults/hostile-templates.test.ts',
  'test/template/builtin-complexity.test.ts',
  'test/compiler/analyse/speed.test.ts',
];

const resolve = { alias: [{ find: /^conduit\/runtime$/, replacement: runtimeEntry }] };
const shared = { testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  resolve,
  test: {
    // After every test file has run, fails the run if a known secret value appears in any captured
    // log line, error body or debug header (see test/support/secret-canaries/).
    globalSetup: ['test/support/secret-canaries/whole-run-scan.ts'],
    // The projects repeat the shared settings rather than `extends: true`, which would run the
    // global setup (and the whole-run scan) once per project.
    projects: [
      { resolve, test: { ...shared, name: 'suite', include: ['test/**/*.test.ts'], exclude: TIMING_TESTS, sequence: { groupOrder: 0 } } },
      { resolve, test: { ...shared, name: 'timing', include: TIMING_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
