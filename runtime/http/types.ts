// The contract of the upstream HTTP client (./client.ts): one request in, one buffered response out.
import type { LookupFunction } from 'node:net';
import type { CacheOutcome } from '../cache/cache-metrics.js';
import type { HttpMethod } from '../connector.js';

export interface UpstreamRequest {
  readonly url: string;
  readonly method: HttpMethod;
  /** Header pairs as they go on the wire; names may repeat. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | Uint8Array | null;
  readonly signal?: CancelSignal;
  /**
   * The caller's request id, sent as `X-Request-ID` (SPEC §5). Kept apart from `headers` so it is
   * not part of the response-cache key: every request has its own.
   */
  readonly requestId?: string;
  /**
   * The response-cache namespace (the connector's permalink) this request may be answered from
   * and stored under, when a cache wraps the client (runtime/cache/caching-client.ts); absent:
   * the request always reaches the upstream.
   */
  readonly cacheNamespace?: string;
}

/**
 * What the client needs of a cancellation signal. An AbortSignal is one; the server passes a
 * lighter object of its own (an AbortController per request costs an EventTarget and listeners).
 */
export interface CancelSignal {
  readonly aborted: boolean;
  /** An Error named 'TimeoutError' makes the failure a timeout; anything else a caller abort. */
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: { handleEvent(): void }): void;
  removeEventListener(type: 'abort', listener: { handleEvent(): void }): void;
}

export interface UpstreamResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers joined with ', ' (set-cookie with '\n'). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** How a caching client answered ('hit', 'revalidated', 'miss'); absent when no cache was consulted. */
  readonly cache?: CacheOutcome;
}

export type UpstreamFailureKind =
  | 'timeout' // no complete response within the limit
  | 'network' // reset, refused, DNS failure, TLS failure, protocol error
  | 'too-large' // body over the response limit
  | 'blocked-address' // SSRF guard: resolved to a forbidden address, or insecure scheme
  | 'overloaded'; // per-origin concurrency bound exceeded

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface UpstreamClientOptions {
  /** Per request, including connect and the whole body. Default 15 000. */
  readonly timeoutMs?: number;
  /** Default 10 MiB. */
  readonly maxResponseBytes?: number;
  /** Allows http:// and private/loopback addresses: local development and tests only. */
  readonly allowInsecureUpstreams?: boolean;
  /** Extra trusted CA certificates (PEM), e.g. a test CA. */
  readonly ca?: string | readonly string[];
  /** Concurrent requests per origin before new ones fail with 'overloaded'. */
  readonly maxConcurrentPerOrigin?: number;
  /** Keep-alive connections kept per origin (requests beyond it wait for a free one). Default 128. */
  readonly connectionsPerOrigin?: number;
  /**
   * DNS resolver override (node:dns lookup signature), e.g. so a test can make `rebind.test`
   * resolve to 127.0.0.1. The SSRF guard checks whatever it answers. Default: dns.lookup.
   */
  readonly lookup?: LookupFunction;
}

/** Where a passed-through body goes: what node:http's ServerResponse offers. */
export interface BodySink {
  /** False when the sink is full: wait for 'drain'. */
  write(chunk: Buffer): boolean;
  end(): void;
  /** Called without an error: the failure is reported by pipeTo, the sink only has to go. */
  destroy(): void;
  once(event: 'drain', listener: () => void): unknown;
}

/** An upstream answer whose body has not been read yet (UpstreamClient.stream). */
export interface StreamedUpstreamResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers joined as in UpstreamResponse. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Writes the body into `sink` as it arrives and ends it. Rejects with an UpstreamError when the
   * body fails, runs over the size limit or the deadline, or the caller cancels; the sink is then
   * destroyed rather than ended. Once per response.
   */
  pipeTo(sink: BodySink): Promise<void>;
  /** The body is not wanted: the exchange stops (its connection is not reused). */
  discard(): void;
  /** How a caching client answered; absent when no cache was consulted. */
  readonly cache?: CacheOutcome;
}

export interface UpstreamClient {
  request(req: UpstreamRequest): Promise<UpstreamResponse>;
  /**
   * Like `request`, but settles at the response head and passes the body through (no buffering):
   * for answers that go to the caller unchanged. An announced oversized body still fails here.
   * Optional: wrappers and test doubles may offer buffered requests only.
   */
  stream?(req: UpstreamRequest): Promise<StreamedUpstreamResponse>;
  close(): Promise<void>;
}
