// The Conduit side of the runtime benchmark: the connector of ./registry.ts compiled by the real
// compiler (compileAndLoad, as `conduit serve` does: check, emit, esbuild bundle, import) and
// served by the bundle's own startServer, with request logs and metrics on (logs written to
// /dev/null) so their cost is measured. Prints {"port":N} once listening.
import { serveCompiledRegistry } from '../serve-compiled-registry.js';
import { writeRegistry } from './registry.js';

await serveCompiledRegistry(await writeRegistry(`http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`));
