// The Conduit side of the regular-connector benchmark: the connector of ./scenario.ts written as
// registry YAML, compiled by the real compiler (compileAndLoad: check, emit, esbuild bundle,
// import — what `conduit serve` does) and served by the bundle's own startServer in this one
// process, with logging at `error` (to /dev/null) and metrics on. Prints {"port":N} once listening.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { compileAndLoad } from '../../compiler/build.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import type { startServer } from '../../runtime/main.js';
import { API_VERSION, API_VERSION_HEADER, PERMALINK, UPSTREAM_PATH } from './scenario.js';

const origin = `http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`;
const yaml = `connectors:
  - name: Item List
    permalink: ${PERMALINK}
    url: "${origin}${UPSTREAM_PATH}"
    method: GET
    headers:
      - key: ${API_VERSION_HEADER}
        value: "${API_VERSION}"
    query_parameters:
      - key: limit
        value: "20"
      - key: sort
        value: name
`;

const registryDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-regular-'));
await writeFile(path.join(registryDir, 'items.yaml'), yaml);
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
  logLevel: 'error',
  keepAliveTimeoutMs: 60_000,
  env: {},
  dependencies: { logDestination: pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }) },
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
