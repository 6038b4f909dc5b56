import { createPrivateKey, createPublicKey } from 'node:crypto';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { createUserTokenVerifier, type UserVerification } from '../../../runtime/user/user-token-verifier.js';
import { privateKeyPem, publicKeyPem } from '../../fixtures/keys/test-keys.js';

const SECRET = 'host-site-shared-secret-for-tests';
const NOW_S = 1_900_000_000;

function hmacToken(claims: JWTPayload, secret = SECRET, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
}

function userOf(result: UserVerification): ReadonlyMap<string, unknown> {
  if (!result.ok) throw new Error(`expected a verified user, got ${result.reason}`);
  return result.user.templateValue;
}

const clock = (seconds: number) => () => seconds * 1000;

describe('createUserTokenVerifier', () => {
  it('maps the claims of a valid HMAC token to user fields and the tenant', async () => {
    const verifier = createUserTokenVerifier({ kind: 'hmac', secret: SECRET }, { now: clock(NOW_S) });
    const token = await hmacToken({
      sub: 'u-42',
      email: 'ada@example.com',
      username: 'ada',
      first_name: 'Ada',
      last_name: 'Lovelace',
      tenant_id: 'acme',
      profile_fields: { '7': 'Engineering' },
      exp: NOW_S + 60,
    });
    const result = await verifier.verify(token);
    const user = userOf(result);
    expect(user.get('id')).toBe('u-42');
    expect(user.get('email')).toBe('ada@example.com');
    expect(user.get('username')).toBe('ada');
    expect(user.get('first_name')).toBe('Ada');
    expect(user.get('last_name')).toBe('Lovelace');
    expect(user.get('profile_fields')).toBeDefined();
    expect(result.ok && result.user.tenantId).toBe('acme');
    expect(result.ok && result.user.id).toBe('u-42');
  });

  it('leaves absent claims undefined', async () => {
    const verifier = createUserTokenVerifier({ kind: 'hmac', secret: SECRET }, { now: clock(NOW_S) });
    const result = await verifier.verify(await hmacToken({ sub: '1', exp: NOW_S + 60 }));
    const user = userOf(result);
    expect(user.has('email')).toBe(false);
    expect(result.ok && result.user.tenantId).toBeNull();
  });

  it('reports an expired token as expired', async () => {
    const verifier = createUserTokenVerifier({ kind: 'hmac', secret: SECRET }, { now: clock(NOW_S) });
    const result = await verifier.verify(await hmacToken({ sub: '1', exp: NOW_S - 1 }));
    expect(result).toEqual({ ok: false, reason: 'expired', message: 'The user token has expired' });
  });

  it('stops accepting a cached token once it expires', async () => {
    let now = NOW_S;
    const verifier = createUserTokenVerifier({ kind: 'hmac', secret: SECRET }, { now: () => now * 1000 });
    const token = await hmacToken({ sub: '1', exp: NOW_S + 10 });
    expect((await verifier.verify(token)).ok).toBe(true);
    expect((await verifier.verify(token)).ok).toBe(true);
    now = NOW_S + 11;
    expect(await verifier.verify(token)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a wrong signature, an unsigned token, garbage and asymmetric algorithms for an HMAC key', async () => {
    const verifier = createUserTokenVerifier({ kind: 'hmac', secret: SECRET }, { now: clock(NOW_S) });
    const wrongKey = await hmacToken({ sub: '1', exp: NOW_S + 60 }, 'another-secret-entirely');
    const header = Buffer.from('{"alg":"none"}').toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: '1', exp: NOW_S + 60 })).toString('base64url');
    const rsa = await new SignJWT({ sub: '1', exp: NOW_S + 60 }).setProtectedHeader({ alg: 'RS256' }).sign(createPrivateKey(privateKeyPem('rsa')));
    for (const token of [wrongKey, `${header}.${payload}.`, 'not-a-jwt', rsa]) {
      expect(await verifier.verify(token)).toEqual({ ok: false, reason: 'invalid', message: 'The user token is invalid' });
    }
  });

  it('verifies against a PEM public key', async () => {
    const verifier = createUserTokenVerifier({ kind: 'public-key', pem: publicKeyPem('ec-p256') }, { now: clock(NOW_S) });
    const good = await new SignJWT({ sub: 'ec-user', exp: NOW_S + 60 }).setProtectedHeader({ alg: 'ES256' }).sign(createPrivateKey(privateKeyPem('ec-p256')));
    expect(userOf(await verifier.verify(good)).get('id')).toBe('ec-user');
    const otherKey = await new SignJWT({ sub: 'x', exp: NOW_S + 60 }).setProtectedHeader({ alg: 'RS256' }).sign(createPrivateKey(privateKeyPem('rsa')));
    expect(await verifier.verify(otherKey)).toMatchObject({ ok: false, reason: 'invalid' });
    // An HMAC token signed with the public key text must not pass (algorithm confusion).
    const confused = await hmacToken({ sub: 'x', exp: NOW_S + 60 }, publicKeyPem('ec-p256'));
    expect(await verifier.verify(confused)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('verifies against a JWKS document, choosing the key by kid', async () => {
    const jwk = { ...(await exportJWK(createPublicKey(publicKeyPem('rsa')))), kid: 'k1', alg: 'RS256' };
    const verifier = createUserTokenVerifier({ kind: 'jwks', jwks: { keys: [jwk] } }, { now: clock(NOW_S) });
    const signer = createPrivateKey(privateKeyPem('rsa'));
    const good = await new SignJWT({ sub: 'jwks-user', exp: NOW_S + 60 }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(signer);
    expect(userOf(await verifier.verify(good)).get('id')).toBe('jwks-user');
    const unknownKid = await new SignJWT({ sub: 'x', exp: NOW_S + 60 }).setProtectedHeader({ alg: 'RS256', kid: 'k2' }).sign(signer);
    expect(await verifier.verify(unknownKid)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
