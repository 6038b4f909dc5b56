// Starts the real runtime server (runtime/main.ts) on 127.0.0.1 with a hand-written registry,
// trusting the test CA, and collects its log lines for assertions.
//
// Every runtime started here feeds the whole-run secret scan (test/support/secret-canaries/):
// its secret store always holds the canary secrets (CANARY_SECRETS, readable by name with
// get_secret), every log line it writes is recorded, and so is what a test sees through
// `call()`: each status line with all headers (X-Debug-Request included) and every error body.
// Secret values a test configures itself are declared to the scan as well. Success bodies are
// not recorded: an upstream may legitimately echo a credential it was sent.
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer, type StartServerOptions } from '../../../runtime/main.js';
import type { CompiledRegistry } from '../../../runtime/connector.js';
import { SECRET_ENV_PREFIX, createEnvSecretStore } from '../../../runtime/secrets/env-store.js';
import { layerSecretStores } from '../../../runtime/secrets/layered-store.js';
import { openSecretStore } from '../../../runtime/secrets/open-stores.js';
import { SECRET_CANARIES } from '../secret-canaries/canaries.js';
import { createLeakRecorder, declareSecrets, type LeakRecorder } from '../secret-canaries/leak-recorder.js';

/** The test CA file (test/fixtures/tls), passed to the runtime like `--upstream-ca`. */
export const TEST_CA_FILE = fileURLToPath(new URL('../../fixtures/tls/ca-cert.pem', import.meta.url));

/** Secrets every test runtime's store holds, by the name a template reads them with (`get_secret('canary_api_key')`). */
export const CANARY_SECRETS: Readonly<Record<string, string>> = {
  canary_client_secret: SECRET_CANARIES.clientSecret,
  canary_client_secret_alt: SECRET_CANARIES.clientSecretAlt,
  canary_api_key: SECRET_CANARIES.apiKey,
  canary_hmac_key: SECRET_CANARIES.hmacKey,
  canary_tenant_secret: SECRET_CANARIES.tenantSecret,
  canary_env_secret: SECRET_CANARIES.envSecret,
  canary_special_chars: SECRET_CANARIES.specialChars,
};

const CANARY_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CANARY_SECRETS).map(([name, value]) => [`${SECRET_ENV_PREFIX}${name}`, value]),
);

export interface TestRuntime extends RunningServer {
  /** Every log line written so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Every log line written so far, as written. */
  logText(): string;
  /**
   * fetch() against the runtime: `call('/api/connectors/x', { method: 'POST' })`. The body is
   * read before the promise resolves (so it can be recorded); the Response works as usual.
   */
  call(path: string, init?: RequestInit): Promise<Response>;
}

/** One recorder per test process: all runtimes of a test file append to the same capture. */
let recorder: LeakRecorder | null = null;

/** What the runtimes of this test process recorded for the secret scan (for tests of this wiring). */
export function recordedForSecretScan(): LeakRecorder {
  recorder ??= createLeakRecorder();
  return recorder;
}

/** Statuses whose responses have no body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function isEnvelope(body: ArrayBuffer): boolean {
  try {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { success?: unknown };
    return parsed !== null && typeof parsed === 'object' && parsed.success === false;
  } catch {
    return false;
  }
}

async function recordedResponse(rec: LeakRecorder, res: Response): Promise<Response> {
  const body = await res.arrayBuffer();
  const head = [`HTTP ${res.status} ${res.statusText}`, ...[...res.headers].map(([name, value]) => `${name}: ${value}`)].join('\n');
  rec.record(`response head (${res.status})`, head);
  // Error envelopes are Conduit's words and must never carry a secret. A regular connector's
  // upstream 4xx/5xx passes through as the upstream wrote it (SPEC §5), like a success body.
  if (res.status >= 400 && res.headers.get('x-connector-timing') === null) rec.record(`error body (${res.status})`, Buffer.from(body).toString('utf8'));
  else if (res.status >= 400 && isEnvelope(body)) rec.record(`error body (${res.status})`, Buffer.from(body).toString('utf8'));
  return new Response(NULL_BODY_STATUSES.has(res.status) ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Secret values the server will hold besides the canaries, for the scan to look for too. */
async function configuredSecretValues(options: StartServerOptions): Promise<readonly string[]> {
  const injected = options.dependencies?.secrets;
  if (injected !== undefined) return injected.allValues();
  const opened = await openSecretStore({ file: options.secretsFile ?? null, env: options.env ?? {} });
  // A store that cannot open makes the server refuse to start (a test may want exactly that).
  return opened.ok ? opened.store.allValues() : [];
}

export async function startTestRuntime(registry: CompiledRegistry, options: StartServerOptions = {}): Promise<TestRuntime> {
  const rec = recordedForSecretScan();
  declareSecrets(await configuredSecretValues(options));
  const lines: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const injectedSecrets = options.dependencies?.secrets;
  const server = await startServer(registry, {
    host: '127.0.0.1',
    port: 0,
    upstreamCaFile: TEST_CA_FILE,
    // Local upstreams live on 127.0.0.1: the development flag is needed unless a test says otherwise.
    allowInsecureUpstreams: true,
    ...options,
    env: { ...CANARY_ENV, ...options.env },
    dependencies: {
      processMetrics: false,
      ...options.dependencies,
      // An injected store keeps answering first; the canaries sit below it.
      ...(injectedSecrets === undefined ? {} : { secrets: layerSecretStores([injectedSecrets, createEnvSecretStore(CANARY_ENV)]) }),
      logDestination: {
        write(line: string) {
          rec.record('runtime log', line);
          options.dependencies?.logDestination?.write(line);
          lines.push(line);
          logs.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    },
  });
  return {
    url: server.url,
    port: server.port,
    close: () => server.close(),
    replaceRegistry: (registry) => server.replaceRegistry(registry),
    logs,
    logText: () => lines.join(''),
    call: async (path, init) => recordedResponse(rec, await fetch(`${server.url}${path}`, init)),
  };
}
