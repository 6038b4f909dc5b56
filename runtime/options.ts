// Server options from command-line flags and CONDUIT_* environment variables (SPEC §7). One parser
// serves `conduit serve`, `conduit run` and `node dist/server.mjs`; a flag wins over its variable.
// `conduit run`'s own flags are the CLI's (cli/run-arguments.ts).
// Errors are data: the caller prints them.

import { DEFAULT_RENDER_LIMITS, RENDER_LIMIT_ENV } from './template/render-budget.js';

export type UserTokenSource =
  | { readonly kind: 'none' }
  | { readonly kind: 'hmac'; readonly secret: string }
  | { readonly kind: 'public-key'; readonly file: string }
  | { readonly kind: 'jwks'; readonly file: string };

export interface ServerOptions {
  /** Registry folder (`conduit serve` compiles it; a prebuilt bundle ignores it). */
  readonly registryDir: string;
  readonly host: string;
  readonly port: number;
  readonly secretsFile: string | null;
  readonly variablesFile: string | null;
  readonly userToken: UserTokenSource;
  readonly requireUser: boolean;
  /** Widget origins for CORS, e.g. `https://community.example.com`; `*` allows any. */
  readonly allowedOrigins: readonly string[];
  /** Local development and tests only: http:// and private addresses. Never default. */
  readonly allowInsecureUpstreams: boolean;
  /** X-Debug-Request on every response. Never default. */
  readonly debug: boolean;
  /** Extra CA certificate (PEM file) trusted for upstream TLS, e.g. a test CA. */
  readonly upstreamCaFile: string | null;
  readonly maxBodyBytes: number;
  readonly maxResponseBytes: number;
  readonly upstreamTimeoutMs: number;
  readonly maxHeaderValueBytes: number;
  readonly logLevel: string;
  readonly shutdownTimeoutMs: number;
  /** A caller must send its whole request head within this (slowloris callers are dropped with 408). */
  readonly headersTimeoutMs: number;
  /** A caller must send its whole request, head and body, within this (408 otherwise). */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection from a caller is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Upstream requests in flight per origin; more are refused at once (502, upstream overloaded). */
  readonly maxConcurrentPerOrigin: number;
  /** Redis shared by every process for the response and OAuth token caches; null: in-process caches. */
  readonly redisUrl: string | null;
  /** Server processes sharing the port (node:cluster); 1 serves in this process, 'auto' one per CPU. */
  readonly workers: number | 'auto';
  /** Bytes of the in-memory response cache; 0 turns response caching off (in memory and in Redis). */
  readonly cacheMaxBytes: number;
  /** Responses with larger bodies are never cached. */
  readonly cacheMaxEntryBytes: number;
  /**
   * Pass a regular connector's untemplated, unstored upstream body through as it arrives instead
   * of buffering it. Off by default: a body that fails after the head (reset, over the size limit
   * without Content-Length) then cuts the caller's connection instead of answering a 502 envelope.
   */
  readonly streamResponses: boolean;
  /** Work units one template render may spend (loop iterations, items builtins walk); beyond: 422. */
  readonly renderMaxWork: number;
  /** Bytes one template render may allocate in builtins (`*`, `center`, `batch`, `join`, ...); beyond: 422. */
  readonly renderMaxBytes: number;
  /** OTLP/HTTP base URL traces are sent to; null: no tracing. */
  readonly otlpEndpoint: string | null;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  registryDir: 'registry',
  // Loopback unless told otherwise: exposing the server is a deliberate choice (CONDUIT_HOST=0.0.0.0).
  host: '127.0.0.1',
  port: 8080,
  secretsFile: null,
  variablesFile: null,
  userToken: { kind: 'none' },
  requireUser: false,
  allowedOrigins: [],
  allowInsecureUpstreams: false,
  debug: false,
  upstreamCaFile: null,
  maxBodyBytes: 1024 * 1024,
  maxResponseBytes: 10 * 1024 * 1024,
  upstreamTimeoutMs: 15_000,
  maxHeaderValueBytes: 8 * 1024,
  logLevel: 'info',
  shutdownTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConcurrentPerOrigin: 512,
  redisUrl: null,
  workers: 1,
  cacheMaxBytes: 64 * 1024 * 1024,
  cacheMaxEntryBytes: 2 * 1024 * 1024,
  streamResponses: false,
  renderMaxWork: DEFAULT_RENDER_LIMITS.maxWork,
  renderMaxBytes: DEFAULT_RENDER_LIMITS.maxBytes,
  otlpEndpoint: null,
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type Setter = (options: Mutable<ServerOptions>, value: string, state: ParseState) => string | null;

interface OptionSpec {
  readonly flag: string;
  readonly env: string;
  /** Boolean flags take no value on the command line. */
  readonly boolean: boolean;
  readonly set: Setter;
  readonly help: string;
}

interface ParseState {
  /** Which user-token flags were given, to refuse more than one. */
  readonly userTokenSources: Set<string>;
  /** --allowed-origin given on the command line replaces the environment's list. */
  originsFromFlags: boolean;
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function integer(name: string, min: number, max: number, assign: (o: Mutable<ServerOptions>, n: number) => void): Setter {
  return (options, value) => {
    if (!/^\d+$/.test(value)) return `${name} must be a whole number, got '${value}'`;
    const n = Number(value);
    if (n < min || n > max) return `${name} must be between ${min} and ${max}, got ${n}`;
    assign(options, n);
    return null;
  };
}

function parseBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === 'off' || v === '') return false;
  return null;
}

function boolean(name: string, assign: (o: Mutable<ServerOptions>, b: boolean) => void): Setter {
  return (options, value) => {
    const b = parseBoolean(value);
    if (b === null) return `${name} must be true or false (1/0), got '${value}'`;
    assign(options, b);
    return null;
  };
}

function text(name: string, assign: (o: Mutable<ServerOptions>, v: string) => void): Setter {
  return (options, value) => {
    if (value === '') return `${name} needs a value`;
    assign(options, value);
    return null;
  };
}

function userToken(name: string, make: (value: string) => UserTokenSource): Setter {
  return (options, value, state) => {
    if (value === '') return `${name} needs a value`;
    state.userTokenSources.add(name);
    options.userToken = make(value);
    return null;
  };
}

const SPECS: readonly OptionSpec[] = [
  { flag: '--registry', env: 'CONDUIT_REGISTRY', boolean: false, help: 'registry folder', set: text('--registry', (o, v) => (o.registryDir = v)) },
  { flag: '--host', env: 'CONDUIT_HOST', boolean: false, help: 'address to listen on', set: text('--host', (o, v) => (o.host = v)) },
  { flag: '--port', env: 'CONDUIT_PORT', boolean: false, help: 'port (0: any free port)', set: integer('--port', 0, 65535, (o, n) => (o.port = n)) },
  { flag: '--secrets', env: 'CONDUIT_SECRETS_FILE', boolean: false, help: 'secrets JSON file', set: text('--secrets', (o, v) => (o.secretsFile = v)) },
  { flag: '--variables', env: 'CONDUIT_VARIABLES_FILE', boolean: false, help: 'variables JSON file', set: text('--variables', (o, v) => (o.variablesFile = v)) },
  {
    flag: '--user-token-secret',
    env: 'CONDUIT_USER_TOKEN_SECRET',
    boolean: false,
    help: 'HMAC secret of user tokens',
    set: userToken('--user-token-secret', (secret) => ({ kind: 'hmac', secret })),
  },
  {
    flag: '--user-token-public-key',
    env: 'CONDUIT_USER_TOKEN_PUBLIC_KEY',
    boolean: false,
    help: 'PEM public key file of user tokens',
    set: userToken('--user-token-public-key', (file) => ({ kind: 'public-key', file })),
  },
  {
    flag: '--user-token-jwks',
    env: 'CONDUIT_USER_TOKEN_JWKS',
    boolean: false,
    help: 'JWKS file of user tokens',
    set: userToken('--user-token-jwks', (file) => ({ kind: 'jwks', file })),
  },
  { flag: '--require-user', env: 'CONDUIT_REQUIRE_USER', boolean: true, help: 'answer 401 without a user token', set: boolean('--require-user', (o, b) => (o.requireUser = b)) },
  {
    flag: '--allowed-origin',
    env: 'CONDUIT_ALLOWED_ORIGINS',
    boolean: false,
    help: 'widget origin allowed by CORS (repeatable; the variable takes a comma-separated list)',
    set: (options, value, state) => {
      const origins = value.split(/[\s,]+/).filter((o) => o !== '');
      if (origins.length === 0) return '--allowed-origin needs a value';
      options.allowedOrigins = [...options.allowedOrigins, ...origins];
      void state;
      return null;
    },
  },
  {
    flag: '--allow-insecure-upstreams',
    env: 'CONDUIT_ALLOW_INSECURE_UPSTREAMS',
    boolean: true,
    help: 'allow http:// and private addresses (development only)',
    set: boolean('--allow-insecure-upstreams', (o, b) => (o.allowInsecureUpstreams = b)),
  },
  { flag: '--debug', env: 'CONDUIT_DEBUG', boolean: true, help: 'add X-Debug-Request to responses', set: boolean('--debug', (o, b) => (o.debug = b)) },
  { flag: '--upstream-ca', env: 'CONDUIT_UPSTREAM_CA', boolean: false, help: 'extra trusted CA (PEM file) for upstreams', set: text('--upstream-ca', (o, v) => (o.upstreamCaFile = v)) },
  {
    flag: '--max-body-bytes',
    env: 'CONDUIT_MAX_BODY_BYTES',
    boolean: false,
    help: 'largest caller body',
    set: integer('--max-body-bytes', 0, 1024 ** 3, (o, n) => (o.maxBodyBytes = n)),
  },
  {
    flag: '--max-response-bytes',
    env: 'CONDUIT_MAX_RESPONSE_BYTES',
    boolean: false,
    help: 'largest upstream response',
    set: integer('--max-response-bytes', 1, 1024 ** 3, (o, n) => (o.maxResponseBytes = n)),
  },
  {
    flag: '--upstream-timeout-ms',
    env: 'CONDUIT_UPSTREAM_TIMEOUT_MS',
    boolean: false,
    help: 'limit per upstream request',
    set: integer('--upstream-timeout-ms', 1, 600_000, (o, n) => (o.upstreamTimeoutMs = n)),
  },
  {
    flag: '--max-header-bytes',
    env: 'CONDUIT_MAX_HEADER_BYTES',
    boolean: false,
    help: 'largest header value',
    set: integer('--max-header-bytes', 256, 48 * 1024, (o, n) => (o.maxHeaderValueBytes = n)),
  },
  {
    flag: '--log-level',
    env: 'CONDUIT_LOG_LEVEL',
    boolean: false,
    help: 'fatal|error|warn|info|debug|trace|silent',
    set: (options, value) => {
      if (!LOG_LEVELS.has(value)) return `--log-level must be one of ${[...LOG_LEVELS].join(', ')}, got '${value}'`;
      options.logLevel = value;
      return null;
    },
  },
  {
    flag: '--shutdown-timeout-ms',
    env: 'CONDUIT_SHUTDOWN_TIMEOUT_MS',
    boolean: false,
    help: 'how long in-flight requests may take after SIGTERM',
    set: integer('--shutdown-timeout-ms', 0, 3_600_000, (o, n) => (o.shutdownTimeoutMs = n)),
  },
  {
    flag: '--headers-timeout-ms',
    env: 'CONDUIT_HEADERS_TIMEOUT_MS',
    boolean: false,
    help: 'how long a caller may take to send its request headers',
    set: integer('--headers-timeout-ms', 1, 600_000, (o, n) => (o.headersTimeoutMs = n)),
  },
  {
    flag: '--request-timeout-ms',
    env: 'CONDUIT_REQUEST_TIMEOUT_MS',
    boolean: false,
    help: 'how long a caller may take to send its whole request',
    set: integer('--request-timeout-ms', 1, 3_600_000, (o, n) => (o.requestTimeoutMs = n)),
  },
  {
    flag: '--keep-alive-timeout-ms',
    env: 'CONDUIT_KEEP_ALIVE_TIMEOUT_MS',
    boolean: false,
    help: 'how long an idle caller connection stays open',
    set: integer('--keep-alive-timeout-ms', 1, 3_600_000, (o, n) => (o.keepAliveTimeoutMs = n)),
  },
  {
    flag: '--max-concurrent-per-origin',
    env: 'CONDUIT_MAX_CONCURRENT_PER_ORIGIN',
    boolean: false,
    help: 'upstream requests in flight per origin before new ones get 502',
    set: integer('--max-concurrent-per-origin', 1, 1_000_000, (o, n) => (o.maxConcurrentPerOrigin = n)),
  },
  {
    flag: '--redis-url',
    env: 'CONDUIT_REDIS_URL',
    boolean: false,
    help: 'redis:// or rediss:// URL: response and token caches shared by every process',
    set: (options, value) => {
      if (!/^rediss?:\/\/[^\s]+$/.test(value)) return '--redis-url must be a redis:// or rediss:// URL';
      options.redisUrl = value;
      return null;
    },
  },
  {
    flag: '--workers',
    env: 'CONDUIT_WORKERS',
    boolean: false,
    help: "server processes sharing the port (1: this process only; 'auto': one per CPU)",
    set: (options, value, state) => {
      if (value !== 'auto') return integer('--workers', 1, 256, (o, n) => (o.workers = n))(options, value, state);
      options.workers = 'auto';
      return null;
    },
  },
  {
    flag: '--cache-max-bytes',
    env: 'CONDUIT_CACHE_MAX_BYTES',
    boolean: false,
    help: 'size of the in-memory response cache (0: no response caching)',
    set: integer('--cache-max-bytes', 0, 64 * 1024 ** 3, (o, n) => (o.cacheMaxBytes = n)),
  },
  {
    flag: '--cache-max-entry-bytes',
    env: 'CONDUIT_CACHE_MAX_ENTRY_BYTES',
    boolean: false,
    help: 'largest response body the cache keeps',
    set: integer('--cache-max-entry-bytes', 1, 1024 ** 3, (o, n) => (o.cacheMaxEntryBytes = n)),
  },
  {
    flag: '--stream-responses',
    env: 'CONDUIT_STREAM_RESPONSES',
    boolean: true,
    help: 'pass untemplated regular-connector bodies through unbuffered (a body failing mid-way cuts the connection instead of a 502)',
    set: boolean('--stream-responses', (o, b) => (o.streamResponses = b)),
  },
  {
    flag: '--render-max-work',
    env: RENDER_LIMIT_ENV.maxWork,
    boolean: false,
    help: 'work units (loop iterations, items builtins walk) one template render may spend',
    set: integer('--render-max-work', 1000, 1_000_000_000, (o, n) => (o.renderMaxWork = n)),
  },
  {
    flag: '--render-max-bytes',
    env: RENDER_LIMIT_ENV.maxBytes,
    boolean: false,
    help: 'bytes one template render may allocate in builtins',
    set: integer('--render-max-bytes', 1024, 256 * 1024 ** 2, (o, n) => (o.renderMaxBytes = n)),
  },
  {
    flag: '--otlp-endpoint',
    env: 'CONDUIT_OTLP_ENDPOINT',
    boolean: false,
    help: 'OTLP/HTTP base URL to send traces to (also OTEL_EXPORTER_OTLP_ENDPOINT; unset: no tracing)',
    set: (options, value) => {
      if (!/^https?:\/\/[^\s]+$/.test(value)) return '--otlp-endpoint must be an http:// or https:// URL';
      options.otlpEndpoint = value;
      return null;
    },
  },
];

/** The standard OpenTelemetry variable, read when neither --otlp-endpoint nor CONDUIT_OTLP_ENDPOINT is given. */
const OTEL_ENDPOINT_ENV = 'OTEL_EXPORTER_OTLP_ENDPOINT';

const BY_FLAG = new Map(SPECS.map((spec) => [spec.flag, spec]));

export type ParsedServerOptions =
  | {
      readonly ok: true;
      readonly options: ServerOptions;
      /** Positional arguments, and unknown flags when `allowUnknown` (for commands with flags of their own). */
      readonly rest: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly string[] };

export interface ParseServerOptionsSettings {
  /** Leave unknown `--flags` (and the value after them) in `rest` instead of failing. */
  readonly allowUnknown?: boolean;
}

export function parseServerOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  settings: ParseServerOptionsSettings = {},
): ParsedServerOptions {
  const { options, errors, rest } = collectServerOptions(argv, env, settings);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options, rest };
}

/**
 * Options, problems and leftover arguments, all three whatever happened: for commands with flags
 * of their own (cli/run-arguments.ts) that report every problem at once.
 */
export function collectServerOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  settings: ParseServerOptionsSettings,
): { readonly options: ServerOptions; readonly errors: readonly string[]; readonly rest: readonly string[] } {
  const options: Mutable<ServerOptions> = { ...DEFAULT_SERVER_OPTIONS };
  const errors: string[] = [];
  const rest: string[] = [];

  const envState: ParseState = { userTokenSources: new Set(), originsFromFlags: false };
  for (const spec of SPECS) {
    const value = env[spec.env];
    if (value === undefined) continue;
    const error = spec.set(options, value, envState);
    if (error !== null) errors.push(`${spec.env}: ${error}`);
  }
  const otelEndpoint = env[OTEL_ENDPOINT_ENV];
  if (options.otlpEndpoint === null && otelEndpoint !== undefined && otelEndpoint !== '') {
    const error = BY_FLAG.get('--otlp-endpoint')!.set(options, otelEndpoint, envState);
    if (error !== null) errors.push(`${OTEL_ENDPOINT_ENV}: ${error}`);
  }
  if (envState.userTokenSources.size > 1) errors.push(`set only one of ${[...envState.userTokenSources].join(', ')} (as environment variables)`);

  const flagState: ParseState = { userTokenSources: new Set(), originsFromFlags: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      rest.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const spec = BY_FLAG.get(flag);
    if (spec === undefined) {
      if (settings.allowUnknown === true) {
        rest.push(arg);
        // Keep a following value with its flag.
        if (eq < 0 && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) rest.push(argv[++i]!);
      } else {
        errors.push(`unknown option ${flag}`);
      }
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (spec.boolean) value = 'true';
    else if (i + 1 < argv.length) value = argv[++i]!;
    else {
      errors.push(`${flag} needs a value`);
      continue;
    }
    if (spec.flag === '--allowed-origin' && !flagState.originsFromFlags) {
      flagState.originsFromFlags = true;
      options.allowedOrigins = [];
    }
    const error = spec.set(options, value, flagState);
    if (error !== null) errors.push(error);
  }
  if (flagState.userTokenSources.size > 1) errors.push(`use only one of ${[...flagState.userTokenSources].join(', ')}`);
  if (options.headersTimeoutMs > options.requestTimeoutMs) {
    errors.push(`--headers-timeout-ms (${options.headersTimeoutMs}) must not exceed --request-timeout-ms (${options.requestTimeoutMs})`);
  }
  if (options.requireUser && options.userToken.kind === 'none') {
    errors.push('--require-user needs a way to verify tokens: --user-token-secret, --user-token-public-key or --user-token-jwks');
  }
  return { options, errors, rest };
}

/** One line per option, for `--help` texts. */
export function serverOptionsHelp(): string {
  const usages = SPECS.map((s) => `  ${s.flag}${s.boolean ? '' : ' VALUE'}`);
  const width = Math.max(...usages.map((u) => u.length)) + 2;
  return SPECS.map((s, i) => usages[i]!.padEnd(width) + `${s.help} (env ${s.env})`).join('\n');
}
