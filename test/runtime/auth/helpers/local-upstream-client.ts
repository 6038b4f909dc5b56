// The real upstream client, allowed to reach the test servers on 127.0.0.1 over plain HTTP
// (token requests go through it exactly as in production otherwise).
import { createUpstreamClient, type UpstreamClientSetup } from '../../../../runtime/http/client.js';
import type { UpstreamClient } from '../../../../runtime/http/types.js';

export function createLocalUpstreamClient(options: UpstreamClientSetup = {}): UpstreamClient {
  return createUpstreamClient({ allowInsecureUpstreams: true, ...options });
}
