import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Generated handler modules import the runtime as `conduit/runtime`, wherever they were emitted
// (generated/, or a temp dir in a test); this alias makes that resolve inside the test runner.
const runtimeEntry = fileURLToPath(new URL('./runtime/index.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: [{ find: /^conduit\/runtime$/, replacement: runtimeEntry }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
