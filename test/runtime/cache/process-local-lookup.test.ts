// The response cache skips the store lookup (and hashing the key) for a connector that has never
// stored anything, but only when the store is process-local: a shared store (Redis) may hold
// entries written by other processes, so it is always asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryResponseStore } from '../../../runtime/cache/memory-response-store.js';
import { ResponseCache } from '../../../runtime/cache/response-cache.js';
import type { ResponseStore } from '../../../runtime/cache/response-store.js';
import { createUpstreamClient } from '../../../runtime/http/client.js';
import type { UpstreamClient, UpstreamRequest } from '../../../runtime/http/types.js';
import { echo, startUpstream, type Upstream } from '../../support/upstream/index.js';

let upstream: Upstream;
let client: UpstreamClient;

beforeAll(async () => {
  upstream = await startUpstream({
    routes: {
      '/plain': echo(),
      '/cacheable': echo({ headers: { 'Cache-Control': 'max-age=300' } }),
    },
  });
  client = createUpstreamClient({ allowInsecureUpstreams: true });
});

afterAll(async () => {
  await client?.close();
  await upstream?.close();
});

/** A memory store that counts lookups; `processLocal` as given. */
function countingStore(processLocal: boolean): ResponseStore & { readonly lookups: () => number } {
  const inner = createMemoryResponseStore({ maxBytes: 1_000_000, maxEntryBytes: 100_000 });
  let lookups = 0;
  return {
    kind: inner.kind,
    processLocal,
    lookups: () => lookups,
    get(key) {
      lookups++;
      return inner.get(key);
    },
    set: (key, entry, ttlMs) => inner.set(key, entry, ttlMs),
    delete: (key) => inner.delete(key),
  };
}

function get(path: string): UpstreamRequest {
  return { url: upstream.url(path), method: 'GET', headers: [], body: null };
}

const send = (request: UpstreamRequest) => client.request(request);

describe('store lookups of connectors that never stored a response', () => {
  it('are skipped for a process-local store, and the step still reports a miss', async () => {
    const store = countingStore(true);
    const cache = new ResponseCache({ store, maxEntryBytes: 100_000 });
    for (let i = 0; i < 3; i++) {
      const { response, outcome } = await cache.exchange('plain', null, get('/plain'), send);
      expect(response.status).toBe(200);
      expect(outcome).toBe('miss');
    }
    expect(store.lookups()).toBe(0);
  });

  it('start once the connector stored a response, so later requests can hit', async () => {
    const store = countingStore(true);
    const cache = new ResponseCache({ store, maxEntryBytes: 100_000 });
    const before = upstream.requests.length;
    expect((await cache.exchange('catalog', null, get('/cacheable'), send)).outcome).toBe('miss');
    expect((await cache.exchange('catalog', null, get('/cacheable'), send)).outcome).toBe('hit');
    expect(store.lookups()).toBe(1);
    expect(upstream.requests.length - before).toBe(1);
    // Another connector that never stored anything is still not looked up.
    expect((await cache.exchange('other', null, get('/plain'), send)).outcome).toBe('miss');
    expect(store.lookups()).toBe(1);
  });

  it('always happen for a store other processes write', async () => {
    const store = countingStore(false);
    const cache = new ResponseCache({ store, maxEntryBytes: 100_000 });
    expect((await cache.exchange('plain', null, get('/plain'), send)).outcome).toBe('miss');
    expect((await cache.exchange('plain', null, get('/plain'), send)).outcome).toBe('miss');
    expect(store.lookups()).toBe(2);
  });
});
