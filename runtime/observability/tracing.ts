// OpenTelemetry traces, off unless an OTLP endpoint is configured (--otlp-endpoint,
// CONDUIT_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT). When on:
//   - one SERVER span per request, continued from the caller's W3C `traceparent`;
//   - one CLIENT span per step (connector, step, status, cache result) and per token request;
//   - `traceparent` of the current span on every upstream request (steps and token endpoints).
// Attributes never carry secrets or bodies: connector and step names, methods, statuses, the
// request path without its query, the cache outcome. Spans go out in batches over OTLP/HTTP (JSON).
// When off, nothing here runs (main.ts loads this module only then): the server, executor and
// upstream client each test one field.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { UpstreamClient, UpstreamRequest } from '../http/types.js';
import { current } from './trace-context.js';

/** What a step span records when the step is over. */
export interface StepResult {
  /** The upstream status, or null when the step failed before an answer. */
  readonly status: number | null;
  /** The response cache's outcome ('hit', 'revalidated', 'miss'), or null when the cache was not used. */
  readonly cache: string | null;
  readonly ok: boolean;
}

export interface RequestTracing {
  /** Serves one request inside its SERVER span (ended when the response is). */
  serve(req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): Promise<void>;
  /** Runs one step inside its CLIENT span. */
  step<T>(connector: string, step: string, run: () => Promise<T>, resultOf: (outcome: T) => StepResult): Promise<T>;
  /** The upstream client that sends `traceparent` of the current span. */
  wrapUpstream(client: UpstreamClient): UpstreamClient;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** OTLP/HTTP base URL (`/v1/traces` is appended), as OTEL_EXPORTER_OTLP_ENDPOINT means it. */
  readonly endpoint: string;
  readonly serviceName?: string;
  /** How often buffered spans are sent. Default 1000 ms. */
  readonly exportDelayMs?: number;
}


/** How long stopping waits for the last spans to be exported. */
const SHUTDOWN_FLUSH_MS = 2000;

const propagator = new W3CTraceContextPropagator();
const headerGetter = {
  keys: (carrier: IncomingMessage['headers']) => Object.keys(carrier),
  get: (carrier: IncomingMessage['headers'], key: string) => carrier[key],
};

/** A connector call: the route (without path parameters, for a low-cardinality span name) and the permalink. */
const CONNECTOR_PATH = /^(\/api\/connectors\/(?:composite\/)?)([^/?#]+)/;

/** The traces endpoint of an OTLP/HTTP base URL. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

export function createTracing(options: TracingOptions): RequestTracing {
  const exporter = new OTLPTraceExporter({ url: tracesUrl(options.endpoint) });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'conduit' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.exportDelayMs ?? 1000 })],
  });
  const tracer = provider.getTracer('conduit');

  return {
    serve(req, res, handle) {
      const parent = propagator.extract(ROOT_CONTEXT, req.headers, headerGetter);
      const path = (req.url ?? '/').split('?', 1)[0]!;
      const connector = CONNECTOR_PATH.exec(path);
      const permalink = connector?.[2];
      const span = tracer.startSpan(
        connector === null ? `${req.method} ${path}` : `${req.method} ${connector[1]}${permalink}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': req.method ?? '',
            'url.path': path,
            ...(permalink === undefined ? {} : { 'conduit.connector': decodeURIComponentSafe(permalink) }),
          },
        },
        parent,
      );
      res.once('close', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      return current.run({ tracer, context: trace.setSpan(parent, span) }, handle);
    },

    async step(connector, step, run, resultOf) {
      const parent = current.getStore()?.context ?? ROOT_CONTEXT;
      const span = tracer.startSpan(
        `step ${step}`,
        { kind: SpanKind.CLIENT, attributes: { 'conduit.connector': connector, 'conduit.step': step } },
        parent,
      );
      try {
        const outcome = await current.run({ tracer, context: trace.setSpan(parent, span) }, run);
        const result = resultOf(outcome);
        if (result.status !== null) span.setAttribute('http.response.status_code', result.status);
        if (result.cache !== null) span.setAttribute('conduit.cache', result.cache);
        if (!result.ok) span.setStatus({ code: SpanStatusCode.ERROR });
        return outcome;
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    },

    wrapUpstream(client) {
      return {
        request(req) {
          const store = current.getStore();
          return client.request(store === undefined ? req : withTraceparent(req, store.context));
        },
        close: () => client.close(),
      };
    },

    async shutdown() {
      // The exporter retries an unreachable collector for up to its 10 s timeout: a stopping server
      // gives the last spans a moment, not that long.
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_FLUSH_MS);
        timer.unref();
      });
      await Promise.race([provider.shutdown().catch(() => undefined), gaveUp]);
      clearTimeout(timer);
    },
  };
}

function withTraceparent(req: UpstreamRequest, context: Context): UpstreamRequest {
  const carrier: Record<string, string> = {};
  propagator.inject(context, carrier, { set: (c, key, value) => (c[key] = value) });
  const added = Object.entries(carrier).filter(([name]) => !req.headers.some(([present]) => present.toLowerCase() === name));
  return added.length === 0 ? req : { ...req, headers: [...req.headers, ...added] };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
