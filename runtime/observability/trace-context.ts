// The trace span the current request is in, carried through async calls, for the parts below the
// server and the executor that make spans or send `traceparent` (token requests, the upstream
// client). Light on purpose: the SDK and exporter (./tracing.ts) load only when tracing is on, and
// with tracing off nothing is ever stored here.
import { AsyncLocalStorage } from 'node:async_hooks';
import { SpanKind, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';

/** The API's global context manager is not used: contexts travel explicitly and here. */
export const current = new AsyncLocalStorage<{ readonly tracer: Tracer; readonly context: Context }>();

/**
 * Runs a token request inside its own CLIENT span when the request it serves is traced (the
 * token endpoint's `traceparent` then names that span); otherwise just runs it.
 */
export async function traceTokenRequest<T>(fetch: () => Promise<T>): Promise<T> {
  const store = current.getStore();
  if (store === undefined) return fetch();
  const span = store.tracer.startSpan('token request', { kind: SpanKind.CLIENT }, store.context);
  try {
    return await current.run({ tracer: store.tracer, context: trace.setSpan(store.context, span) }, fetch);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}
