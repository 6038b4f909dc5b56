// The error envelope of SPEC §5:
//   {"success": false, "errors": {"scope", "message", "code"?, "params"?, "detail"?}, "request_id"}
// with a JSON content type. Request-level problems (404, 405, 413, 401, 400, 431) use scope `Request`.

export const REQUEST_SCOPE = 'Request';

export interface EnvelopeErrors {
  readonly scope: string;
  /** Safe for the widget: never a secret, an upstream body or data of an earlier step. */
  readonly message: string;
  /** A stable code where the SPEC names one (INVALID_PATH_PARAMETERS, USER_REQUIRED, ...). */
  readonly code?: string;
  /** The keys the code is about (every missing or invalid path parameter). */
  readonly params?: readonly string[];
  /** Where a step failed: `{step, index}` and the upstream status when one answered (Conduit). */
  readonly detail?: Readonly<Record<string, string | number>>;
}

export interface ErrorEnvelope {
  readonly success: false;
  readonly errors: EnvelopeErrors;
  readonly request_id: string;
}

export function errorEnvelope(requestId: string, errors: EnvelopeErrors): string {
  // Built field by field so the bytes are always in the documented order, optional fields last.
  const out: { -readonly [K in keyof EnvelopeErrors]: EnvelopeErrors[K] } = { scope: errors.scope, message: errors.message };
  if (errors.code !== undefined) out.code = errors.code;
  if (errors.params !== undefined) out.params = errors.params;
  if (errors.detail !== undefined) out.detail = errors.detail;
  const envelope: ErrorEnvelope = { success: false, errors: out, request_id: requestId };
  return JSON.stringify(envelope);
}

/** A request-level rejection, decided before any step runs. */
export interface RequestRejection {
  readonly status: number;
  readonly message: string;
  readonly code?: string;
  readonly params?: readonly string[];
  /** Extra response headers (Allow for 405, WWW-Authenticate for 401). */
  readonly headers?: readonly (readonly [string, string])[];
}
