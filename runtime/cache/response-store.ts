// Where cached responses live: in-process (./memory-response-store.ts, the default) or in Redis
// (./redis-response-store.ts, shared by several processes). A store never rejects: a store that
// cannot answer behaves as empty and reports the failure itself, so serving goes on uncached.
import type { StoredResponse } from './stored-response.js';

export interface ResponseStore {
  /** Which store this is, for metrics: 'memory' or 'redis'. */
  readonly kind: string;
  /**
   * True when only this process writes the store (the in-memory one): an entry can then exist
   * only under a namespace this process has stored into, and the cache skips lookups in others.
   */
  readonly processLocal: boolean;
  get(key: string): Promise<StoredResponse | undefined>;
  /** Keeps the entry for `ttlMs` at most (the store may drop it earlier under its size bound). */
  set(key: string, entry: StoredResponse, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}
