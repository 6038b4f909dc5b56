// Prometheus metrics (prom-client, a registry of our own): per connector and per step, the
// request count, errors by scope and a latency histogram. A connector's label children are looked
// up once, on its first request or the first scrape (which lists every connector and step at 0),
// so start-up does no per-connector work. prom-client hashes the label values on every update,
// even through a child: request counts are therefore summed here and handed over whenever the
// metric is read (its collect hook), so recording a request is a few additions and four observes.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { registerEventLoopLag } from './event-loop-lag.js';
import type { ExecutionResult } from '../executor/execute-connector.js';
import { failureLabel, STEP_FAILURE_KINDS, type FailureKind } from '../executor/failure.js';
import type { PreparedConnector } from '../executor/prepared-connector.js';
import { BatchedCount, type CounterChild } from './batched-count.js';

/** Seconds: from a fast cached call up to the 15 s upstream limit. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

type HistogramChild = ReturnType<Histogram<string>['labels']>;

interface StepChildren {
  readonly requests: BatchedCount;
  readonly duration: HistogramChild;
  readonly errors: ReadonlyMap<FailureKind, CounterChild>;
}

interface BoundMetrics {
  readonly requests: BatchedCount;
  readonly duration: HistogramChild;
  readonly errors: ReadonlyMap<FailureKind, CounterChild>;
  readonly steps: readonly StepChildren[];
}

/** The metrics of one connector, bound to their label values when first needed. */
export class ConnectorMetrics {
  private bound: BoundMetrics | null = null;

  constructor(private readonly bind: () => BoundMetrics) {}

  /** Binds the label children (listing the connector's series at 0) unless done already. */
  materialise(): BoundMetrics {
    return (this.bound ??= this.bind());
  }

  record(result: ExecutionResult): void {
    const bound = this.materialise();
    bound.requests.pending++;
    bound.duration.observe(result.totalMs / 1000);
    for (const timing of result.steps) {
      const step = bound.steps[timing.index];
      if (step === undefined) continue;
      step.requests.pending++;
      step.duration.observe(timing.durationMs / 1000);
    }
    if (!result.ok) {
      const { kind } = result.failure;
      bound.errors.get(kind)?.inc();
      const failed = result.failure.step;
      if (failed !== null) bound.steps[failed.index]?.errors.get(kind)?.inc();
    }
  }
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag). Default true. */
  readonly processMetrics?: boolean;
}

export class RuntimeMetrics {
  readonly registry = new Registry();
  private readonly connectorRequests: Counter<'connector'>;
  private readonly connectorErrors: Counter<'connector' | 'scope'>;
  private readonly connectorDuration: Histogram<'connector'>;
  private readonly stepRequests: Counter<'connector' | 'step'>;
  private readonly stepErrors: Counter<'connector' | 'step' | 'scope'>;
  private readonly stepDuration: Histogram<'connector' | 'step'>;
  private readonly rejectedRequests: Counter<'status'>;
  /** Connectors whose series the next scrape must list (at 0 when they had no request yet). */
  private unlisted: ConnectorMetrics[] = [];
  /** Request counts of bound connectors and steps, handed to prom-client when read. */
  private readonly batched: BatchedCount[] = [];

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.connectorRequests = new Counter({
      name: 'conduit_connector_requests_total',
      help: 'Connector executions, by connector permalink',
      labelNames: ['connector'],
      registers,
      collect: () => this.flushBatched(),
    });
    this.connectorErrors = new Counter({
      name: 'conduit_connector_errors_total',
      help: 'Failed connector executions, by error scope (without the step prefix)',
      labelNames: ['connector', 'scope'],
      registers,
    });
    this.connectorDuration = new Histogram({
      name: 'conduit_connector_duration_seconds',
      help: 'Connector execution time, all steps included',
      labelNames: ['connector'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.stepRequests = new Counter({
      name: 'conduit_step_requests_total',
      help: 'Steps run, by connector and step (a regular connector is one step named after its permalink)',
      labelNames: ['connector', 'step'],
      registers,
      collect: () => this.flushBatched(),
    });
    this.stepErrors = new Counter({
      name: 'conduit_step_errors_total',
      help: 'Failed steps, by error scope',
      labelNames: ['connector', 'step', 'scope'],
      registers,
    });
    this.stepDuration = new Histogram({
      name: 'conduit_step_duration_seconds',
      help: 'Step time: rendering, authentication, the upstream call and response_body',
      labelNames: ['connector', 'step'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rejectedRequests = new Counter({
      name: 'conduit_rejected_requests_total',
      help: 'Requests refused before any step ran (scope Request), by status',
      labelNames: ['status'],
      registers,
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'conduit_' });
    registerEventLoopLag(this.registry);
  }

  forConnector(prepared: PreparedConnector): ConnectorMetrics {
    const metrics = new ConnectorMetrics(() => this.bind(prepared));
    this.unlisted.push(metrics);
    return metrics;
  }

  private bind(prepared: PreparedConnector): BoundMetrics {
    const connector = prepared.permalink;
    const kinds: readonly FailureKind[] = [...STEP_FAILURE_KINDS, 'unexpected'];
    const connectorErrors = new Map(kinds.map((kind) => [kind, this.connectorErrors.labels({ connector, scope: failureLabel(kind) })]));
    const stepRequests = prepared.steps.map((step) => this.stepRequests.labels({ connector, step: step.name }));
    const steps = prepared.steps.map(
      (step, i): StepChildren => ({
        requests: this.batch(stepRequests[i]!),
        duration: this.stepDuration.labels({ connector, step: step.name }),
        errors: new Map(STEP_FAILURE_KINDS.map((kind) => [kind, this.stepErrors.labels({ connector, step: step.name, scope: failureLabel(kind) })])),
      }),
    );
    const requests = this.connectorRequests.labels({ connector });
    // Every connector and step is listed (at 0) by the first scrape; error series appear with the first error.
    requests.inc(0);
    for (const child of stepRequests) child.inc(0);
    return { requests: this.batch(requests), duration: this.connectorDuration.labels({ connector }), errors: connectorErrors, steps };
  }

  private batch(child: CounterChild): BatchedCount {
    const count = new BatchedCount(child);
    this.batched.push(count);
    return count;
  }

  private flushBatched(): void {
    for (const count of this.batched) count.flush();
  }

  rejected(status: number): void {
    this.rejectedRequests.labels({ status: String(status) }).inc();
  }

  /** The Prometheus text exposition. */
  exposition(): Promise<string> {
    for (const metrics of this.unlisted) metrics.materialise();
    this.unlisted = [];
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
