// Signs a JWT synchronously (templates render synchronously; jwt_encode and the JWT strategies share this).
// The JWS is built with node:crypto; the output matches PyJWT's layout (what the reference
// platform's jwt_encode produces): header keys sorted, compact separators, non-ASCII escaped.
import { createHmac, sign as cryptoSign, constants } from 'node:crypto';
import { cachedSigningKey } from './signing-key-cache.js';
import type { SigningKey } from './signing-key.js';
import { AuthError } from './types.js';

/** JSON as Python's json.dumps(separators=(",", ":")) writes it: ensure_ascii escapes non-ASCII. */
function compactJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortedHeader(header: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(header).sort()) sorted[name] = header[name];
  return sorted;
}

function signingInputSignature(input: Buffer, key: SigningKey): Buffer {
  const { spec, keyObject } = key;
  switch (spec.family) {
    case 'hmac':
      return createHmac(spec.hash, keyObject).update(input).digest();
    case 'rsa':
      return cryptoSign(spec.hash, input, { key: keyObject, padding: constants.RSA_PKCS1_PADDING });
    case 'rsa-pss':
      return cryptoSign(spec.hash, input, {
        key: keyObject,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: spec.saltLength,
      });
    case 'ecdsa':
      return cryptoSign(spec.hash, input, { key: keyObject, dsaEncoding: 'ieee-p1363' });
    case 'eddsa':
      return cryptoSign(null, input, keyObject);
  }
}

/**
 * @param payload   JSON-serialisable claims (plain JS values)
 * @param key       PEM private key, or the shared secret for HS* algorithms
 * @param algorithm HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA
 * @param header    extra JWS header fields (alg and typ are set by the signer; `typ` may be overridden, `alg` never)
 * @throws AuthError('signing') on a bad key or algorithm
 */
export function signJwt(
  payload: Readonly<Record<string, unknown>>,
  key: string,
  algorithm: string,
  header?: Readonly<Record<string, unknown>>,
): string {
  const parsed = cachedSigningKey(key, algorithm);
  if (!parsed.ok) throw new AuthError('signing', parsed.error);
  const fullHeader = sortedHeader({ typ: 'JWT', ...header, alg: algorithm });
  // As in PyJWT: an empty or null `typ` means "no typ header".
  if (fullHeader['typ'] === null || fullHeader['typ'] === '') delete fullHeader['typ'];
  let encodedPayload: string;
  try {
    encodedPayload = Buffer.from(compactJson(payload), 'utf8').toString('base64url');
  } catch {
    // JSON.stringify throws on BigInt and cycles.
    throw new AuthError('signing', 'the JWT payload is not JSON-serialisable');
  }
  const encodedHeader = Buffer.from(compactJson(fullHeader), 'utf8').toString('base64url');
  const signingInput = `${encodedHeader}.${encodedPayload}`;
  let signature: Buffer;
  try {
    signature = signingInputSignature(Buffer.from(signingInput, 'ascii'), parsed.key);
  } catch {
    throw new AuthError('signing', `${algorithm}: signing failed with the given key`);
  }
  return `${signingInput}.${signature.toString('base64url')}`;
}
