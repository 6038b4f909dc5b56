// The one error both execute methods reject with: an error envelope from the runtime, a response
// the SDK could not use, or a request that never got an answer (network, timeout, abort, token).
import type { ConnectorTiming } from './connector-timing.js';

/**
 * Scopes the SDK itself assigns (status 0 unless the server answered). Errors from the runtime
 * keep the runtime's own scope (SPEC §5), e.g. "Composite step 'auth' (index 0): Downstream (HTTP error)".
 */
export const SdkErrorScope = {
  /** fetch failed: DNS, refused connection, CORS refusal, connection reset. Status 0. */
  Network: 'Network',
  /** No complete response within `timeout` ms. Status 0. */
  Timeout: 'Timeout',
  /** The caller's AbortSignal fired. Status 0. */
  Aborted: 'Aborted',
  /** `getToken` threw, rejected, or returned something that is not a string. Status 0. */
  Token: 'Token',
  /** The server answered with an error status but not with an error envelope (a regular connector's upstream error, a proxy page). */
  Http: 'HTTP',
  /** A success response that could not be read (e.g. claims JSON but is not). */
  Response: 'Response',
} as const;

export type SdkErrorScope = (typeof SdkErrorScope)[keyof typeof SdkErrorScope];

export interface ConnectorErrorDetails {
  /** HTTP status of the runtime's answer; 0 when no answer arrived. */
  readonly status: number;
  readonly scope: string;
  readonly message: string;
  /** The envelope's stable code (MISSING_PATH_PARAMETERS, USER_REQUIRED, ...). */
  readonly code?: string;
  /** The keys the code is about (e.g. every missing path parameter). */
  readonly params?: readonly string[];
  /** The envelope's `detail` (where a step failed). */
  readonly detail?: unknown;
  /** The request id (envelope `request_id`, else the X-Request-ID header). */
  readonly requestId?: string;
  /** Parsed `X-Connector-Timing`, when the response carried it. */
  readonly timing?: ConnectorTiming;
  /** The parsed response body: a regular connector's non-2xx answer, or whatever was not an envelope. */
  readonly body?: unknown;
  readonly cause?: unknown;
}

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly status: number;
  readonly scope: string;
  readonly code: string | undefined;
  readonly params: readonly string[] | undefined;
  readonly detail: unknown;
  readonly requestId: string | undefined;
  readonly timing: ConnectorTiming | undefined;
  readonly body: unknown;

  constructor(details: ConnectorErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.scope = details.scope;
    this.code = details.code;
    this.params = details.params;
    this.detail = details.detail;
    this.requestId = details.requestId;
    this.timing = details.timing;
    this.body = details.body;
  }
}
