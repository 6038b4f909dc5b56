// The contract between the executor and the authentication strategies (one module per type here).
import type { CompiledAuth, TemplateValue } from '../connector.js';
import type { UpstreamClient } from '../http/types.js';

export interface AuthContext {
  /** Renders a config value in the hdr slot with the current step's variables. */
  render(value: TemplateValue): string;
  /** The tenant of the current request: token caches are per tenant. */
  readonly tenantId: string | null;
  /** Client used for token endpoints (same limits and SSRF guard as steps). */
  readonly http: UpstreamClient;
}

export interface AppliedAuth {
  readonly headers: readonly (readonly [string, string])[];
  readonly query: readonly (readonly [string, string])[];
  /** Present when a cached token was used: evicts it (the executor then retries the step once). */
  readonly invalidate?: () => void;
}

export type AuthFailureKind = 'signing' | 'token-request';

/** Maps to 422 "Authentication (JWT signing)" or 502 "Authentication (token request)". */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface Authenticator {
  apply(auth: CompiledAuth, ctx: AuthContext): Promise<AppliedAuth>;
}
