// Prometheus metrics of the response cache and of the Redis link, registered in the runtime's
// registry: lookups by connector and outcome, stores, failed store operations, memory held.
import { Counter, Gauge, type Registry } from 'prom-client';
import { BatchedCount } from '../observability/batched-count.js';

/** What a cacheable step's request got from the cache. */
export type CacheOutcome = 'hit' | 'revalidated' | 'miss';

export class CacheMetrics {
  private readonly lookups: Counter<'connector' | 'result'>;
  private readonly stores: Counter<'connector'>;
  private readonly storeErrors: Counter<'store' | 'operation'>;
  private readonly redisUp: Gauge;
  /** Lookup counts by connector, then outcome: summed here, handed to prom-client when read. */
  private readonly counts = new Map<string, Map<CacheOutcome, BatchedCount>>();

  constructor(
    private readonly registry: Registry,
    memoryBytes: (() => number) | null,
  ) {
    const registers = [registry];
    this.lookups = new Counter({
      name: 'conduit_cache_lookups_total',
      help: 'Cacheable step requests, by connector and result (hit: served from the cache; revalidated: 304 refreshed the entry; miss: the upstream answered)',
      labelNames: ['connector', 'result'],
      registers,
      collect: () => {
        for (const byOutcome of this.counts.values()) for (const count of byOutcome.values()) count.flush();
      },
    });
    this.stores = new Counter({
      name: 'conduit_cache_stores_total',
      help: 'Responses written to the cache, by connector',
      labelNames: ['connector'],
      registers,
    });
    this.storeErrors = new Counter({
      name: 'conduit_cache_store_errors_total',
      help: 'Cache or token-store operations that failed (the request went on without the store)',
      labelNames: ['store', 'operation'],
      registers,
    });
    this.redisUp = new Gauge({ name: 'conduit_redis_up', help: '1 while the Redis connection is usable, 0 otherwise (absent without Redis)', registers: [] });
    if (memoryBytes !== null) {
      new Gauge({
        name: 'conduit_cache_memory_bytes',
        help: 'Bytes held by the in-memory response cache',
        registers,
        collect() {
          this.set(memoryBytes());
        },
      });
    }
  }

  lookup(connector: string, outcome: CacheOutcome): void {
    let byOutcome = this.counts.get(connector);
    if (byOutcome === undefined) {
      byOutcome = new Map();
      this.counts.set(connector, byOutcome);
    }
    let count = byOutcome.get(outcome);
    if (count === undefined) {
      const child = this.lookups.labels({ connector, result: outcome });
      // The series is listed from its first lookup on, as before batching.
      child.inc(0);
      count = new BatchedCount(child);
      byOutcome.set(outcome, count);
    }
    count.pending++;
  }

  stored(connector: string): void {
    this.stores.labels({ connector }).inc();
  }

  storeError(store: string, operation: string): void {
    this.storeErrors.labels({ store, operation }).inc();
  }

  /** Called once Redis is configured: the gauge appears in the exposition from then on. */
  redisAvailable(up: boolean): void {
    if (this.registry.getSingleMetric('conduit_redis_up') === undefined) this.registry.registerMetric(this.redisUp);
    this.redisUp.set(up ? 1 : 0);
  }
}
