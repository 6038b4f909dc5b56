// Compiles a registry folder with the real compiler (check, emit, esbuild bundle: what
// `conduit build` and `compileAndLoad` do) into one bundle file that exports the registry and the
// runtime, then exits. Run as a process of its own by ./build-registry-bundle.ts, so the
// benchmarked server process never holds the compiler (as a deployed dist/server.mjs or a
// `serve --workers` worker does not).
//
//   node --import tsx bench/compile-registry-bundle.ts REGISTRY_DIR BUNDLE_FILE
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from '../compiler/build.js';
import { bundle } from '../compiler/bundle/bundle-server.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';

const [registryDir, bundleFile] = process.argv.slice(2);
if (registryDir === undefined || bundleFile === undefined) throw new Error('usage: compile-registry-bundle.ts REGISTRY_DIR BUNDLE_FILE');
const workDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-build-'));
try {
  const outDir = path.join(workDir, 'generated');
  const result = await build({ registryDir, outDir, serverFile: null, allowInsecureUpstreams: true });
  if (!result.ok || hasErrors(result.diagnostics)) {
    throw new Error(`the benchmark registry does not compile: ${JSON.stringify(result.diagnostics)}`);
  }
  // The same entry compileAndLoad bundles: the registry and the whole runtime, one copy of each.
  await bundle({ entry: { source: "export { registry } from './index.ts';\nexport * from 'conduit/runtime';\n", resolveDir: outDir }, outfile: bundleFile });
} finally {
  await rm(workDir, { recursive: true, force: true });
}
