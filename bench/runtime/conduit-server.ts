// The Conduit side of the runtime benchmark: the connector of ./registry.ts compiled by the real
// compiler (compileAndLoad, as `conduit serve` does: check, emit, esbuild bundle, import) and
// served by the bundle's own startServer, with request logs and metrics on (logs written to
// /dev/null) so their cost is measured. Prints {"port":N} once listening.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import { compileAndLoad } from '../../compiler/build.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import type { startServer } from '../../runtime/main.js';
import { writeRegistry } from './registry.js';

const registryDir = await writeRegistry(`http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`);
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
const server = await bundled.startServer(loaded.registry, {
  host: '127.0.0.1',
  port: 0,
  allowInsecureUpstreams: true,
  env: {},
  dependencies: { logDestination: pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }) },
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
