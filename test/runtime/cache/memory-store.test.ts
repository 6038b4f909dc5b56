// The default store: an LRU in the process bounded by bytes. The least recently used entries go
// first when the bound is reached, entries over the per-entry bound are never kept, and each
// entry leaves after its retention time.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryResponseStore } from '../../../runtime/cache/memory-response-store.js';
import { storedResponseSize, type StoredResponse } from '../../../runtime/cache/stored-response.js';
import { registryOf, regular } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { custom, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { cacheOutcomes } from './helpers.js';

function entry(bodyBytes: number): StoredResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/plain' },
    body: Buffer.alloc(bodyBytes, 'a'),
    policy: { v: 1, t: 0, sh: false, ch: 0, imm: 0, st: 200, resh: {}, rescc: {}, m: 'GET', a: true, reqh: null, reqcc: {} },
  };
}

describe('memory response store', () => {
  it('counts body and metadata bytes and evicts the least recently used entry at the bound', async () => {
    const one = storedResponseSize(entry(1000));
    expect(one).toBeGreaterThan(1000);
    const store = createMemoryResponseStore({ maxBytes: 2 * one + 10, maxEntryBytes: 10_000 });
    await store.set('a', entry(1000), 60_000);
    await store.set('b', entry(1000), 60_000);
    expect(store.bytes).toBe(2 * one);
    await store.get('a'); // a is now more recently used than b
    await store.set('c', entry(1000), 60_000);
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('a'))?.body.length).toBe(1000);
    expect((await store.get('c'))?.body.length).toBe(1000);
    expect(store.entries).toBe(2);
    expect(store.bytes).toBeLessThanOrEqual(2 * one + 10);
  });

  it('never keeps an entry larger than the per-entry bound', async () => {
    const store = createMemoryResponseStore({ maxBytes: 1_000_000, maxEntryBytes: 2000 });
    await store.set('big', entry(5000), 60_000);
    expect(await store.get('big')).toBeUndefined();
    expect(store.bytes).toBe(0);
  });

  it('drops an entry after its retention time, and on delete', async () => {
    const store = createMemoryResponseStore({ maxBytes: 1_000_000, maxEntryBytes: 1_000_000 });
    await store.set('short', entry(10), 40);
    await store.set('long', entry(10), 60_000);
    await store.set('gone', entry(10), 60_000);
    await store.delete('gone');
    expect(await store.get('gone')).toBeUndefined();
    await sleep(80);
    expect(await store.get('short')).toBeUndefined();
    expect(await store.get('long')).toBeDefined();
  });
});

describe('byte bound in a running server', () => {
  let upstream: Upstream;
  let runtime: TestRuntime;

  beforeAll(async () => {
    const body = 'b'.repeat(900);
    upstream = await startUpstream({
      routes: { '*': custom(({ res }) => res.writeHead(200, { 'Cache-Control': 'max-age=300', 'Content-Type': 'text/plain', 'Content-Length': String(body.length) }).end(body)) },
    });
    // Room for two of these responses (body + metadata ≈ 1.3 KB each), not three.
    runtime = await startTestRuntime(registryOf(...['a', 'b', 'c'].map((p) => regular({ permalink: p, url: upstream.url(`/${p}`) }))), { cacheMaxBytes: 3000 });
  });

  afterAll(async () => {
    await runtime?.close();
    await upstream?.close();
  });

  async function outcome(permalink: string): Promise<string | undefined> {
    const res = await runtime.call(`/api/connectors/${permalink}`);
    await res.arrayBuffer();
    return cacheOutcomes(res)[0];
  }

  it('evicts the least recently used response when a new one does not fit', async () => {
    expect(await outcome('a')).toBe('miss');
    expect(await outcome('b')).toBe('miss');
    expect(await outcome('a')).toBe('hit');
    expect(await outcome('c')).toBe('miss'); // evicts b, the least recently used
    expect(await outcome('a')).toBe('hit');
    expect(await outcome('c')).toBe('hit');
    expect(await outcome('b')).toBe('miss');
  });
});
