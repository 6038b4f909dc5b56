// The Conduit server of the HTTP benchmarks, as a deployment runs it: plain node (no TypeScript
// loader in the process) serving a registry bundle built beforehand by
// ./compile-registry-bundle.ts, through the bundle's own startServer, request logs to /dev/null,
// metrics on. Plain JavaScript on purpose: hosted by tsx, the same bundle measured ~20% more CPU per
// request (GC), while the small hand-written servers measured the same either way.
//
//   BENCH_BUNDLE=FILE [BENCH_SERVE_OPTIONS=JSON] node bench/serve-bundle.mjs
//
// Prints {"port":N} once listening; stops on SIGTERM.
import { pathToFileURL } from 'node:url';
import pino from 'pino';

const bundleFile = process.env['BENCH_BUNDLE'];
if (bundleFile === undefined) throw new Error('BENCH_BUNDLE names the bundle to serve');
const extra = JSON.parse(process.env['BENCH_SERVE_OPTIONS'] ?? '{}');
const bundled = await import(pathToFileURL(bundleFile).href);
const server = await bundled.startServer(bundled.registry, {
  host: '127.0.0.1',
  port: 0,
  allowInsecureUpstreams: true,
  ...extra,
  env: {},
  dependencies: { logDestination: pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }) },
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
