// How long a token from a token endpoint is reused (SPEC §4): its lifetime minus a 60 s safety
// margin, so a token is never sent in the last moments of its life (clock skew, request latency).

/** Used when a client-credentials reply has no usable `expires_in` (RFC 6749 makes it optional). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

export const TOKEN_SAFETY_MARGIN_SECONDS = 60;

/** Epoch ms after which the token is refreshed; at or before `fetchedAt` when it must not be reused at all. */
export function tokenExpiresAt(fetchedAt: number, lifetimeSeconds: number): number {
  return fetchedAt + (Math.max(0, lifetimeSeconds) - TOKEN_SAFETY_MARGIN_SECONDS) * 1000;
}
