// Starts the Conduit server of an HTTP benchmark as a deployment runs it: the registry compiled
// by the real compiler in a process of its own (./build-registry-bundle.ts),
// then served by plain node (./serve-bundle.mjs), so the measured process holds neither the
// compiler nor a TypeScript loader. Logs go to /dev/null; metrics are on.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startServer, type ChildServer } from './closed-loop.js';
import type { ServerOptions } from '../runtime/options.js';
import { buildRegistryBundle } from './build-registry-bundle.js';

/** `extra`: what the bench changes beyond the server defaults (e.g. `logLevel`). */
export async function startConduit(registryDir: string, extra: Partial<ServerOptions>, nodeArgs: readonly string[] = []): Promise<ChildServer> {
  const bundleFile = await buildRegistryBundle(registryDir);
  try {
    return await startServer('./serve-bundle.mjs', import.meta.url, { BENCH_BUNDLE: bundleFile, BENCH_SERVE_OPTIONS: JSON.stringify(extra) }, nodeArgs);
  } finally {
    // Loaded by now (or the server failed to start): the file is not needed any more.
    await rm(path.dirname(bundleFile), { recursive: true, force: true });
  }
}
