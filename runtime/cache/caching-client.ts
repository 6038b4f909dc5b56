// The response cache as a wrapper around an upstream client, the way undici's cache interceptor
// wraps a dispatcher: a request that names a cache namespace goes through the cache
// (./response-cache.ts) and its answer says how ('hit', 'revalidated', 'miss'); any other request
// passes straight through. The executor only names the namespace of a cacheable step; it has no
// cache branch of its own.
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../http/types.js';
import type { ResponseCache } from './response-cache.js';

export class CachingUpstreamClient implements UpstreamClient {
  /** `inner.request` as a function, for the cache's revalidation and fetch calls: made once per wrapper. */
  private readonly send: (request: UpstreamRequest) => Promise<UpstreamResponse>;

  /**
   * @param tenantId entries are kept apart per tenant (./cache-key.ts): one wrapper serves one
   *   tenant's requests
   */
  constructor(
    private readonly cache: ResponseCache,
    private readonly inner: UpstreamClient,
    private readonly tenantId: string | null,
  ) {
    this.send = (request) => inner.request(request);
  }

  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    const namespace = request.cacheNamespace;
    if (namespace === undefined) return this.inner.request(request);
    const { response, outcome } = await this.cache.exchange(namespace, this.tenantId, request, this.send);
    if (outcome === null) return response;
    return { status: response.status, headers: response.headers, body: response.body, cache: outcome };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
