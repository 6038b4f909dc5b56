// The runtime's entry points: `startServer` (programmatic), `runServerFromCli` (the bundled
// dist/server.mjs and `conduit serve`: flags, env, signals) and `executeOnce` (`conduit run`).
// Collaborators (upstream client, authenticator, stores, user-token verifier) are built from the
// options unless a caller injects them.
import cluster from 'node:cluster';
import { readFile } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { createAuthenticator } from './auth/authenticator.js';
import type { Authenticator } from './auth/types.js';
import { openCaches } from './cache/open-caches.js';
import { runClusterPrimary } from './cluster/cluster-primary.js';
import { resolveWorkerCount } from './cluster/worker-count.js';
import type { CompiledRegistry } from './connector.js';
import type { CallerRequest } from './executor/caller-request.js';
import type { DebugStepRequest } from './executor/debug-request.js';
import { executeConnector } from './executor/execute-connector.js';
import { EMPTY_SECRET_STORE, EMPTY_VARIABLE_STORE } from './executor/template-env.js';
import type { StepTiming } from './executor/timing.js';
import { createUpstreamClient } from './http/client.js';
import type { UpstreamClient } from './http/types.js';
import { createRuntimeLogger, type LogDestination } from './observability/logger.js';
import { RuntimeMetrics } from './observability/metrics.js';
import type { RequestTracing } from './observability/tracing.js';
import { DEFAULT_SERVER_OPTIONS, parseServerOptions, type ServerOptions, type UserTokenSource } from './options.js';
import { openSecretStore, openVariableStore } from './secrets/open-stores.js';
import { createRedactor } from './secrets/redactor.js';
import type { SecretStore, VariableStore } from './secrets/types.js';
import { replyOf } from './server/connector-reply.js';
import { envelopeErrorsOf } from './server/connector-reply.js';
import { errorEnvelope, REQUEST_SCOPE, type EnvelopeErrors } from './server/error-envelope.js';
import { REQUEST_ID_HEADER, requestIdOf } from './server/request-id.js';
import { listen } from './server/http-server.js';
import { parsePathParams } from './server/path-params.js';
import { createServerRuntime, type ServerRuntime } from './server/server-runtime.js';
import { ANONYMOUS_USER, userFromClaims } from './user/user-context.js';
import { createUserTokenVerifier, type UserTokenVerifier } from './user/user-token-verifier.js';
import { configureRenderLimits } from './template/render-budget.js';

/** Collaborators a caller (a test, a benchmark, the caching layer) may inject instead of the defaults. */
export interface RuntimeDependencies {
  readonly upstream?: UpstreamClient;
  /** null: no authenticator (the registry must not use authentication). */
  readonly authenticator?: Authenticator | null;
  readonly secrets?: SecretStore;
  readonly variables?: VariableStore;
  readonly userVerifier?: UserTokenVerifier | null;
  readonly logDestination?: LogDestination;
  readonly now?: () => Date;
  /** DNS resolver for the default upstream client (tests map names to 127.0.0.1). */
  readonly lookup?: LookupFunction;
  /** Process metrics in /metrics (default true; tests starting many servers turn them off). */
  readonly processMetrics?: boolean;
}

export interface StartServerOptions extends Partial<ServerOptions> {
  readonly dependencies?: RuntimeDependencies;
  /** Environment for the default secret/variable stores (CONDUIT_SECRET_*, CONDUIT_VAR_*). Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface RunningServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** Graceful: in-flight requests finish, then connections and the upstream pool close. */
  close(): Promise<void>;
  /**
   * Serves `registry` from the next request on (`conduit serve --watch`); requests in flight finish
   * on the previous one. Same options, stores and caches. Throws RuntimeSetupError, keeping the
   * previous registry, when this one cannot be served (authentication without an authenticator).
   */
  replaceRegistry(registry: CompiledRegistry): void;
}

/** A configuration problem found while starting (unreadable key file, bad secrets file, ...). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new StartupError([`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
}

async function userVerifierFor(source: UserTokenSource): Promise<UserTokenVerifier | null> {
  try {
    switch (source.kind) {
      case 'none':
        return null;
      case 'hmac':
        return createUserTokenVerifier({ kind: 'hmac', secret: source.secret });
      case 'public-key':
        return createUserTokenVerifier({ kind: 'public-key', pem: await readText(source.file, 'user-token public key') });
      case 'jwks': {
        const jwks = JSON.parse(await readText(source.file, 'user-token JWKS')) as JSONWebKeySet;
        if (!Array.isArray(jwks?.keys)) throw new StartupError([`the user-token JWKS ${source.file} has no "keys" array`]);
        return createUserTokenVerifier({ kind: 'jwks', jwks });
      }
    }
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError([`the user-token key is unusable: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

interface Resources {
  readonly runtime: ServerRuntime;
  /** null: tracing is off. */
  readonly tracing: RequestTracing | null;
  readonly options: ServerOptions;
  readonly flushLogs: () => void;
  /** Closes what was created here (an injected upstream client belongs to its creator). */
  readonly closeOwned: () => Promise<void>;
}

interface ResourceChoices {
  /** False for `conduit run`: one execution always reaches the upstreams and needs no shared stores. */
  readonly caches: boolean;
}

/** createServerRuntime, closing the caches' connection when the registry cannot be served. */
function createRuntimeOrClose(close: () => Promise<void>, ...args: Parameters<typeof createServerRuntime>): ServerRuntime {
  try {
    return createServerRuntime(...args);
  } catch (err) {
    void close();
    throw err;
  }
}

async function openResources(registry: CompiledRegistry, options: StartServerOptions, choices: ResourceChoices = { caches: true }): Promise<Resources> {
  const { dependencies: deps = {}, env = process.env, ...given } = options;
  const settings: ServerOptions = { ...DEFAULT_SERVER_OPTIONS, ...given };
  configureRenderLimits({ maxWork: settings.renderMaxWork, maxBytes: settings.renderMaxBytes });

  const problems: string[] = [];
  let secrets = deps.secrets;
  if (secrets === undefined) {
    const opened = await openSecretStore({ file: settings.secretsFile, env });
    if (opened.ok) secrets = opened.store;
    else problems.push(...opened.errors);
  }
  let variables = deps.variables;
  if (variables === undefined) {
    const opened = await openVariableStore({ file: settings.variablesFile, env });
    if (opened.ok) variables = opened.store;
    else problems.push(...opened.errors);
  }
  if (problems.length > 0) throw new StartupError(problems);
  const secretStore = secrets ?? EMPTY_SECRET_STORE;

  const userVerifier = deps.userVerifier !== undefined ? deps.userVerifier : await userVerifierFor(settings.userToken);
  const ca = settings.upstreamCaFile === null ? undefined : await readText(settings.upstreamCaFile, 'upstream CA file');

  const redact = createRedactor(secretStore.allValues());
  const created = createRuntimeLogger({
    level: settings.logLevel,
    redact,
    ...(deps.logDestination === undefined ? {} : { destination: deps.logDestination }),
  });
  const { flush } = created;
  // Workers of `--workers N` say which process wrote a line.
  const logger = cluster.isWorker ? created.logger.child({ pid: process.pid }) : created.logger;
  // The OpenTelemetry SDK is loaded only when traces are wanted.
  const tracing = settings.otlpEndpoint === null ? null : (await import('./observability/tracing.js')).createTracing({ endpoint: settings.otlpEndpoint });
  const upstream =
    deps.upstream ??
    createUpstreamClient({
      timeoutMs: settings.upstreamTimeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
      allowInsecureUpstreams: settings.allowInsecureUpstreams,
      maxConcurrentPerOrigin: settings.maxConcurrentPerOrigin,
      ...(ca === undefined ? {} : { ca }),
      ...(deps.lookup === undefined ? {} : { lookup: deps.lookup }),
    });
  const now = deps.now ?? (() => new Date());
  const clock = deps.now === undefined ? Date.now : () => now().getTime();
  const metrics = new RuntimeMetrics({ processMetrics: deps.processMetrics ?? true });
  const caches = choices.caches
    ? await openCaches(settings, { logger, registry: metrics.registry, now: clock })
    : { responseCache: null, tokenCache: null, close: () => Promise.resolve() };
  const authenticator =
    deps.authenticator !== undefined
      ? deps.authenticator
      : createAuthenticator({
          ...(deps.now === undefined ? {} : { now: clock }),
          ...(caches.tokenCache === null ? {} : { tokenCache: caches.tokenCache }),
        });

  const runtime = createRuntimeOrClose(
    caches.close,
    registry,
    {
      allowedOrigins: settings.allowedOrigins,
      requireUser: settings.requireUser,
      debug: settings.debug,
      maxBodyBytes: settings.maxBodyBytes,
      maxHeaderValueBytes: settings.maxHeaderValueBytes,
      streamResponses: settings.streamResponses,
    },
    {
      http: tracing === null ? upstream : tracing.wrapUpstream(upstream),
      authenticator,
      secrets: secretStore,
      variables: variables ?? EMPTY_VARIABLE_STORE,
      userVerifier,
      logger,
      metrics,
      redact,
      now,
      responseCache: caches.responseCache,
      tracing,
    },
  );
  return {
    runtime,
    tracing,
    options: settings,
    flushLogs: flush,
    closeOwned: async () => {
      if (deps.upstream === undefined) await upstream.close();
      await caches.close();
      await tracing?.shutdown();
    },
  };
}

export async function startServer(registry: CompiledRegistry, options: StartServerOptions = {}): Promise<RunningServer> {
  const resources = await openResources(registry, options);
  const { runtime, tracing, options: settings } = resources;
  let current = runtime;
  const handle = await listen(runtime, {
    current: () => current,
    ...(tracing === null ? {} : { trace: (req, res, handle) => tracing.serve(req, res, handle) }),
    host: settings.host,
    port: settings.port,
    shutdownTimeoutMs: settings.shutdownTimeoutMs,
    headersTimeoutMs: settings.headersTimeoutMs,
    requestTimeoutMs: settings.requestTimeoutMs,
    keepAliveTimeoutMs: settings.keepAliveTimeoutMs,
  });
  runtime.deps.logger.info(
    { url: handle.url, connectors: runtime.connectors.length, debug: settings.debug, allowInsecureUpstreams: settings.allowInsecureUpstreams },
    'conduit runtime listening',
  );
  let closing: Promise<void> | null = null;
  return {
    url: handle.url,
    port: handle.port,
    replaceRegistry(registry) {
      // One assignment: a request sees the old registry or the new one, never a mix.
      current = createServerRuntime(registry, runtime.config, runtime.deps);
      runtime.deps.logger.info({ connectors: current.connectors.length }, 'registry replaced');
    },
    close() {
      closing ??= (async () => {
        await handle.close();
        await resources.closeOwned();
        runtime.deps.logger.info({}, 'conduit runtime stopped');
        resources.flushLogs();
      })();
      return closing;
    },
  };
}

/** Exit codes of runServerFromCli. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_STARTUP = 1;

/**
 * Serves the registry until SIGTERM/SIGINT, then shuts down gracefully (in-flight requests
 * finish). Resolves with the exit code when the server has stopped; also sets process.exitCode.
 */
/** How `--workers N` starts its worker processes. */
export interface ServeLaunch {
  /**
   * The script workers run (it calls runServerFromCli with the same registry). Default: this
   * process' own script, right for `node dist/server.mjs`; `conduit serve` passes the entry of
   * the bundle it compiled, so workers do not compile the registry again.
   */
  readonly workerEntry?: string;
  /** Called once the server listens (single process only): `conduit serve --watch` swaps registries through it. */
  readonly onServing?: (server: RunningServer) => void;
}

export async function runServerFromCli(
  registry: CompiledRegistry,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  launch: ServeLaunch = {},
): Promise<number> {
  const code = await serveFromCli(registry, argv, env, launch);
  // A worker's IPC channel to the primary would keep it alive: close it so the process exits.
  if (cluster.isWorker) cluster.worker?.disconnect();
  return code;
}

async function serveFromCli(
  registry: CompiledRegistry,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  launch: ServeLaunch,
): Promise<number> {
  const parsed = parseServerOptions(argv, env);
  if (!parsed.ok) {
    process.stderr.write(parsed.errors.map((e) => `conduit: ${e}\n`).join(''));
    process.exitCode = EXIT_USAGE;
    return EXIT_USAGE;
  }
  if (parsed.rest.length > 0) {
    process.stderr.write(`conduit: unexpected arguments: ${parsed.rest.join(' ')}\n`);
    process.exitCode = EXIT_USAGE;
    return EXIT_USAGE;
  }
  const workers = resolveWorkerCount(parsed.options.workers);
  if (workers > 1 && cluster.isPrimary) {
    const code = await serveWithWorkers(registry, parsed.options, argv, env, workers, launch);
    process.exitCode = code;
    return code;
  }
  let server: RunningServer;
  try {
    server = await startServer(registry, { ...parsed.options, env });
  } catch (err) {
    const problems = err instanceof StartupError ? err.problems : [err instanceof Error ? err.message : String(err)];
    process.stderr.write(problems.map((p) => `conduit: ${p}\n`).join(''));
    process.exitCode = EXIT_STARTUP;
    return EXIT_STARTUP;
  }
  // With workers, the primary announces the address once all of them listen.
  if (!cluster.isWorker) process.stderr.write(`conduit: serving ${registry.connectors.length} connectors on ${server.url}\n`);
  launch.onServing?.(server);
  await new Promise<void>((stopped) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.close().then(stopped);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  process.exitCode = EXIT_OK;
  return EXIT_OK;
}

function serveWithWorkers(
  registry: CompiledRegistry,
  options: ServerOptions,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  workers: number,
  launch: ServeLaunch,
): Promise<number> {
  const exec = launch.workerEntry ?? process.argv[1];
  if (exec === undefined) {
    process.stderr.write('conduit: --workers needs a script for the workers to run\n');
    return Promise.resolve(EXIT_USAGE);
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return runClusterPrimary({
    workers,
    exec,
    args: argv,
    env,
    urlOf: (port) => `http://${host}:${port}`,
    shutdownTimeoutMs: options.shutdownTimeoutMs,
    startupFailureCodes: [EXIT_STARTUP, EXIT_USAGE],
    report: (line) => process.stderr.write(`conduit: ${line}\n`),
    onListening: (url) => process.stderr.write(`conduit: serving ${registry.connectors.length} connectors on ${url} (${workers} workers)\n`),
  });
}

/** What `conduit run` sends: the caller's side of one request. */
export interface ExecuteOnceInput {
  /** The caller's body (`--payload JSON` passes the JSON text). */
  readonly payload?: string | Uint8Array | null;
  /** Default `application/json` when a payload is given. */
  readonly contentType?: string | null;
  /** The caller's query parameters (`--query k=v`, repeatable). */
  readonly query?: readonly (readonly [string, string])[];
  /** Path parameters of a regular connector. */
  readonly pathParams?: Readonly<Record<string, string | number>>;
  /** Caller headers (only overridable entries of regular connectors read them). */
  readonly headers?: Readonly<Record<string, string>>;
  /** User claims (`--user JSON`: sub, email, tenant_id, ...) taken as verified: `run` is a local tool. */
  readonly user?: Readonly<Record<string, unknown>> | null;
}

export interface ExecuteOnceResult {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly steps: readonly StepTiming[];
  readonly totalMs: number;
  /** X-Debug-Request as data (secrets shown as their template text, known values scrubbed). */
  readonly debugRequest: readonly DebugStepRequest[];
  /** The error envelope's content when the execution failed. */
  readonly error: EnvelopeErrors | null;
  readonly requestId: string;
}

function rejected(requestId: string, status: number, message: string, code?: string, params?: readonly string[]): ExecuteOnceResult {
  const errors: EnvelopeErrors = { scope: REQUEST_SCOPE, message, code, params };
  const body = errorEnvelope(requestId, errors);
  return {
    ok: false,
    status,
    headers: { 'Content-Type': 'application/json', [REQUEST_ID_HEADER]: requestId },
    body: Buffer.from(body),
    steps: [],
    totalMs: 0,
    debugRequest: [],
    error: (JSON.parse(body) as { errors: EnvelopeErrors }).errors,
    requestId,
  };
}

/** Runs one connector once, with debug output, as the server would (used by `conduit run`). */
export async function executeOnce(
  registry: CompiledRegistry,
  permalink: string,
  input: ExecuteOnceInput = {},
  options: StartServerOptions = {},
): Promise<ExecuteOnceResult> {
  // `conduit run` prints the response on stdout: warnings go to stderr.
  const dependencies = { logDestination: process.stderr, ...options.dependencies };
  const resources = await openResources(registry, { ...options, dependencies, debug: true }, { caches: false });
  const { runtime } = resources;
  const requestId = requestIdOf(undefined);
  try {
    // By permalink, numeric id or name, regular or composite (the reference CLI runs connectors by name).
    const prepared =
      runtime.connectors.find((c) => c.permalink === permalink || (c.connector.id !== null && String(c.connector.id) === permalink)) ??
      runtime.connectors.find((c) => c.connector.name === permalink);
    if (prepared === undefined) return rejected(requestId, 404, `Connector "${permalink}" is not defined in this registry`);

    const pathHeader = new URLSearchParams(Object.entries(input.pathParams ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const pathParams = parsePathParams(pathHeader, prepared.kind === 'regular' ? prepared.connector.pathParams : []);
    if (!pathParams.ok) return rejected(requestId, 400, pathParams.message, pathParams.code, pathParams.params);

    const user = input.user === undefined || input.user === null ? ANONYMOUS_USER : userFromClaims(input.user);
    if (user === ANONYMOUS_USER && prepared.connector.requiresUser === true) {
      return rejected(requestId, 401, 'This connector needs a signed-in user (give one with --user)', 'USER_REQUIRED');
    }
    const payload = input.payload ?? null;
    const body = payload === null ? Buffer.alloc(0) : typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
    const caller: CallerRequest = {
      body,
      contentType: input.contentType ?? (body.length > 0 ? 'application/json' : null),
      query: input.query ?? [],
      headers,
      pathParams: pathParams.params,
      user,
    };
    const result = await executeConnector(
      { connector: prepared, caller, env: runtime.envs.forTenant(caller.user.tenantId), debug: true, requestId },
      runtime.executor,
    );
    const reply = replyOf(result, runtime.deps.redact, requestId);
    const debugHeader = reply.headers['X-Debug-Request'];
    return {
      // A regular connector's upstream 4xx/5xx is passed through, and is still not a success.
      ok: result.ok && reply.status < 400,
      status: reply.status,
      headers: reply.headers,
      body: typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body,
      steps: result.steps,
      totalMs: result.totalMs,
      debugRequest: debugHeader === undefined ? [] : (JSON.parse(debugHeader) as DebugStepRequest[]),
      error: result.ok ? null : envelopeErrorsOf(result.failure, runtime.deps.redact(result.failure.message), result.kind === 'composite'),
      requestId,
    };
  } finally {
    await resources.closeOwned();
    resources.flushLogs();
  }
}
