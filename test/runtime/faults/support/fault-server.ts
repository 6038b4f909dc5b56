// The runtime in a process of its own for the process-stability test: serves the fault registry
// (./fault-registry.ts) against the fault upstreams named by FAULT_UPSTREAM_ORIGIN and
// FAULT_HALF_OPEN_PORT, counts unhandled rejections and uncaught exceptions instead of dying of
// them, and on SIGTERM closes gracefully and prints the counts. Prints {"port":N} when listening.
// Log lines are recorded for the whole-run secret scan.
import { startServer } from '../../../../runtime/main.js';
import { CANARY_SECRETS, TEST_CA_FILE } from '../../../support/runtime/start-runtime.js';
import { createLeakRecorder } from '../../../support/secret-canaries/leak-recorder.js';
import { composite, registryOf } from '../../../support/runtime/connectors.js';
import { faultConnectors, jinja } from './fault-registry.js';

export interface FaultServerReport {
  readonly unhandledRejections: number;
  readonly uncaughtExceptions: number;
}

const counts = { unhandledRejections: 0, uncaughtExceptions: 0 };
process.on('unhandledRejection', () => counts.unhandledRejections++);
process.on('uncaughtException', () => counts.uncaughtExceptions++);

const origin = process.env['FAULT_UPSTREAM_ORIGIN']!;
const halfOpenPort = process.env['FAULT_HALF_OPEN_PORT']!;
const recorder = createLeakRecorder();

const registry = registryOf(
  ...faultConnectors({
    fault: (fault) => (fault.path === null ? `https://127.0.0.1:${halfOpenPort}/x` : `${origin}${fault.path}`),
    route: (path) => `${origin}${path}`,
  }),
  composite({
    permalink: 'parse',
    steps: [{ name: 'parse', method: 'POST', url: `${origin}/a`, requestBody: jinja("{{ (request.body_text | from_json).name }}") }],
  }),
);

const server = await startServer(registry, {
  host: '127.0.0.1',
  port: 0,
  upstreamCaFile: TEST_CA_FILE,
  allowInsecureUpstreams: true,
  upstreamTimeoutMs: Number(process.env['FAULT_UPSTREAM_TIMEOUT_MS']),
  headersTimeoutMs: 300,
  requestTimeoutMs: 600,
  env: Object.fromEntries(Object.entries(CANARY_SECRETS).map(([name, value]) => [`CONDUIT_SECRET_${name}`, value])),
  dependencies: { processMetrics: false, logDestination: recorder.logStream('runtime log (child)') },
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);

process.once('SIGTERM', () => {
  void server.close().then(() => {
    const report: FaultServerReport = counts;
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exit(0);
  });
});
