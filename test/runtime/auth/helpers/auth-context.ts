// Builds the AuthContext the executor would pass: hdr-slot rendering with the request's tenant
// and a secret store behind get_secret().
import type { TemplateValue } from '../../../../runtime/connector.js';
import type { AuthContext } from '../../../../runtime/auth/types.js';
import type { UpstreamClient } from '../../../../runtime/http/types.js';
import type { SecretStore, VariableStore } from '../../../../runtime/secrets/types.js';
import type { TemplateEnv } from '../../../../runtime/template/types.js';

export interface TestAuthContextOptions {
  readonly http: UpstreamClient;
  readonly secrets: SecretStore;
  readonly variables?: VariableStore;
  readonly tenantId?: string | null;
  readonly onMissingSecret?: (name: string) => void;
}

export function createTestAuthContext(options: TestAuthContextOptions): AuthContext {
  const tenantId = options.tenantId ?? null;
  const vars = new Map<string, unknown>([['tenant_id', tenantId]]);
  const env: TemplateEnv = {
    getSecret: (name) => options.secrets.get(name, tenantId),
    getVariable: (name) => options.variables?.get(name, tenantId),
    now: () => new Date(),
    ...(options.onMissingSecret ? { onMissingSecret: options.onMissingSecret } : {}),
  };
  return {
    render: (value: TemplateValue) => (typeof value === 'string' ? value : value.render(vars, env)),
    tenantId,
    http: options.http,
  };
}
