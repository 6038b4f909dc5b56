// The Conduit side of the parallel-steps benchmark: ./scenario.ts compiled by the real compiler
// (compileAndLoad, as `conduit serve` does) and served by the bundle's startServer, logs to
// /dev/null. Prints {"port":N} once listening.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { compileAndLoad } from '../../compiler/build.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import type { startServer } from '../../runtime/main.js';
import { registryYaml } from './scenario.js';

const registryDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-parallel-'));
await writeFile(path.join(registryDir, 'fan-out.yaml'), registryYaml(`http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`));
const loaded = await compileAndLoad(registryDir, { allowInsecureUpstreams: true });
await rm(registryDir, { recursive: true, force: true });
if (!loaded.ok || hasErrors(loaded.diagnostics)) {
  throw new Error(`the benchmark registry does not compile: ${JSON.stringify(loaded.diagnostics)}`);
}
const bundled = loaded.module as typeof loaded.module & { readonly startServer: typeof startServer };
const server = await bundled.startServer(loaded.registry, {
  host: '127.0.0.1',
  port: 0,
  allowInsecureUpstreams: true,
  env: {},
  dependencies: { logDestination: pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }) },
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
