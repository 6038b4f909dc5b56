// Why a connector execution failed, as data: the server turns it into the SPEC §5 error envelope.
// The scope strings and statuses below are the contract widgets and the SDK match on.

/** A failure inside one step (SPEC §5 error table). */
export type StepFailureKind = 'http-error' | 'network' | 'rendering' | 'response-rendering' | 'jwt-signing' | 'token-request';

export type FailureKind = StepFailureKind | 'unexpected';

const STEP_FAILURE_LABEL: Readonly<Record<StepFailureKind, string>> = {
  'http-error': 'Downstream (HTTP error)',
  network: 'Downstream (network/external service)',
  rendering: 'Configuration (template rendering)',
  // A regular connector's response_body (a composite step's uses 'rendering', SPEC §5).
  'response-rendering': 'Configuration (response template rendering)',
  'jwt-signing': 'Authentication (JWT signing)',
  'token-request': 'Authentication (token request)',
};

const STEP_FAILURE_STATUS: Readonly<Record<StepFailureKind, number>> = {
  'http-error': 502,
  network: 502,
  rendering: 422,
  'response-rendering': 422,
  'jwt-signing': 422,
  'token-request': 502,
};

export const UNEXPECTED_SCOPE = 'Unexpected error';

export const STEP_FAILURE_KINDS: readonly StepFailureKind[] = ['http-error', 'network', 'rendering', 'response-rendering', 'jwt-signing', 'token-request'];

export interface ConnectorFailure {
  readonly kind: FailureKind;
  /** HTTP status of the error response. */
  readonly status: number;
  /** `errors.scope` of the envelope, exactly as SPEC §5 writes it. */
  readonly scope: string;
  /** Safe for the widget: never a secret, an upstream body or data of an earlier step. */
  readonly message: string;
  /** The failing step, when a step failed. */
  readonly step: { readonly name: string; readonly index: number } | null;
  /** Upstream status for 'http-error'. */
  readonly upstreamStatus: number | null;
  /** Detail for logs only (may quote upstream or template messages; the logger scrubs secrets). */
  readonly detail: string | null;
}

/** The scope prefix of a step: composite steps name themselves, a regular connector has none. */
export function stepScopePrefix(kind: 'regular' | 'composite', name: string, index: number): string {
  return kind === 'composite' ? `Composite step '${name}' (index ${index}): ` : '';
}

/** Every scope string of one step, computed once at start-up. */
export function stepScopes(prefix: string): Readonly<Record<StepFailureKind, string>> {
  const scopes = {} as Record<StepFailureKind, string>;
  for (const kind of STEP_FAILURE_KINDS) scopes[kind] = `${prefix}${STEP_FAILURE_LABEL[kind]}`;
  return scopes;
}

export function stepFailureStatus(kind: StepFailureKind): number {
  return STEP_FAILURE_STATUS[kind];
}

/** The scope label without the step prefix: a bounded metric label. */
export function failureLabel(kind: FailureKind): string {
  return kind === 'unexpected' ? UNEXPECTED_SCOPE : STEP_FAILURE_LABEL[kind];
}

export function unexpectedFailure(message: string, detail: string | null): ConnectorFailure {
  return { kind: 'unexpected', status: 500, scope: UNEXPECTED_SCOPE, message, step: null, upstreamStatus: null, detail };
}
