// A counter series whose increments are added up in a plain number and handed to prom-client
// when the counter is read (from its collect hook): prom-client hashes the label values on every
// inc(), even through a label child, which is most of the cost of counting a request.
import type { Counter } from 'prom-client';

export type CounterChild = ReturnType<Counter<string>['labels']>;

export class BatchedCount {
  pending = 0;
  constructor(private readonly child: CounterChild) {}

  /** Hands the increments counted since the last read to prom-client. */
  flush(): void {
    if (this.pending === 0) return;
    this.child.inc(this.pending);
    this.pending = 0;
  }
}
