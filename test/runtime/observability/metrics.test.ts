import { describe, expect, it } from 'vitest';
import type { ExecutionResult } from '../../../runtime/executor/execute-connector.js';
import { prepareConnector } from '../../../runtime/executor/prepared-connector.js';
import { ExecutionClock } from '../../../runtime/executor/timing.js';
import { RuntimeMetrics } from '../../../runtime/observability/metrics.js';
import { composite } from '../../support/runtime/connectors.js';

const connector = prepareConnector(
  composite({ permalink: 'chain', steps: [{ name: 'a', url: 'https://api.example.com/a' }, { name: 'b', url: 'https://api.example.com/b' }] }),
);

const success: ExecutionResult = {
  kind: 'composite',
  clock: new ExecutionClock(),
  ok: true,
  response: { status: 200, contentType: 'application/json', body: '{}' },
  steps: [
    { name: 'a', index: 0, statusCode: 200, durationMs: 3 },
    { name: 'b', index: 1, statusCode: 200, durationMs: 4 },
  ],
  totalMs: 7.5,
  debug: null,
};

const failure: ExecutionResult = {
  kind: 'composite',
  clock: new ExecutionClock(),
  ok: false,
  failure: {
    kind: 'http-error',
    status: 502,
    scope: "Composite step 'b' (index 1): Downstream (HTTP error)",
    message: 'The upstream service answered HTTP 404',
    step: { name: 'b', index: 1 },
    upstreamStatus: 404,
    detail: null,
  },
  steps: [
    { name: 'a', index: 0, statusCode: 200, durationMs: 2 },
    { name: 'b', index: 1, statusCode: 404, durationMs: 1 },
  ],
  totalMs: 3.2,
  debug: null,
};

describe('RuntimeMetrics', () => {
  it('counts executions, step runs and errors by scope, and records latency', async () => {
    const metrics = new RuntimeMetrics({ processMetrics: false });
    const bound = metrics.forConnector(connector);
    bound.record(success);
    bound.record(success);
    bound.record(failure);
    metrics.rejected(404);
    const text = await metrics.exposition();
    expect(text).toContain('conduit_connector_requests_total{connector="chain"} 3');
    expect(text).toContain('conduit_connector_errors_total{connector="chain",scope="Downstream (HTTP error)"} 1');
    expect(text).not.toContain('scope="Configuration (template rendering)"');
    expect(text).toContain('conduit_step_requests_total{connector="chain",step="a"} 3');
    expect(text).toContain('conduit_step_requests_total{connector="chain",step="b"} 3');
    expect(text).toContain('conduit_step_errors_total{connector="chain",step="b",scope="Downstream (HTTP error)"} 1');
    expect(text).not.toContain('conduit_step_errors_total{connector="chain",step="a"');
    expect(text).toContain('conduit_connector_duration_seconds_count{connector="chain"} 3');
    expect(text).toContain('conduit_connector_duration_seconds_bucket{le="0.005",connector="chain"} 1');
    expect(text).toContain('conduit_step_duration_seconds_count{connector="chain",step="a"} 3');
    expect(text).toContain('conduit_rejected_requests_total{status="404"} 1');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('counts requests between scrapes exactly once, however often the metrics are read', async () => {
    const metrics = new RuntimeMetrics({ processMetrics: false });
    const bound = metrics.forConnector(connector);
    bound.record(success);
    expect(await metrics.exposition()).toContain('conduit_connector_requests_total{connector="chain"} 1');
    expect(await metrics.exposition()).toContain('conduit_connector_requests_total{connector="chain"} 1');
    bound.record(success);
    bound.record(failure);
    // Read through prom-client's own API too: the same totals.
    const steps = await metrics.registry.getSingleMetric('conduit_step_requests_total')!.get();
    expect(steps.values.map((v) => [v.labels['step'], v.value])).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
    const text = await metrics.exposition();
    expect(text).toContain('conduit_connector_requests_total{connector="chain"} 3');
    expect(text).toContain('conduit_step_requests_total{connector="chain",step="a"} 3');
    expect(text).toContain('conduit_connector_duration_seconds_count{connector="chain"} 3');
  });

  it('keeps registries of different servers apart', async () => {
    const one = new RuntimeMetrics({ processMetrics: false });
    const two = new RuntimeMetrics({ processMetrics: false });
    one.forConnector(connector).record(success);
    two.forConnector(connector);
    const text = await two.exposition();
    expect(text).toContain('conduit_connector_requests_total{connector="chain"} 0');
    expect(text).toContain('conduit_step_requests_total{connector="chain",step="b"} 0');
  });

  it('binds no label children at start-up: a connector is bound by its first request or the first scrape', async () => {
    const metrics = new RuntimeMetrics({ processMetrics: false });
    const quiet = metrics.forConnector(connector);
    const used = metrics.forConnector(prepareConnector(composite({ permalink: 'used', steps: [{ name: 'a', url: 'https://api.example.com/a' }] })));
    const series = async () => (await metrics.registry.getSingleMetric('conduit_connector_requests_total')!.get()).values.map((v) => [v.labels['connector'], v.value]);
    expect(await series()).toEqual([]);
    used.record({ ...success, steps: [success.steps[0]!] });
    expect(await series()).toEqual([['used', 1]]);
    const text = await metrics.exposition();
    expect(text).toContain('conduit_connector_requests_total{connector="chain"} 0');
    expect(text).toContain('conduit_step_requests_total{connector="chain",step="b"} 0');
    quiet.record(success);
    expect(await metrics.exposition()).toContain('conduit_connector_requests_total{connector="chain"} 1');
  });
});
