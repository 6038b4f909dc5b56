// The response cache as a wrapper around an upstream client, the way undici's cache interceptor
// wraps a dispatcher: a request that names a cache namespace goes through the cache
// (./response-cache.ts) and its answer says how ('hit', 'revalidated', 'miss'); any other request
// passes straight through. The executor only names the namespace of a cacheable step; it has no
// cache branch of its own.
import type { BodySink, StreamedUpstreamResponse, UpstreamClient, UpstreamRequest, UpstreamResponse } from '../http/types.js';
import type { CacheOutcome } from './cache-metrics.js';
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

  request(request: UpstreamRequest): Promise<UpstreamResponse> {
    const namespace = request.cacheNamespace;
    if (namespace === undefined) return this.inner.request(request);
    // Nothing can be found (most connectors' upstreams never allow caching): the request goes out
    // as it is, without a lookup, and its answer is kept only if it may be.
    if (this.cache.onlyMisses(namespace, request)) return this.inner.request(request).then((response) => this.missed(namespace, request, response));
    return this.throughCache(namespace, request);
  }

  private async throughCache(namespace: string, request: UpstreamRequest): Promise<UpstreamResponse> {
    const { response, outcome } = await this.cache.exchange(namespace, this.tenantId, request, this.send);
    if (outcome === null) return response;
    return withOutcome(response, outcome);
  }

  /** The answer to a request that could only miss: counted, kept when it may be, marked a miss. */
  private missed(namespace: string, request: UpstreamRequest, response: UpstreamResponse): UpstreamResponse | Promise<UpstreamResponse> {
    const { cache } = this;
    if (!cache.mayStore(response.status, response.headers)) {
      cache.countMiss(namespace);
      return withOutcome(response, 'miss');
    }
    return cache.keepMiss(namespace, this.tenantId, request, response).then(() => withOutcome(response, 'miss'));
  }

  /**
   * A request whose answer can only be a miss is passed through as it arrives unless its head says
   * it may be stored (then it is read whole and kept); any other request goes through `request`
   * and its answer is handed over whole. The answer's `cache` says how the cache answered.
   */
  async stream(request: UpstreamRequest): Promise<StreamedUpstreamResponse> {
    const namespace = request.cacheNamespace;
    const { inner, cache } = this;
    if (inner.stream === undefined) throw new Error('the wrapped client cannot stream');
    if (namespace === undefined) return inner.stream(request);
    if (!cache.onlyMisses(namespace, request)) return new WholeBody(await this.request(request));
    const head = await inner.stream(request);
    if (!cache.mayStore(head.status, head.headers)) {
      cache.countMiss(namespace);
      return new MissedStream(head);
    }
    const response: UpstreamResponse = { status: head.status, headers: head.headers, body: await readWhole(head), cache: 'miss' };
    await cache.keepMiss(namespace, this.tenantId, request, response);
    return new WholeBody(response);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function withOutcome(response: UpstreamResponse, outcome: CacheOutcome): UpstreamResponse {
  return { status: response.status, headers: response.headers, body: response.body, cache: outcome };
}

/** A passed-through answer the cache missed (and does not keep). */
class MissedStream implements StreamedUpstreamResponse {
  readonly cache = 'miss' as const;
  constructor(private readonly head: StreamedUpstreamResponse) {}
  get status(): number {
    return this.head.status;
  }
  get headers(): Readonly<Record<string, string>> {
    return this.head.headers;
  }
  pipeTo(sink: BodySink): Promise<void> {
    return this.head.pipeTo(sink);
  }
  discard(): void {
    this.head.discard();
  }
}

/** An answer already read whole (from the cache, or kept in it), handed over as a stream. */
class WholeBody implements StreamedUpstreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly cache: CacheOutcome | undefined;
  constructor(private readonly response: UpstreamResponse) {
    this.status = response.status;
    this.headers = response.headers;
    this.cache = response.cache;
  }
  pipeTo(sink: BodySink): Promise<void> {
    sink.write(this.response.body);
    sink.end();
    return Promise.resolve();
  }
  discard(): void {}
}

/** Reads a passed-through body whole (within the client's size limit, which the stream enforces). */
async function readWhole(head: StreamedUpstreamResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await head.pipeTo({
    write: (chunk) => chunks.push(chunk) > 0,
    end: () => undefined,
    destroy: () => undefined,
    once: () => undefined,
  });
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
