// Builds the Conduit side of the HTTP benchmarks: a registry folder compiled by the real compiler
// (check, emit, esbuild bundle: what `conduit build` does) in a short-lived process of its own
// (./compile-registry-bundle.ts). ./start-conduit.ts then serves the bundle with plain node
// (./serve-bundle.mjs).
//
// Why a separate compile process: served in the process that compiled it (as `conduit serve`
// without --workers does), the server keeps the compiler's ~70 MB of heap and pays for it in
// garbage collection on every request (measured: ~10-15% more server CPU per request on the
// regular connector). A deployment serves dist/server.mjs, and `serve --workers N` workers serve
// the bundle, neither holding the compiler: that is what the benchmarks measure.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles `registryDir` (then removed) into a bundle in a fresh temp folder, in a process of its
 * own; returns the bundle file. Remove its folder (`path.dirname`) once the bundle is loaded.
 */
export async function buildRegistryBundle(registryDir: string): Promise<string> {
  const bundleDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-bundle-'));
  const bundleFile = path.join(bundleDir, 'registry.mjs');
  const compiler = fileURLToPath(new URL('./compile-registry-bundle.ts', import.meta.url));
  // Problems go to this process' stderr; a failed compile throws here.
  execFileSync(process.execPath, ['--import', 'tsx', compiler, registryDir, bundleFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  await rm(registryDir, { recursive: true, force: true });
  return bundleFile;
}
