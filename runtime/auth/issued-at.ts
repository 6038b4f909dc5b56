// The registered time claims Conduit adds to every JWT it signs.

/** `iat` (now) and `exp` (now + lifetime), in whole seconds since the epoch (RFC 7519 NumericDate). */
export function timeClaims(nowMs: number, expiresInSeconds: number): { readonly iat: number; readonly exp: number } {
  const iat = Math.floor(nowMs / 1000);
  return { iat, exp: iat + expiresInSeconds };
}
