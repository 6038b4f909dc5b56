// Starts the real runtime server (runtime/main.ts) on 127.0.0.1 with a hand-written registry,
// trusting the test CA, and collects its log lines for assertions.
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer, type StartServerOptions } from '../../../runtime/main.js';
import type { CompiledRegistry } from '../../../runtime/connector.js';

/** The test CA file (test/fixtures/tls), passed to the runtime like `--upstream-ca`. */
export const TEST_CA_FILE = fileURLToPath(new URL('../../fixtures/tls/ca-cert.pem', import.meta.url));

export interface TestRuntime extends RunningServer {
  /** Every log line written so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Every log line written so far, as written. */
  logText(): string;
  /** fetch() against the runtime: `call('/api/connectors/x', { method: 'POST' })`. */
  call(path: string, init?: RequestInit): Promise<Response>;
}

export async function startTestRuntime(registry: CompiledRegistry, options: StartServerOptions = {}): Promise<TestRuntime> {
  const lines: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const server = await startServer(registry, {
    host: '127.0.0.1',
    port: 0,
    upstreamCaFile: TEST_CA_FILE,
    // Local upstreams live on 127.0.0.1: the development flag is needed unless a test says otherwise.
    allowInsecureUpstreams: true,
    env: {},
    ...options,
    dependencies: {
      processMetrics: false,
      logDestination: {
        write(line: string) {
          lines.push(line);
          logs.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
      ...options.dependencies,
    },
  });
  return {
    url: server.url,
    port: server.port,
    close: () => server.close(),
    logs,
    logText: () => lines.join(''),
    call: (path, init) => fetch(`${server.url}${path}`, init),
  };
}
