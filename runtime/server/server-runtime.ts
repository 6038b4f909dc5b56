// Everything the request path needs, assembled once at start-up from the compiled registry:
// the route table, CORS, template envs, metrics children, collaborators. Each connector is
// prepared on its first use (./prepared-on-first-use.ts), so start-up does not build its steps.
import type { Authenticator } from '../auth/types.js';
import type { RequestTracing } from '../observability/tracing.js';
import type { ResponseCache } from '../cache/response-cache.js';
import type { CompiledRegistry } from '../connector.js';
import type { ExecutorDependencies } from '../executor/execute-connector.js';
import type { PreparedConnector } from '../executor/prepared-connector.js';
import { TemplateEnvCache } from '../executor/template-env.js';
import type { UpstreamClient } from '../http/types.js';
import type { Redact, RuntimeLogger } from '../observability/logger.js';
import type { ConnectorMetrics, RuntimeMetrics } from '../observability/metrics.js';
import { createMissingSecretReporter } from '../secrets/missing-secret-reporter.js';
import type { SecretStore, VariableStore } from '../secrets/types.js';
import type { UserTokenVerifier } from '../user/user-token-verifier.js';
import { CorsPolicy } from './cors.js';
import { preparedOnFirstUse } from './prepared-on-first-use.js';
import { RouteTable } from './routes.js';

export interface ServerRuntimeConfig {
  readonly allowedOrigins: readonly string[];
  /** Answer 401 to callers without a user token. */
  readonly requireUser: boolean;
  /** Add X-Debug-Request to every connector response. Never on by default. */
  readonly debug: boolean;
  readonly maxBodyBytes: number;
  readonly maxHeaderValueBytes: number;
  /** Pass regular connectors' untemplated, unstored bodies through unbuffered (ServerOptions.streamResponses). Default false. */
  readonly streamResponses?: boolean;
}

export interface ServerRuntimeDependencies {
  readonly http: UpstreamClient;
  readonly authenticator: Authenticator | null;
  readonly secrets: SecretStore;
  readonly variables: VariableStore;
  /** Null when no user-token key is configured: then every presented token is refused. */
  readonly userVerifier: UserTokenVerifier | null;
  readonly logger: RuntimeLogger;
  readonly metrics: RuntimeMetrics;
  /** Scrubs secret values from text that leaves the process (error messages, debug output). */
  readonly redact: Redact;
  readonly now: () => Date;
  /** Caches GET/HEAD step responses (SPEC §5); absent or null: no response caching. */
  readonly responseCache?: ResponseCache | null;
  /** Step spans (runtime/observability/tracing.ts); absent or null: tracing is off. */
  readonly tracing?: RequestTracing | null;
}

export interface ServerRuntime {
  readonly config: ServerRuntimeConfig;
  readonly deps: ServerRuntimeDependencies;
  readonly connectors: readonly PreparedConnector[];
  readonly routes: RouteTable;
  readonly cors: CorsPolicy;
  readonly envs: TemplateEnvCache;
  readonly executor: ExecutorDependencies;
  readonly connectorMetrics: ReadonlyMap<PreparedConnector, ConnectorMetrics>;
}

/** A registry that cannot be served as given (a step needs authentication but none is configured). */
export class RuntimeSetupError extends Error {
  override readonly name = 'RuntimeSetupError';
}

export function createServerRuntime(
  registry: CompiledRegistry,
  config: ServerRuntimeConfig,
  deps: ServerRuntimeDependencies,
): ServerRuntime {
  // Prepared on first use: start-up only indexes permalinks and ids.
  const connectors = registry.connectors.map(preparedOnFirstUse);
  if (deps.authenticator === null) {
    const needing = connectors.filter((c) => c.steps.some((s) => s.step.authentication.type !== 'none')).map((c) => c.permalink);
    if (needing.length > 0) throw new RuntimeSetupError(`connectors ${needing.join(', ')} need authentication, but no authenticator was provided`);
  }
  const envs = new TemplateEnvCache({
    secrets: deps.secrets,
    variables: deps.variables,
    now: deps.now,
    // Names the secret, never a value; rate-limited per (tenant, secret).
    onMissingSecret: createMissingSecretReporter(deps.logger),
  });
  return {
    config,
    deps,
    connectors,
    routes: new RouteTable(connectors),
    cors: new CorsPolicy(config.allowedOrigins),
    envs,
    executor: {
      http: deps.http,
      authenticator: deps.authenticator,
      maxHeaderValueBytes: config.maxHeaderValueBytes,
      responseCache: deps.responseCache ?? null,
      tracing: deps.tracing ?? null,
    },
    connectorMetrics: new Map(connectors.map((c) => [c, deps.metrics.forConnector(c)])),
  };
}
