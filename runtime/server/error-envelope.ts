// The error envelope of SPEC §5: `{"errors": {"scope", "message"}}` with a JSON content type.
// Request-level problems (404, 405, 413, 401, 400, 431) use scope `Request`.

export const REQUEST_SCOPE = 'Request';

export interface ErrorEnvelope {
  readonly errors: {
    readonly scope: string;
    readonly message: string;
    /** A stable code where the SPEC names one (INVALID_PATH_PARAMETERS, ...). */
    readonly code?: string;
  };
}

export function errorEnvelope(scope: string, message: string, code?: string): string {
  const envelope: ErrorEnvelope = { errors: code === undefined ? { scope, message } : { scope, message, code } };
  return JSON.stringify(envelope);
}

/** A request-level rejection, decided before any step runs. */
export interface RequestRejection {
  readonly status: number;
  readonly message: string;
  readonly code?: string;
  /** Extra response headers (Allow for 405, WWW-Authenticate for 401). */
  readonly headers?: readonly (readonly [string, string])[];
}
