// The TemplateEnv of a tenant: where get_secret()/get_variable()/now() get their answers.
// One env per tenant is kept, so a request allocates nothing to render.
import type { SecretStore, VariableStore } from '../secrets/types.js';
import type { TemplateEnv } from '../template/types.js';

export interface TemplateEnvSources {
  readonly secrets: SecretStore;
  readonly variables: VariableStore;
  readonly now: () => Date;
  /** Told the name of a missing secret (never a value), e.g. to log a warning. */
  readonly onMissingSecret: (name: string, tenantId: string | null) => void;
}

/** Beyond this many tenants the cache starts over: tenants come from verified tokens, but stay bounded. */
const MAX_CACHED_TENANTS = 10_000;

export class TemplateEnvCache {
  private readonly byTenant = new Map<string | null, TemplateEnv>();

  constructor(private readonly sources: TemplateEnvSources) {}

  forTenant(tenantId: string | null): TemplateEnv {
    let env = this.byTenant.get(tenantId);
    if (env === undefined) {
      if (this.byTenant.size >= MAX_CACHED_TENANTS) this.byTenant.clear();
      env = this.create(tenantId);
      this.byTenant.set(tenantId, env);
    }
    return env;
  }

  private create(tenantId: string | null): TemplateEnv {
    const { secrets, variables, now, onMissingSecret } = this.sources;
    return {
      getSecret: (name) => secrets.get(name, tenantId),
      getVariable: (name) => variables.get(name, tenantId),
      now,
      onMissingSecret: (name) => onMissingSecret(name, tenantId),
    };
  }
}

/** Stores for a server started without secrets or variables: every lookup misses. */
export const EMPTY_SECRET_STORE: SecretStore = { get: () => undefined, allValues: () => [] };
export const EMPTY_VARIABLE_STORE: VariableStore = { get: () => undefined };
