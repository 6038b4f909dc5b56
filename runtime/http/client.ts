// The upstream HTTP client: every request a connector step or a token endpoint makes goes through
// here. One undici Agent holds a keep-alive pool per origin; the SSRF guard sits in the URL check
// (./upstream-target.ts) and in the DNS lookup of every new connection (./guarded-lookup.ts);
// ./response-collector.ts buffers each response within the size and time limits;
// ./response-streamer.ts passes a body through within the same limits.
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { guardedLookup } from './guarded-lookup.js';
import { ResponseCollector, type CollectorLimits } from './response-collector.js';
import { ResponseStreamer } from './response-streamer.js';
import { OriginTable, type OriginState } from './upstream-target.js';
import {
  UpstreamError,
  type CancelSignal,
  type StreamedUpstreamResponse,
  type UpstreamClient,
  type UpstreamClientOptions,
  type UpstreamRequest,
  type UpstreamResponse,
} from './types.js';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_PER_ORIGIN = 512;
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 128;

export interface UpstreamClientSetup extends UpstreamClientOptions {
  /**
   * undici interceptors composed over the connection pools, outermost last (e.g. undici's
   * response cache). They see requests after the URL check and their connections keep the DNS
   * guard, but an interceptor must not send a request to another origin (no redirect
   * interceptor): the literal-host check would not see it.
   */
  readonly interceptors?: readonly Dispatcher.DispatcherComposeInterceptor[];
}

export function createUpstreamClient(options: UpstreamClientSetup = {}): UpstreamClient {
  return new PooledUpstreamClient(options);
}

/** A dispatch handler that settles one exchange's promise: ResponseCollector or ResponseStreamer. */
type ExchangeHandler<T> = new (
  state: OriginState,
  limits: CollectorLimits,
  isHead: boolean,
  signal: CancelSignal | undefined,
  resolve: (value: T) => void,
  reject: (error: UpstreamError) => void,
) => Dispatcher.DispatchHandler & { failBeforeDispatch(error: unknown): void };

class PooledUpstreamClient implements UpstreamClient {
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  private readonly origins: OriginTable;
  private readonly limits: CollectorLimits;
  private readonly maxConcurrentPerOrigin: number;
  private closed = false;

  constructor(options: UpstreamClientSetup) {
    const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.limits = {
      timeoutMs,
      maxResponseBytes: positiveInteger('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
    };
    this.maxConcurrentPerOrigin = positiveInteger(
      'maxConcurrentPerOrigin',
      options.maxConcurrentPerOrigin,
      DEFAULT_MAX_CONCURRENT_PER_ORIGIN,
    );
    const allowInsecure = options.allowInsecureUpstreams === true;
    this.origins = new OriginTable(allowInsecure);
    const secureContext = trustedContext(options.ca);
    this.agent = new Agent({
      connections: positiveInteger('connectionsPerOrigin', options.connectionsPerOrigin, DEFAULT_CONNECTIONS_PER_ORIGIN),
      // Backstops only: the collector's deadline covers connect, headers and body together.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: {
        timeout: timeoutMs,
        // With the flag, private addresses are allowed: only the caller's resolver (if any) applies.
        lookup: allowInsecure ? options.lookup : guardedLookup(options.lookup),
        ...(secureContext === null ? {} : { secureContext }),
      },
    });
    const interceptors = options.interceptors ?? [];
    this.dispatcher = interceptors.length === 0 ? this.agent : this.agent.compose([...interceptors]);
  }

  request(req: UpstreamRequest): Promise<UpstreamResponse> {
    return this.exchange(req, ResponseCollector);
  }

  stream(req: UpstreamRequest): Promise<StreamedUpstreamResponse> {
    return this.exchange(req, ResponseStreamer);
  }

  /** The checks every request passes, then one dispatch with `Handler` settling the promise. */
  private exchange<T>(req: UpstreamRequest, Handler: ExchangeHandler<T>): Promise<T> {
    if (this.closed) return Promise.reject(new UpstreamError('network', 'upstream client is closed'));
    let target;
    try {
      target = this.origins.target(req.url);
    } catch (err) {
      return Promise.reject(err);
    }
    const { state, path } = target;
    if (state.inflight >= this.maxConcurrentPerOrigin) {
      return Promise.reject(
        new UpstreamError('overloaded', `too many concurrent requests to this upstream (limit ${this.maxConcurrentPerOrigin})`),
      );
    }
    const { signal } = req;
    if (signal?.aborted) return Promise.reject(new UpstreamError('network', 'upstream request aborted by the caller'));
    state.inflight++;
    return new Promise<T>((resolve, reject) => {
      const handler = new Handler(state, this.limits, req.method === 'HEAD', signal, resolve, reject);
      try {
        this.dispatcher.dispatch(
          { origin: state.origin, path, method: req.method, headers: flatHeaders(req.headers, req.requestId), body: req.body },
          handler,
        );
      } catch (err) {
        handler.failBeforeDispatch(err);
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Graceful: requests in flight finish (each is bounded by the timeout), idle sockets close.
    await this.agent.close();
  }
}

/** undici takes repeated names and exact order from a flat [name, value, name, value, …] list. */
function flatHeaders(pairs: readonly (readonly [string, string])[], requestId: string | undefined): string[] {
  const flat = new Array<string>(pairs.length * 2 + (requestId === undefined ? 0 : 2));
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    flat[2 * i] = pair[0];
    flat[2 * i + 1] = pair[1];
  }
  if (requestId !== undefined) {
    flat[2 * pairs.length] = 'x-request-id';
    flat[2 * pairs.length + 1] = requestId;
  }
  return flat;
}

/**
 * Node's default trust (bundled roots and NODE_EXTRA_CA_CERTS) plus the given CAs, built once: a
 * `ca` list per connection would re-parse every root. Without `ca`, Node's default context is used.
 */
function trustedContext(ca: UpstreamClientOptions['ca']): SecureContext | null {
  if (ca === undefined) return null;
  const extra = typeof ca === 'string' ? [ca] : [...ca];
  if (extra.length === 0) return null;
  return createSecureContext({ ca: [...rootCertificates, ...nodeExtraCaCerts(), ...extra] });
}

/** An explicit `ca` list replaces Node's whole default store, including NODE_EXTRA_CA_CERTS: keep them. */
function nodeExtraCaCerts(): string[] {
  const file = process.env['NODE_EXTRA_CA_CERTS'];
  if (file === undefined || file === '') return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return []; // Node itself only warns about an unreadable file
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`upstream client option ${name} must be a positive integer`);
  return value;
}
