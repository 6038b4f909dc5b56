// Event-loop lag on /metrics whatever the process-metrics setting: how long ready callbacks
// waited, measured by node's own histogram (perf_hooks), so a render that holds the loop shows
// up as a number an operator can alert on (issue 14). Resolution 20 ms, reset at each scrape.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

export function registerEventLoopLag(registry: Registry): void {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const seconds = (ns: number): number => (Number.isFinite(ns) ? ns / 1e9 : 0);
  new Gauge({
    name: 'conduit_event_loop_lag_seconds',
    help: 'Event-loop delay since the last scrape (node perf_hooks), by quantile',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      this.set({ quantile: '0.5' }, seconds(histogram.percentile(50)));
      this.set({ quantile: '0.99' }, seconds(histogram.percentile(99)));
      this.set({ quantile: '1' }, seconds(histogram.max));
      histogram.reset();
    },
  });
}
