// The Conduit side of the HTTP benchmarks (bench/regular and bench/runtime serve the bundle with
// ./serve-bundle.mjs, under plain node; bench/parallel serves it here): a registry folder compiled by the real compiler (check,
// emit, esbuild bundle: what `conduit build` does) in a short-lived process of its own
// (./compile-registry-bundle.ts), the folder removed, and the bundle served by its own
// startServer in this process with request logs written to /dev/null and metrics on. Prints
// {"port":N} once listening; stops on SIGTERM.
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
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';
import type { CompiledRegistry } from '../runtime/connector.js';
import type { ServerOptions } from '../runtime/options.js';
import type { startServer } from '../runtime/main.js';

type StartOptions = Parameters<typeof startServer>[1];

/** What the bundle exports that the benchmarks use. */
interface BenchBundle {
  readonly registry: CompiledRegistry;
  readonly startServer: typeof startServer;
}

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

/** `extra`: what a bench changes beyond the defaults (e.g. `logLevel`, `keepAliveTimeoutMs`). */
export async function serveCompiledRegistry(registryDir: string, extra: Partial<ServerOptions> = {}): Promise<void> {
  const bundleFile = await buildRegistryBundle(registryDir);
  const bundled = (await import(pathToFileURL(bundleFile).href)) as BenchBundle;
  await rm(path.dirname(bundleFile), { recursive: true, force: true });

  // tsx (this file's loader) turns source maps on; `conduit serve` runs without them. Left on, the
  // first Error stack read under load (undici's abort errors when autocannon closes connections
  // mid-request) parses the bundle's source map: ~1.5 s of CPU inside a measured round.
  process.setSourceMapsEnabled(false);
  const options: StartOptions = {
    host: '127.0.0.1',
    port: 0,
    allowInsecureUpstreams: true,
    ...extra,
    env: {},
    dependencies: { logDestination: pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }) },
  };
  const server = await bundled.startServer(bundled.registry, options);
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
