// The response store in Redis, shared by every process pointed at the same server: one binary
// value per entry (./stored-response.ts) with Redis' own expiry as the retention time. The
// overall size bound is Redis' (maxmemory with an LRU eviction policy); entries over the
// per-entry bound are never written. Failures make a lookup a miss and a write a no-op.
import type { RedisLink } from './redis-connection.js';
import type { ResponseStore } from './response-store.js';
import { decodeStoredResponse, encodeStoredResponse } from './stored-response.js';

export function createRedisResponseStore(link: RedisLink): ResponseStore {
  const { client } = link;
  return {
    kind: 'redis',
    // Other processes write the same keys.
    processLocal: false,
    async get(key) {
      let bytes: Buffer | null;
      try {
        bytes = await client.getBuffer(key);
      } catch (err) {
        link.failed('redis-response', 'get', err);
        return undefined;
      }
      return bytes === null ? undefined : (decodeStoredResponse(bytes) ?? undefined);
    },
    async set(key, entry, ttlMs) {
      if (ttlMs <= 0) return;
      try {
        await client.set(key, encodeStoredResponse(entry), 'PX', Math.ceil(ttlMs));
      } catch (err) {
        link.failed('redis-response', 'set', err);
      }
    },
    async delete(key) {
      try {
        await client.del(key);
      } catch (err) {
        link.failed('redis-response', 'delete', err);
      }
    },
  };
}
