// The response cache of cacheable steps (GET/HEAD, SPEC §5). Per step request, after rendering:
//   fresh entry     -> served without contacting the upstream ('hit');
//   stale entry     -> the request is sent with If-None-Match / If-Modified-Since; a 304 refreshes
//                      the entry and the step gets the stored response ('revalidated');
//   no usable entry -> the request is sent as rendered; a storable answer is kept ('miss').
// Entries live in a namespace per connector under a key hashed from the tenant and the whole
// rendered request (./cache-key.ts). A stale entry is never served as it is: when revalidation
// fails, the step fails like any upstream failure.
import type { UpstreamRequest, UpstreamResponse } from '../http/types.js';
import type { CacheMetrics, CacheOutcome } from './cache-metrics.js';
import { policyRequest, ResponsePolicy, type Clock, type PolicyRequest } from './cache-policy.js';
import { hasValidator, requestBypassesCache, responseRefusal } from './cache-rules.js';
import { responseCacheKey } from './cache-key.js';
import type { ResponseStore } from './response-store.js';
import type { StoredResponse } from './stored-response.js';

export type { CacheOutcome } from './cache-metrics.js';

/** How long a stale entry with a validator is kept for revalidation after its freshness ends. */
export const DEFAULT_STALE_RETENTION_MS = 10 * 60_000;

export interface ResponseCacheOptions {
  readonly store: ResponseStore;
  /** Responses with larger bodies are not stored. */
  readonly maxEntryBytes: number;
  /** Epoch ms. Default Date.now. */
  readonly now?: Clock;
  readonly staleRetentionMs?: number;
  readonly metrics?: CacheMetrics | null;
}

export interface CachedExchange {
  readonly response: UpstreamResponse;
  /** null when the request did not use the cache (a conditional or no-cache request). */
  readonly outcome: CacheOutcome | null;
}

export type SendRequest = (request: UpstreamRequest) => Promise<UpstreamResponse>;

/** One request's way through the cache; the key and the policy view are computed only when needed. */
class Lookup {
  private cachedKey: string | null = null;
  private cachedPolicyRequest: PolicyRequest | null = null;

  constructor(
    readonly namespace: string,
    private readonly tenantId: string | null,
    readonly request: UpstreamRequest,
    readonly send: SendRequest,
  ) {}

  get key(): string {
    return (this.cachedKey ??= responseCacheKey(this.namespace, this.tenantId, this.request));
  }

  get policyRequest(): PolicyRequest {
    return (this.cachedPolicyRequest ??= policyRequest(this.request));
  }
}

/** Headers of a 304 that describe a body it does not carry: the stored ones stay. */
const BODY_HEADERS: ReadonlySet<string> = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'content-range']);

export class ResponseCache {
  private readonly store: ResponseStore;
  private readonly now: Clock;
  private readonly maxEntryBytes: number;
  private readonly staleRetentionMs: number;
  private readonly metrics: CacheMetrics | null;
  /** Namespaces this process has stored an entry under (consulted for process-local stores only). */
  private readonly storedNamespaces = new Set<string>();

  constructor(options: ResponseCacheOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.maxEntryBytes = options.maxEntryBytes;
    this.staleRetentionMs = options.staleRetentionMs ?? DEFAULT_STALE_RETENTION_MS;
    this.metrics = options.metrics ?? null;
  }

  /** Sends `request` through the cache of `namespace` (the connector's permalink). */
  async exchange(namespace: string, tenantId: string | null, request: UpstreamRequest, send: SendRequest): Promise<CachedExchange> {
    if (requestBypassesCache(request.headers)) return { response: await send(request), outcome: null };
    const lookup = new Lookup(namespace, tenantId, request, send);
    // A process-local store holds nothing under a namespace this process never stored into:
    // connectors whose upstream never allows caching skip hashing the key and the lookup.
    const stored = this.store.processLocal && !this.storedNamespaces.has(namespace) ? undefined : await this.store.get(lookup.key);
    const result: CachedExchange =
      stored === undefined ? { response: await this.fetch(lookup, false), outcome: 'miss' } : await this.reuse(lookup, stored);
    this.metrics?.lookup(namespace, result.outcome!);
    return result;
  }

  /**
   * True when this request can only be a miss: the store is process-local and nothing was ever
   * stored under the namespace, and the request does not bypass the cache. Its answer may then be
   * passed through as it arrives unless its head says it may be stored (see `mayStore`).
   */
  onlyMisses(namespace: string, request: UpstreamRequest): boolean {
    return this.store.processLocal && !this.storedNamespaces.has(namespace) && !requestBypassesCache(request.headers);
  }

  /** Whether a response with this head could be stored (the body's size aside): only then is it worth buffering. */
  mayStore(status: number, headers: Readonly<Record<string, string>>): boolean {
    return responseRefusal(status, headers) === null;
  }

  /** Counts a miss answered outside `exchange` (a passed-through body that could not be stored). */
  countMiss(namespace: string): void {
    this.metrics?.lookup(namespace, 'miss');
  }

  /** Keeps the answer to a miss answered outside `exchange` when it may be kept, and counts the miss. */
  async keepMiss(namespace: string, tenantId: string | null, request: UpstreamRequest, response: UpstreamResponse): Promise<void> {
    const lookup = new Lookup(namespace, tenantId, request, () => Promise.reject(new Error('a kept miss sends nothing')));
    const entry = this.entryOf(lookup, response);
    if (entry !== null) await this.storeEntry(lookup, entry, false);
    this.countMiss(namespace);
  }

  private async reuse(lookup: Lookup, stored: StoredResponse): Promise<CachedExchange> {
    const policy = ResponsePolicy.restore(this.now, stored.policy);
    if (!policy.stale()) return { response: responseOf(stored), outcome: 'hit' };

    const conditional = policy.conditionalHeaders(lookup.policyRequest);
    if (conditional.length === 0) return { response: await this.fetch(lookup, true), outcome: 'miss' };

    const answer = await lookup.send({ ...lookup.request, headers: [...lookup.request.headers, ...conditional] });
    if (answer.status !== 304) {
      await this.keep(lookup, answer, true);
      return { response: answer, outcome: 'miss' };
    }
    if (!policy.notModifiedMatches(lookup.policyRequest, answer.headers)) {
      // A 304 naming another representation: the stored body may not be what the upstream means.
      await this.store.delete(lookup.key);
      return { response: await this.fetch(lookup, false), outcome: 'miss' };
    }
    const refreshed: UpstreamResponse = { status: stored.status, headers: mergeNotModified(stored.headers, answer.headers), body: stored.body };
    await this.keep(lookup, refreshed, true);
    return { response: refreshed, outcome: 'revalidated' };
  }

  /** Sends the request as rendered and keeps the answer when it may be kept. */
  private async fetch(lookup: Lookup, hadEntry: boolean): Promise<UpstreamResponse> {
    const response = await lookup.send(lookup.request);
    // Most answers are not storable and replace nothing: no store call, no promise to wait for.
    const entry = this.entryOf(lookup, response);
    if (entry !== null || hadEntry) await this.storeEntry(lookup, entry, hadEntry);
    return response;
  }

  /** Stores `response` under the lookup's key, or removes a previous entry the response replaces. */
  private async keep(lookup: Lookup, response: UpstreamResponse, hadEntry: boolean): Promise<void> {
    await this.storeEntry(lookup, this.entryOf(lookup, response), hadEntry);
  }

  /** Writes the entry (or drops the one it replaces) in the store. */
  private async storeEntry(lookup: Lookup, entry: { stored: StoredResponse; ttlMs: number } | null, hadEntry: boolean): Promise<void> {
    if (entry !== null) {
      this.storedNamespaces.add(lookup.namespace);
      await this.store.set(lookup.key, entry.stored, entry.ttlMs);
      this.metrics?.stored(lookup.namespace);
    } else if (hadEntry) {
      await this.store.delete(lookup.key);
    }
  }

  private entryOf(lookup: Lookup, response: UpstreamResponse): { stored: StoredResponse; ttlMs: number } | null {
    if (responseRefusal(response.status, response.headers) !== null) return null;
    if (response.body.length > this.maxEntryBytes) return null;
    const policy = ResponsePolicy.create(this.now, lookup.policyRequest, response.status, response.headers);
    if (!policy.storable()) return null;
    const freshMs = policy.freshMs();
    // A response already stale on arrival is only worth keeping when it can be revalidated.
    const ttlMs = freshMs + (hasValidator(response.headers) ? this.staleRetentionMs : 0);
    if (ttlMs <= 0) return null;
    return { stored: { status: response.status, headers: response.headers, body: response.body, policy: policy.serialize() }, ttlMs };
  }
}

function responseOf(stored: StoredResponse): UpstreamResponse {
  return { status: stored.status, headers: stored.headers, body: stored.body };
}

/** RFC 9111 §4.3.4: the 304's header fields replace (or join) the stored ones, except those describing the body. */
function mergeNotModified(stored: Readonly<Record<string, string>>, notModified: Readonly<Record<string, string>>): Record<string, string> {
  const merged: Record<string, string> = { ...stored };
  for (const name in notModified) {
    if (BODY_HEADERS.has(name)) continue;
    // A header literally named __proto__ must stay a plain own property.
    Object.defineProperty(merged, name, { value: notModified[name]!, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}
