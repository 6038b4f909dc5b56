// An execution result as the HTTP answer (SPEC §5): the last step's status, body and
// Content-Type on success, the error envelope on failure; X-Request-ID and the timing headers on
// both (a composite's per step, a regular connector's internal/external split).
import { debugHeaderValue, type DebugStepRequest } from '../executor/debug-request.js';
import type { ExecutionResult } from '../executor/execute-connector.js';
import type { ConnectorFailure } from '../executor/failure.js';
import {
  compositeConnectorTiming,
  compositeServerTiming,
  regularConnectorTiming,
  regularServerTiming,
  regularTimingFigures,
} from '../executor/timing.js';
import type { StreamedUpstreamResponse } from '../http/types.js';
import type { Redact } from '../observability/logger.js';
import type { ResponseHeaders } from './cors.js';
import { errorEnvelope, type EnvelopeErrors } from './error-envelope.js';
import { REQUEST_ID_HEADER } from './request-id.js';

export const JSON_TYPE = 'application/json';

export interface Reply {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string | Buffer;
  /** An upstream body to pass through after the head (`body` is then empty); absent: `body` is the answer. */
  readonly stream?: StreamedUpstreamResponse;
}

/** Statuses that never carry a body. */
function isBodiless(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

/** The envelope's `errors` of a failed execution: where a step failed, never what it carried. */
export function envelopeErrorsOf(failure: ConnectorFailure, message: string, composite: boolean): EnvelopeErrors {
  if (failure.step === null || !composite) return { scope: failure.scope, message };
  const detail: Record<string, string | number> = { step: failure.step.name, index: failure.step.index };
  if (failure.upstreamStatus !== null) detail['upstream_status'] = failure.upstreamStatus;
  return { scope: failure.scope, message, detail };
}

function failingStepOnly(debug: readonly DebugStepRequest[], failure: ConnectorFailure): readonly DebugStepRequest[] {
  const step = failure.step;
  return step === null ? [] : debug.filter((entry) => entry.index === step.index);
}

export function replyOf(result: ExecutionResult, redact: Redact, requestId: string): Reply {
  const message = result.ok ? null : redact(result.failure.message);
  const headers: ResponseHeaders = { [REQUEST_ID_HEADER]: requestId };
  if (result.kind === 'composite') {
    headers['Server-Timing'] = compositeServerTiming(result.steps, result.totalMs);
    headers['X-Connector-Timing'] = compositeConnectorTiming(requestId, result.steps, result.totalMs);
  } else {
    const figures = regularTimingFigures(result.clock, result.totalMs);
    headers['Server-Timing'] = regularServerTiming(figures);
    headers['X-Connector-Timing'] = regularConnectorTiming(requestId, figures, message);
  }
  // Debug output shows secrets as their template text; scrubbing catches any that came another way.
  // An error shows the failing step only: earlier steps' requests carry data the envelope must not (SPEC §5).
  if (result.debug !== null) headers['X-Debug-Request'] = redact(debugHeaderValue(result.ok ? result.debug : failingStepOnly(result.debug, result.failure)));
  if (!result.ok) {
    headers['Content-Type'] = JSON_TYPE;
    const body = errorEnvelope(requestId, envelopeErrorsOf(result.failure, message!, result.kind === 'composite'));
    return { status: result.failure.status, headers, body };
  }
  const { response } = result;
  const { stream } = response;
  if (isBodiless(response.status)) {
    stream?.discard();
    return { status: response.status, headers, body: '' };
  }
  if (response.contentType !== null) headers['Content-Type'] = response.contentType;
  if (stream == null) return { status: response.status, headers, body: response.body };
  // The upstream's length when it announced one (the size limit already held it); else chunked.
  const length = stream.headers['content-length'];
  if (length !== undefined) headers['Content-Length'] = length;
  return { status: response.status, headers, body: '', stream };
}
