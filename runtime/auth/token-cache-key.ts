// The token cache key: tenant and the rendered auth config, hashed so the key itself never
// carries a client secret or signing key (keys may be listed by a shared store such as Redis).
import { createHash } from 'node:crypto';

export function tokenCacheKey(type: string, tenantId: string | null, renderedConfig: readonly (string | number | null)[]): string {
  const digest = createHash('sha256').update(JSON.stringify([type, tenantId, ...renderedConfig])).digest('base64url');
  return `conduit:token:${digest}`;
}
