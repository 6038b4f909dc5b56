import { describe, expect, it } from 'vitest';
import { normalisePem, parseSigningKey, validateSigningKey } from '../../../runtime/auth/signing-key.js';
import { JWT_ALGORITHMS } from '../../../runtime/auth/jwt-algorithms.js';
import {
  ecP256PrivateKeySec1Pem,
  privateKeyPem,
  publicKeyPem,
  rsaPrivateKeyEncryptedPem,
  rsaPrivateKeyPkcs1Pem,
  type TestKeyName,
} from '../../fixtures/keys/test-keys.js';

const keyFor: Record<string, TestKeyName | 'secret'> = {
  HS256: 'secret', HS384: 'secret', HS512: 'secret',
  RS256: 'rsa', RS384: 'rsa', RS512: 'rsa',
  PS256: 'rsa', PS384: 'rsa', PS512: 'rsa',
  ES256: 'ec-p256', ES384: 'ec-p384', ES512: 'ec-p521',
  EdDSA: 'ed25519',
};

describe('validateSigningKey', () => {
  it.each(JWT_ALGORITHMS)('accepts a matching key for %s', (algorithm) => {
    const name = keyFor[algorithm]!;
    const key = name === 'secret' ? 'a-shared-secret' : privateKeyPem(name);
    expect(validateSigningKey(key, algorithm)).toBeNull();
  });

  it('accepts traditional PKCS#1 RSA and SEC1 EC encodings, Ed448 and restricted RSA-PSS keys', () => {
    expect(validateSigningKey(rsaPrivateKeyPkcs1Pem(), 'RS256')).toBeNull();
    expect(validateSigningKey(ecP256PrivateKeySec1Pem(), 'ES256')).toBeNull();
    expect(validateSigningKey(privateKeyPem('ed448'), 'EdDSA')).toBeNull();
    expect(validateSigningKey(privateKeyPem('rsa-pss-sha256'), 'PS256')).toBeNull();
  });

  it('rejects unknown and wrongly cased algorithms, naming the supported ones', () => {
    expect(validateSigningKey('secret', 'HS999')).toMatch(/unsupported JWT algorithm .*HS256/);
    // A templated algorithm may be a secret or derive from one: it is never quoted.
    for (const secretish of ['sk-live-Canary-123', 'sk-live-canary-123'.toUpperCase(), '321-yranac-evil-ks']) {
      expect(validateSigningKey('secret', secretish)).not.toContain(secretish.slice(0, 6));
    }
    expect(validateSigningKey('secret', 'hs256')).toMatch(/unsupported/);
    expect(validateSigningKey('secret', 'none')).toMatch(/unsupported/);
    expect(validateSigningKey('secret', 'toString')).toMatch(/unsupported/);
  });

  it('rejects a malformed PEM without quoting it', () => {
    const broken = '-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5LXNlY3JldC1ib2R5\n-----END PRIVATE KEY-----';
    const error = validateSigningKey(broken, 'RS256');
    expect(error).toMatch(/not a valid PEM private key/);
    expect(error).not.toContain('bm90LWEta2V5');
  });

  it('rejects a key that is not PEM for asymmetric algorithms', () => {
    expect(validateSigningKey('just-a-shared-secret', 'RS256')).toMatch(/needs a PEM private key/);
    expect(validateSigningKey('just-a-shared-secret', 'EdDSA')).toMatch(/needs a PEM private key/);
  });

  it('rejects public keys and encrypted private keys with a specific reason', () => {
    expect(validateSigningKey(publicKeyPem('rsa'), 'RS256')).toMatch(/public key; signing needs the private key/);
    expect(validateSigningKey(rsaPrivateKeyEncryptedPem(), 'RS256')).toMatch(/encrypted/);
  });

  it('rejects a key of the wrong type or curve for the algorithm', () => {
    expect(validateSigningKey(privateKeyPem('ec-p256'), 'RS256')).toMatch(/needs an RSA private key, got ec/);
    expect(validateSigningKey(privateKeyPem('rsa'), 'ES256')).toMatch(/needs an EC private key on P-256/);
    expect(validateSigningKey(privateKeyPem('ec-p384'), 'ES256')).toMatch(/P-256, got curve secp384r1/);
    expect(validateSigningKey(privateKeyPem('ec-p256'), 'ES512')).toMatch(/P-521/);
    expect(validateSigningKey(privateKeyPem('rsa'), 'EdDSA')).toMatch(/Ed25519 or Ed448/);
    expect(validateSigningKey(privateKeyPem('ed25519'), 'PS256')).toMatch(/RSA/);
    // An RSASSA-PSS key cannot do PKCS#1 v1.5, and a key restricted to SHA-256 cannot do PS512.
    expect(validateSigningKey(privateKeyPem('rsa-pss-sha256'), 'RS256')).toMatch(/needs an RSA private key, got rsa-pss/);
    expect(validateSigningKey(privateKeyPem('rsa-pss-sha256'), 'PS512')).toMatch(/restricted to sha256/);
  });

  it('refuses PEM and SSH keys as HMAC secrets (algorithm confusion) and empty secrets', () => {
    expect(validateSigningKey(publicKeyPem('rsa'), 'HS256')).toMatch(/shared secret, not a PEM/);
    expect(validateSigningKey('ssh-rsa AAAAB3NzaC1yc2E', 'HS256')).toMatch(/shared secret, not a PEM or SSH/);
    expect(validateSigningKey('', 'HS512')).toMatch(/non-empty/);
  });

  it('restores PEM line breaks written as \\n (environment variables, JSON)', () => {
    const flattened = privateKeyPem('ec-p256').trim().replace(/\n/g, '\\n');
    expect(flattened).not.toContain('\n');
    expect(normalisePem(`  ${flattened}  `)).toBe(privateKeyPem('ec-p256').trim());
    expect(validateSigningKey(flattened, 'ES256')).toBeNull();
  });

  it('returns the parsed key object for the algorithm', () => {
    const parsed = parseSigningKey(privateKeyPem('ec-p384'), 'ES384');
    expect(parsed.ok && parsed.key.keyObject.asymmetricKeyType).toBe('ec');
    const hmac = parseSigningKey('s3cret', 'HS256');
    expect(hmac.ok && hmac.key.keyObject.symmetricKeySize).toBe(6);
  });
});
