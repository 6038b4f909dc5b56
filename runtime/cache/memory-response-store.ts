// The default response store: an LRU in this process bounded by bytes (lru-cache's maxSize with
// each entry's body and metadata size), each entry dropped after its retention time.
import { LRUCache } from 'lru-cache';
import type { ResponseStore } from './response-store.js';
import { storedResponseSize, type StoredResponse } from './stored-response.js';

export interface MemoryResponseStoreOptions {
  /** Total bytes of all entries. */
  readonly maxBytes: number;
  /** Larger entries are not stored at all. */
  readonly maxEntryBytes: number;
}

export interface MemoryResponseStore extends ResponseStore {
  /** Bytes held now (for the metrics gauge and tests). */
  readonly bytes: number;
  readonly entries: number;
}

export function createMemoryResponseStore(options: MemoryResponseStoreOptions): MemoryResponseStore {
  const cache = new LRUCache<string, StoredResponse>({
    maxSize: options.maxBytes,
    maxEntrySize: Math.min(options.maxEntryBytes, options.maxBytes),
    sizeCalculation: storedResponseSize,
  });
  return {
    kind: 'memory',
    processLocal: true,
    get bytes() {
      return cache.calculatedSize;
    },
    get entries() {
      return cache.size;
    },
    get(key) {
      return Promise.resolve(cache.get(key));
    },
    set(key, entry, ttlMs) {
      if (ttlMs > 0) cache.set(key, entry, { ttl: ttlMs });
      else cache.delete(key);
      return Promise.resolve();
    },
    delete(key) {
      cache.delete(key);
      return Promise.resolve();
    },
  };
}
