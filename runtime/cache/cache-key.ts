// The key of a cached response: the connector's namespace in clear, then a SHA-256 of the tenant
// and the fully rendered request (method, URL with query, every header as sent, credentials
// included). Two requests share an entry only when they would reach the upstream identically;
// the hash keeps secrets and tokens out of keys that a shared store may list.
import { createHash } from 'node:crypto';
import type { UpstreamRequest } from '../http/types.js';

export const RESPONSE_KEY_PREFIX = 'conduit:response:';

export function responseCacheKey(namespace: string, tenantId: string | null, request: UpstreamRequest): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([tenantId, request.method, request.url, request.headers]))
    .digest('base64url');
  return `${RESPONSE_KEY_PREFIX}${namespace}:${digest}`;
}
