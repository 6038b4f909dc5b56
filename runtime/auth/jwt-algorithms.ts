// The JWS algorithms Conduit signs with (SPEC §4) and what each needs from node:crypto.
// A pure table: the compiler reads it (through ./signing-key.ts) to check literal algorithms.

export type JwtAlgorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';

export type JwtAlgorithmSpec =
  /** HMAC with a shared secret (the key text's UTF-8 bytes). */
  | { readonly family: 'hmac'; readonly hash: 'sha256' | 'sha384' | 'sha512' }
  /** RSASSA-PKCS1-v1_5. */
  | { readonly family: 'rsa'; readonly hash: 'sha256' | 'sha384' | 'sha512' }
  /** RSASSA-PSS with MGF1 of the same hash and salt length = hash length (RFC 7518 §3.5). */
  | { readonly family: 'rsa-pss'; readonly hash: 'sha256' | 'sha384' | 'sha512'; readonly saltLength: number }
  /** ECDSA; JWS wants the raw r||s form (ieee-p1363), not DER. */
  | { readonly family: 'ecdsa'; readonly hash: 'sha256' | 'sha384' | 'sha512'; readonly curve: string; readonly curveLabel: string }
  /** Ed25519 / Ed448: the curve comes from the key. */
  | { readonly family: 'eddsa' };

const ALGORITHMS: Readonly<Record<JwtAlgorithm, JwtAlgorithmSpec>> = {
  HS256: { family: 'hmac', hash: 'sha256' },
  HS384: { family: 'hmac', hash: 'sha384' },
  HS512: { family: 'hmac', hash: 'sha512' },
  RS256: { family: 'rsa', hash: 'sha256' },
  RS384: { family: 'rsa', hash: 'sha384' },
  RS512: { family: 'rsa', hash: 'sha512' },
  PS256: { family: 'rsa-pss', hash: 'sha256', saltLength: 32 },
  PS384: { family: 'rsa-pss', hash: 'sha384', saltLength: 48 },
  PS512: { family: 'rsa-pss', hash: 'sha512', saltLength: 64 },
  // node:crypto reports named curves by their OpenSSL names.
  ES256: { family: 'ecdsa', hash: 'sha256', curve: 'prime256v1', curveLabel: 'P-256' },
  ES384: { family: 'ecdsa', hash: 'sha384', curve: 'secp384r1', curveLabel: 'P-384' },
  ES512: { family: 'ecdsa', hash: 'sha512', curve: 'secp521r1', curveLabel: 'P-521' },
  EdDSA: { family: 'eddsa' },
};

export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = Object.keys(ALGORITHMS) as JwtAlgorithm[];

/** The algorithm's signing parameters, or null when Conduit does not support the name (case-sensitive, as in JWS). */
export function jwtAlgorithmSpec(name: string): JwtAlgorithmSpec | null {
  return Object.hasOwn(ALGORITHMS, name) ? ALGORITHMS[name as JwtAlgorithm] : null;
}
