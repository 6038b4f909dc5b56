// Turns key text (a PEM private key, or an HMAC shared secret) into a node:crypto KeyObject for
// one JWS algorithm, checking that the key fits the algorithm. Pure (node:crypto only, no I/O):
// the compiler imports validateSigningKey() to report literal bad keys at build time, and the
// runtime parses through ./signing-key-cache.ts so each key is parsed once.
// Error messages describe the problem and never contain the key text.
import { createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';
import { JWT_ALGORITHMS, jwtAlgorithmSpec, type JwtAlgorithmSpec } from './jwt-algorithms.js';

export interface SigningKey {
  readonly algorithm: string;
  readonly spec: JwtAlgorithmSpec;
  readonly keyObject: KeyObject;
}

export type SigningKeyResult =
  | { readonly ok: true; readonly key: SigningKey }
  | { readonly ok: false; readonly error: string };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/;
const SSH_PUBLIC_KEY = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+) /;

/**
 * PEM keys often reach Conduit through environment variables or JSON with the line breaks
 * written as the two characters `\n`: restore them, and trim stray surrounding whitespace.
 */
export function normalisePem(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.includes('\n') && trimmed.includes('\\n')) return trimmed.replace(/(?:\\r)?\\n/g, '\n');
  return trimmed;
}

function parseHmacKey(key: string, algorithm: string, spec: JwtAlgorithmSpec): SigningKeyResult {
  if (key.length === 0) return { ok: false, error: `${algorithm} needs a non-empty shared secret` };
  // Refused as PyJWT does: a public key used as an HMAC secret is the classic algorithm-confusion mistake.
  if (PEM_BLOCK.test(key) || SSH_PUBLIC_KEY.test(key)) {
    return { ok: false, error: `${algorithm} takes a shared secret, not a PEM or SSH key; use an RS/PS/ES/EdDSA algorithm for key pairs` };
  }
  return { ok: true, key: { algorithm, spec, keyObject: createSecretKey(Buffer.from(key, 'utf8')) } };
}

function describePemFailure(pem: string, algorithm: string): string {
  const label = PEM_BLOCK.exec(pem)?.[1] ?? '';
  if (label.includes('ENCRYPTED')) return `${algorithm}: encrypted (passphrase-protected) private keys are not supported`;
  if (label.includes('PUBLIC KEY') || label.includes('CERTIFICATE')) {
    return `${algorithm}: the key is a ${label.toLowerCase()}; signing needs the private key`;
  }
  return `${algorithm}: the key is not a valid PEM private key`;
}

function checkKeyFitsAlgorithm(keyObject: KeyObject, algorithm: string, spec: JwtAlgorithmSpec): string | null {
  const type = keyObject.asymmetricKeyType;
  switch (spec.family) {
    case 'rsa':
      return type === 'rsa' ? null : `${algorithm} needs an RSA private key, got ${type ?? 'an unknown'} key`;
    case 'rsa-pss': {
      if (type !== 'rsa' && type !== 'rsa-pss') return `${algorithm} needs an RSA private key, got ${type ?? 'an unknown'} key`;
      // An RSASSA-PSS key may be restricted to one hash; it must be this algorithm's.
      const restricted = keyObject.asymmetricKeyDetails?.hashAlgorithm;
      if (restricted !== undefined && restricted !== spec.hash) return `${algorithm}: the RSA-PSS key is restricted to ${restricted}`;
      return null;
    }
    case 'ecdsa': {
      if (type !== 'ec') return `${algorithm} needs an EC private key on ${spec.curveLabel}, got ${type ?? 'an unknown'} key`;
      const curve = keyObject.asymmetricKeyDetails?.namedCurve;
      return curve === spec.curve ? null : `${algorithm} needs an EC key on ${spec.curveLabel}, got curve ${curve ?? 'unknown'}`;
    }
    case 'eddsa':
      return type === 'ed25519' || type === 'ed448' ? null : `EdDSA needs an Ed25519 or Ed448 private key, got ${type ?? 'an unknown'} key`;
    case 'hmac':
      return null;
  }
}

/** Parses `key` for `algorithm`; never throws. */
export function parseSigningKey(key: string, algorithm: string): SigningKeyResult {
  const spec = jwtAlgorithmSpec(algorithm);
  if (spec === null) {
    // The algorithm may be templated from a secret: the message names the problem, never the value.
    return { ok: false, error: `unsupported JWT algorithm (supported: ${JWT_ALGORITHMS.join(', ')})` };
  }
  if (spec.family === 'hmac') return parseHmacKey(key, algorithm, spec);
  const pem = normalisePem(key);
  if (!PEM_BLOCK.test(pem)) return { ok: false, error: `${algorithm} needs a PEM private key (-----BEGIN PRIVATE KEY-----)` };
  let keyObject: KeyObject;
  try {
    // A passphrase is given so an encrypted key fails instead of prompting on a TTY.
    keyObject = createPrivateKey({ key: pem, format: 'pem', passphrase: '' });
  } catch {
    return { ok: false, error: describePemFailure(pem, algorithm) };
  }
  const mismatch = checkKeyFitsAlgorithm(keyObject, algorithm, spec);
  return mismatch === null ? { ok: true, key: { algorithm, spec, keyObject } } : { ok: false, error: mismatch };
}

/**
 * For the compiler: why `key` cannot sign with `algorithm` (a message naming the problem, never
 * the key), or null when it can.
 */
export function validateSigningKey(key: string, algorithm: string): string | null {
  const result = parseSigningKey(key, algorithm);
  return result.ok ? null : result.error;
}
