// An execution result as the HTTP answer (SPEC §5): the last step's status, body and
// Content-Type on success, the error envelope on failure; timing headers on both.
import { debugHeaderValue } from '../executor/debug-request.js';
import type { ExecutionResult } from '../executor/execute-connector.js';
import { connectorTimingHeader, serverTimingHeader } from '../executor/timing.js';
import type { Redact } from '../observability/logger.js';
import type { ResponseHeaders } from './cors.js';
import { errorEnvelope } from './error-envelope.js';

export const JSON_TYPE = 'application/json';

export interface Reply {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string | Buffer;
}

/** Statuses that never carry a body. */
function isBodiless(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

export function replyOf(result: ExecutionResult, redact: Redact): Reply {
  const headers: ResponseHeaders = {
    'Server-Timing': serverTimingHeader(result.steps, result.totalMs),
    'X-Connector-Timing': connectorTimingHeader(result.steps, result.totalMs),
  };
  // Debug output shows secrets as their template text; scrubbing catches any that came another way.
  if (result.debug !== null) headers['X-Debug-Request'] = redact(debugHeaderValue(result.debug));
  if (!result.ok) {
    const { failure } = result;
    headers['Content-Type'] = JSON_TYPE;
    return { status: failure.status, headers, body: errorEnvelope(failure.scope, redact(failure.message)) };
  }
  const { response } = result;
  if (isBodiless(response.status)) return { status: response.status, headers, body: '' };
  if (response.contentType !== null) headers['Content-Type'] = response.contentType;
  return { status: response.status, headers, body: response.body };
}
