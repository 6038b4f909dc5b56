// How long a token from a token endpoint is used: its `expires_in` minus a safety margin, so a
// token is never sent in the last moments of its life (clock skew, request latency).

/** Used when the token response has no usable `expires_in` (RFC 6749 makes it optional). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/** The margin is 10 % of the lifetime, at most this much. */
const MAX_SAFETY_MARGIN_MS = 30_000;

/** Epoch ms after which the token is refreshed; equal to `fetchedAt` when it must not be reused at all. */
export function tokenExpiresAt(fetchedAt: number, expiresInSeconds: number): number {
  const lifetimeMs = Math.max(0, expiresInSeconds) * 1000;
  const margin = Math.min(MAX_SAFETY_MARGIN_MS, lifetimeMs * 0.1);
  return fetchedAt + lifetimeMs - margin;
}
