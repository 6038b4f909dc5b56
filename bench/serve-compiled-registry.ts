// The Conduit side of the HTTP benchmarks: a registry folder compiled by the real compiler
// (compileAndLoad: check, emit, esbuild bundle, import — what `conduit serve` does), the folder
// removed, and the registry served by the bundle's own startServer in this process with request
// logs written to /dev/null and metrics on. Prints {"port":N} once listening; stops on SIGTERM.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import { compileAndLoad } from '../compiler/build.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import type { ServerOptions } from '../runtime/options.js';
import type { startServer } from '../runtime/main.js';

type StartOptions = Parameters<typeof startServer>[1];

/** `extra`: what a bench changes beyond the defaults (e.g. `logLevel`, `keepAliveTimeoutMs`). */
export async function serveCompiledRegistry(registryDir: string, extra: Partial<ServerOptions> = {}): Promise<void> {
  const loaded = await compileAndLoad(registryDir, { allowInsecureUpstreams: true });
  await rm(registryDir, { recursive: true, force: true });
  if (!loaded.ok || hasErrors(loaded.diagnostics)) {
    throw new Error(`the benchmark registry does not compile: ${JSON.stringify(loaded.diagnostics)}`);
  }
  // The bundle re-exports the whole of conduit/runtime; ServerModule types only what serve/run use.
  const bundled = loaded.module as typeof loaded.module & { readonly startServer: typeof startServer };

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
  const server = await bundled.startServer(loaded.registry, options);
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
