// The Conduit side of the runtime benchmark: the connector of ./registry.ts compiled by the real
// compiler in a process of its own (check, emit, esbuild bundle: ../serve-compiled-registry.ts)
// and served by the bundle's own startServer, with request logs and metrics on (logs written to
// /dev/null) so their cost is measured. Prints {"port":N} once listening.
import { serveCompiledRegistry } from '../serve-compiled-registry.js';
import { writeRegistry } from './registry.js';

await serveCompiledRegistry(await writeRegistry(`http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`));
