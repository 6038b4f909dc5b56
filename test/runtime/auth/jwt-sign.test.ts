import { constants, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { JWT_ALGORITHMS } from '../../../runtime/auth/jwt-algorithms.js';
import { signJwt } from '../../../runtime/auth/jwt-sign.js';
import { signingKeyCacheSize } from '../../../runtime/auth/signing-key-cache.js';
import { AuthError } from '../../../runtime/auth/types.js';
import { ecP256PrivateKeySec1Pem, privateKeyPem, publicKeyPem, rsaPrivateKeyPkcs1Pem, type TestKeyName } from '../../fixtures/keys/test-keys.js';

const HMAC_SECRET = 'jwt-sign-test-shared-secret-of-some-length';

const keyFor: Record<string, TestKeyName | null> = {
  HS256: null, HS384: null, HS512: null,
  RS256: 'rsa', RS384: 'rsa', RS512: 'rsa',
  PS256: 'rsa', PS384: 'rsa', PS512: 'rsa',
  ES256: 'ec-p256', ES384: 'ec-p384', ES512: 'ec-p521',
  EdDSA: 'ed25519',
};

async function verificationKey(algorithm: string, name: TestKeyName | null) {
  return name === null ? new TextEncoder().encode(HMAC_SECRET) : importSPKI(publicKeyPem(name), algorithm);
}

function expectSigningError(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AuthError);
  expect((caught as AuthError).kind).toBe('signing');
  expect((caught as AuthError).message).toMatch(message);
}

describe('signJwt', () => {
  it.each(JWT_ALGORITHMS)('%s produces a JWT that jose verifies with the matching key', async (algorithm) => {
    const name = keyFor[algorithm]!;
    const payload = { sub: 'user-42', aud: 'https://api.example.com', iat: 1_700_000_000, exp: 4_000_000_000, roles: ['a', 'b'] };
    const token = signJwt(payload, name === null ? HMAC_SECRET : privateKeyPem(name), algorithm, { kid: 'key-1' });
    const { payload: verified, protectedHeader } = await jwtVerify(token, await verificationKey(algorithm, name), {
      algorithms: [algorithm],
      audience: 'https://api.example.com',
    });
    expect(verified).toEqual(payload);
    expect(protectedHeader).toEqual({ alg: algorithm, kid: 'key-1', typ: 'JWT' });
  });

  it('fails verification against a different key (the signature is real)', async () => {
    const token = signJwt({ sub: 'x' }, privateKeyPem('ec-p256'), 'ES256');
    const other = await importSPKI(publicKeyPem('ec-p384'), 'ES384');
    await expect(jwtVerify(token, other)).rejects.toThrow();
    const hs = signJwt({ sub: 'x' }, HMAC_SECRET, 'HS256');
    await expect(jwtVerify(hs, new TextEncoder().encode(`${HMAC_SECRET}-other`))).rejects.toThrow(/signature/);
  });

  it('signs with PKCS#1 RSA and SEC1 EC keys', async () => {
    const rs = signJwt({ n: 1 }, rsaPrivateKeyPkcs1Pem(), 'RS256');
    await expect(jwtVerify(rs, await importSPKI(publicKeyPem('rsa'), 'RS256'))).resolves.toBeTruthy();
    const es = signJwt({ n: 1 }, ecP256PrivateKeySec1Pem(), 'ES256');
    await expect(jwtVerify(es, await importSPKI(publicKeyPem('ec-p256'), 'ES256'))).resolves.toBeTruthy();
  });

  it('signs PS256 with an RSASSA-PSS key restricted to SHA-256 (verified with node:crypto: jose takes only rsa keys)', () => {
    const token = signJwt({ n: 1 }, privateKeyPem('rsa-pss-sha256'), 'PS256');
    const [h, p, s] = token.split('.') as [string, string, string];
    const key = { key: createPublicKey(publicKeyPem('rsa-pss-sha256')), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    expect(cryptoVerify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))).toBe(true);
    expect(cryptoVerify('sha256', Buffer.from(`${h}.${p}x`), key, Buffer.from(s, 'base64url'))).toBe(false);
  });

  it('signs EdDSA with an Ed448 key (verified with node:crypto)', () => {
    const token = signJwt({ n: 1 }, privateKeyPem('ed448'), 'EdDSA');
    const [h, p, s] = token.split('.') as [string, string, string];
    const ok = cryptoVerify(null, Buffer.from(`${h}.${p}`), createPublicKey(publicKeyPem('ed448')), Buffer.from(s, 'base64url'));
    expect(ok).toBe(true);
  });

  it('writes the header with sorted keys and compact JSON, like PyJWT', () => {
    const token = signJwt({ b: 1, a: 'x' }, HMAC_SECRET, 'HS256', { kid: 'k', cty: 'c' });
    const [header, payload] = token.split('.') as [string, string];
    expect(Buffer.from(header, 'base64url').toString()).toBe('{"alg":"HS256","cty":"c","kid":"k","typ":"JWT"}');
    // Payload keys keep their order; non-ASCII is escaped as json.dumps does by default.
    expect(Buffer.from(payload, 'base64url').toString()).toBe('{"b":1,"a":"x"}');
    const unicode = signJwt({ name: 'Zoë 😀' }, HMAC_SECRET, 'HS256').split('.')[1]!;
    expect(Buffer.from(unicode, 'base64url').toString()).toBe('{"name":"Zo\\u00eb \\ud83d\\ude00"}');
  });

  it('lets header fields override typ (or drop it) but never alg', () => {
    const custom = signJwt({}, HMAC_SECRET, 'HS256', { typ: 'at+jwt', alg: 'none' });
    expect(decodeProtectedHeader(custom)).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    const dropped = signJwt({}, HMAC_SECRET, 'HS256', { typ: null });
    expect(decodeProtectedHeader(dropped)).toEqual({ alg: 'HS256' });
  });

  it('throws AuthError(signing) for an unknown algorithm, a malformed PEM or a mismatched key', () => {
    expectSigningError(() => signJwt({}, HMAC_SECRET, 'HS1024'), /unsupported JWT algorithm/);
    expectSigningError(() => signJwt({}, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'RS256'), /not a valid PEM/);
    expectSigningError(() => signJwt({}, privateKeyPem('ed25519'), 'ES256'), /EC private key/);
    expectSigningError(() => signJwt({}, publicKeyPem('rsa'), 'HS256'), /shared secret/);
  });

  it('throws AuthError(signing) for a payload JSON cannot represent', () => {
    expectSigningError(() => signJwt({ big: 10n }, HMAC_SECRET, 'HS256'), /not JSON-serialisable/);
  });

  it('parses each key once: repeated signing reuses the cached key object', () => {
    const pem = privateKeyPem('ec-p521');
    signJwt({ n: 0 }, pem, 'ES512');
    const size = signingKeyCacheSize();
    for (let i = 1; i < 20; i++) signJwt({ n: i }, pem, 'ES512');
    expect(signingKeyCacheSize()).toBe(size);
    signJwt({ n: 0 }, pem.replace('PRIVATE KEY-----\n', 'PRIVATE KEY-----\n\n'), 'ES512');
    expect(signingKeyCacheSize()).toBe(size + 1);
  });
});
