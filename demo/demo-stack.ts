// The whole demo, started and stopped as one: the demo upstream (HTTPS, OAuth + JSON API), the
// bundled runtime as a child process configured for it, and the widget page on its own origin.
// `npm start` (demo/start.ts) and the browser tests both start it through startDemoStack().
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDemoCredentials, secretsFileOf, variablesFileOf } from './demo-credentials.js';
import { DEMO_MEMBERS } from './demo-members.js';
import { displayPath } from './display-path.js';
import { startPageServer, type PageServer } from './page-server.js';
import { startRuntimeProcess, type RuntimeExit, type RuntimeProcess } from './runtime-process.js';
import { CA_CERT_FILE, readDemoTls } from './tls/demo-tls.js';
import { signUserToken } from './user-tokens.js';
import { startDemoUpstream, type DemoUpstream } from './upstream/demo-upstream.js';

export interface DemoStackOptions {
  /** The bundled server to run (built by buildDemo). */
  readonly serverFile: string;
  /** Folder of the built SDK (widget-sdk.iife.js). */
  readonly sdkDir: string;
  /** Ports; 0 picks a free one. */
  readonly pagePort: number;
  readonly runtimePort: number;
  readonly upstreamPort: number;
  /** Every line the runtime writes. */
  readonly onRuntimeLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A request that works against the running demo, as a curl command and as its parts. */
export interface DemoCurl {
  readonly line: string;
  readonly method: 'GET';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface DemoStack {
  /** The widget page, e.g. `http://127.0.0.1:3000/`. */
  readonly pageUrl: string;
  /** Its origin: the one origin (with its localhost spelling) the runtime allows. */
  readonly pageOrigin: string;
  readonly runtimeUrl: string;
  readonly upstreamUrl: string;
  readonly runtimePid: number;
  /** How the runtime was started, without secrets (they are in files and its environment). */
  readonly runtimeCommand: string;
  readonly curl: DemoCurl;
  /** Settles if the runtime exits before close() was called. */
  readonly runtimeExited: Promise<RuntimeExit>;
  /** Access tokens the demo upstream has issued (the runtime caches them). */
  tokensIssued(): number;
  /** Stops the page server, the runtime and the upstream, and removes the demo's temp files. */
  close(): Promise<void>;
}

/** order-item sends the member's id upstream, so the caller needs a user token (SPEC §5: USER_REQUIRED otherwise). */
function curlFor(runtimeUrl: string, userToken: string): DemoCurl {
  const url = `${runtimeUrl}/api/connectors/order-item?page=2&page_size=5`;
  const headers = { Authorization: `Bearer ${userToken}`, 'X-Path-Params': 'order_id=42&item_id=a-1' };
  return { line: `curl -i -H 'Authorization: ${headers.Authorization}' -H 'X-Path-Params: ${headers['X-Path-Params']}' '${url}'`, method: 'GET', url, headers };
}

/** Both spellings of a loopback origin a browser may use for the page. */
function originSpellings(origin: string): string[] {
  const url = new URL(origin);
  const localhost = url.hostname === '127.0.0.1' ? `${url.protocol}//localhost:${url.port}` : null;
  return localhost === null ? [origin] : [origin, localhost];
}

async function writePrivateJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const credentials = createDemoCredentials();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-demo-'));
  let upstream: DemoUpstream | null = null;
  let page: PageServer | null = null;
  let runtime: RuntimeProcess | null = null;
  const closeAll = async () => {
    await Promise.all([page?.close(), runtime?.stop(), upstream?.close()]);
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    upstream = await startDemoUpstream({ credentials, tls: readDemoTls(), port: options.upstreamPort });
    page = await startPageServer({ sdkDir: options.sdkDir, userTokenSecret: credentials.userTokenSecret, port: options.pagePort });

    const secretsFile = path.join(workDir, 'secrets.json');
    const variablesFile = path.join(workDir, 'variables.json');
    await writePrivateJson(secretsFile, secretsFileOf(credentials));
    await writePrivateJson(variablesFile, variablesFileOf(upstream.host));
    const args = [
      '--host', '127.0.0.1',
      '--port', String(options.runtimePort),
      '--secrets', secretsFile,
      '--variables', variablesFile,
      '--upstream-ca', CA_CERT_FILE,
      // Demo only: the demo upstream listens on loopback, which the runtime refuses by default.
      '--allow-insecure-upstreams',
      ...originSpellings(page.origin).flatMap((origin) => ['--allowed-origin', origin]),
      // A stopped demo should not wait long for a slow call.
      '--shutdown-timeout-ms', '2000',
    ];
    runtime = await startRuntimeProcess({
      serverFile: options.serverFile,
      args,
      secretEnv: { CONDUIT_USER_TOKEN_SECRET: credentials.userTokenSecret },
      ...(options.onRuntimeLine === undefined ? {} : { onLine: options.onRuntimeLine }),
    });
    page.setRuntimeUrl(runtime.url);

    let closing: Promise<void> | null = null;
    const running = runtime;
    const livePage = page;
    const liveUpstream = upstream;
    return {
      pageUrl: livePage.url,
      pageOrigin: livePage.origin,
      runtimeUrl: running.url,
      upstreamUrl: liveUpstream.url,
      runtimePid: running.pid,
      runtimeCommand: ['node', displayPath(options.serverFile), ...args.map((a) => (a === CA_CERT_FILE ? displayPath(a) : a))].join(' '),
      curl: curlFor(running.url, await signUserToken(DEMO_MEMBERS[0]!, credentials.userTokenSecret)),
      runtimeExited: running.exited.then((exit) => {
        if (closing !== null) return new Promise<never>(() => {});
        return exit;
      }),
      tokensIssued: () => liveUpstream.tokensIssued(),
      close() {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
