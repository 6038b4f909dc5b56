import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Generated handler modules import the runtime as `conduit/runtime`, wherever they were emitted
// (generated/, or a temp dir in a test); this alias makes that resolve inside the test runner.
const runtimeEntry = fileURLToPath(new URL('./runtime/index.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: [{ find: /^conduit\/runtime$/, replacement: runtimeEntry }] },
  test: {
    include: ['test/**/*.test.ts'],
    // After every test file has run, fails the run if a known secret value appears in any captured
    // log line, error body or debug header (see test/support/secret-canaries/).
    globalSetup: ['test/support/secret-canaries/whole-run-scan.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
