import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../runtime/auth/authenticator.js';
import { JWT_BEARER_GRANT_TYPE } from '../../../runtime/auth/oauth-jwt-bearer.js';
import { AuthError, type AppliedAuth, type Authenticator } from '../../../runtime/auth/types.js';
import type { CompiledAuth, CompiledJson } from '../../../runtime/connector.js';
import { createFileSecretStore } from '../../../runtime/secrets/file-store.js';
import { privateKeyPem, publicKeyPem } from '../../fixtures/keys/test-keys.js';
import { startOAuthTokenServer, type OAuthTokenServer } from '../../support/oauth-server/oauth-token-server.js';
import { SECRET_CANARIES } from '../../support/secret-canaries/index.js';
import { createTestAuthContext } from './helpers/auth-context.js';
import { createLocalUpstreamClient } from './helpers/local-upstream-client.js';
import { secretTemplate, tenantTemplate } from './helpers/templates.js';

type JsonObject = CompiledJson & { readonly kind: 'object' };
const obj = (entries: Record<string, CompiledJson>): JsonObject => ({ kind: 'object', entries: Object.entries(entries) });
const str = (value: string | ReturnType<typeof tenantTemplate>): CompiledJson => ({ kind: 'template', value });

const secrets = createFileSecretStore({
  defaults: new Map([
    ['JWT_HMAC', SECRET_CANARIES.hmacKey],
    ['RSA_KEY', privateKeyPem('rsa')],
    ['EC_KEY', privateKeyPem('ec-p256')],
    ['BROKEN_KEY', '-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----'],
  ]),
  tenants: new Map(),
});

const NOW = 1_750_000_000_000;

describe('jwt', () => {
  const http = createLocalUpstreamClient();
  const auth = createAuthenticator({ now: () => NOW });
  const ctx = (tenantId: string | null = 'acme') => createTestAuthContext({ http, secrets, tenantId });
  const jwtConfig = (overrides: Partial<CompiledAuth & { type: 'jwt' }> = {}): CompiledAuth => ({
    type: 'jwt',
    privateKey: secretTemplate('JWT_HMAC'),
    algorithm: 'HS256',
    claims: obj({ iss: str('conduit'), sub: str(tenantTemplate('tenant-')), n: { kind: 'literal', value: 7 }, list: { kind: 'array', items: [str('a')] } }),
    jwtHeaders: obj({ kid: str('k1') }),
    ...overrides,
  });
  afterAll(() => http.close());

  it('sends `Authorization: Bearer <jwt>` signed with the key, with exactly the configured claims and jwt_headers merged', async () => {
    const applied = await auth.apply(jwtConfig(), ctx());
    expect(applied.query).toEqual([]);
    expect(applied.invalidate).toBeUndefined();
    const [[name, value]] = applied.headers as [[string, string]];
    expect(name).toBe('Authorization');
    expect(value.startsWith('Bearer ')).toBe(true);
    const token = value.slice('Bearer '.length);
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET_CANARIES.hmacKey), {
      currentDate: new Date(NOW),
    });
    // Nothing added: no iat, no exp.
    expect(payload).toEqual({ iss: 'conduit', sub: 'tenant-acme', n: 7, list: ['a'] });
    expect(protectedHeader).toEqual({ alg: 'HS256', kid: 'k1', typ: 'JWT' });
  });

  it('casts numeric-string exp/iat/nbf to integers, leaves other strings alone and overwrites nothing', async () => {
    const applied = await auth.apply(
      jwtConfig({
        privateKey: secretTemplate('RSA_KEY'),
        algorithm: 'RS256',
        claims: obj({ exp: str('1750000120'), iat: str(' 1750000000 '), nbf: str('1749999990.7'), aud: str('svc'), count: str('12'), note: str('never') }),
        jwtHeaders: obj({}),
      }),
      ctx(),
    );
    const [[name, value]] = applied.headers as [[string, string]];
    expect(name).toBe('Authorization');
    const { payload } = await jwtVerify(value.slice(7), await importSPKI(publicKeyPem('rsa'), 'RS256'), { currentDate: new Date(NOW) });
    expect(payload).toEqual({ exp: 1750000120, iat: 1750000000, nbf: 1749999990, aud: 'svc', count: '12', note: 'never' });
  });

  it('keeps a non-numeric exp as the string it rendered (the verifier decides)', async () => {
    const applied = await auth.apply(jwtConfig({ claims: obj({ exp: str('soon') }) }), ctx());
    const body = JSON.parse(Buffer.from(applied.headers[0]![1].split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(body).toEqual({ exp: 'soon' });
  });

  it('signs afresh for every request', async () => {
    const claims = obj({ jti: str(tenantTemplate('a')) });
    const a = (await auth.apply(jwtConfig({ claims }), ctx('one'))).headers[0]![1];
    const b = (await auth.apply(jwtConfig({ claims }), ctx('two'))).headers[0]![1];
    expect(a).not.toBe(b);
  });

  it('rejects with AuthError(signing) for a malformed PEM, an unknown algorithm or a rendered key/algorithm mismatch', async () => {
    await expect(auth.apply(jwtConfig({ privateKey: secretTemplate('BROKEN_KEY'), algorithm: 'RS256' }), ctx())).rejects.toMatchObject({
      kind: 'signing',
      message: expect.stringMatching(/not a valid PEM/),
    });
    await expect(auth.apply(jwtConfig({ algorithm: 'HS257' }), ctx())).rejects.toMatchObject({ kind: 'signing' });
    await expect(auth.apply(jwtConfig({ privateKey: secretTemplate('EC_KEY'), algorithm: 'RS256' }), ctx())).rejects.toBeInstanceOf(AuthError);
  });

  it('signs with the expression text when the secret is missing, and reports the missing name', async () => {
    const missing: string[] = [];
    const applied = await auth.apply(jwtConfig({ privateKey: secretTemplate('NOT_THERE') }), {
      ...createTestAuthContext({ http, secrets, tenantId: null, onMissingSecret: (n) => missing.push(n) }),
    });
    expect(missing).toEqual(['NOT_THERE']);
    const token = applied.headers[0]![1].slice(7);
    await expect(jwtVerify(token, new TextEncoder().encode("{{ get_secret('NOT_THERE') }}"), { currentDate: new Date(NOW) })).resolves.toBeTruthy();
  });

  it('lets jwt_headers set typ but never alg', async () => {
    const applied = await auth.apply(jwtConfig({ jwtHeaders: obj({ alg: str('none'), typ: str('at+jwt'), kid: str(tenantTemplate('key-')) }) }), ctx());
    expect(decodeProtectedHeader(applied.headers[0]![1].slice(7))).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: 'key-acme' });
  });
});

describe('oauth_jwt_bearer', () => {
  let server: OAuthTokenServer;
  const http = createLocalUpstreamClient();
  let auth: Authenticator;
  let clock: number;
  const ctx = (tenantId: string | null = null) => createTestAuthContext({ http, secrets, tenantId });
  const bearerConfig = (overrides: Partial<CompiledAuth & { type: 'oauth_jwt_bearer' }> = {}): CompiledAuth => ({
    type: 'oauth_jwt_bearer',
    clientId: 'svc@example.com',
    privateKey: secretTemplate('RSA_KEY'),
    tokenUrl: server.tokenUrl,
    subject: tenantTemplate('user-'),
    audience: server.tokenUrl,
    tokenTtl: 3600,
    algorithm: 'RS256',
    additionalClaims: obj({}),
    jwtHeaders: obj({}),
    ...overrides,
  });
  const bearerOf = (applied: AppliedAuth) => applied.headers[0]![1];

  beforeAll(async () => {
    server = await startOAuthTokenServer({
      assertionKeys: [
        { algorithm: 'RS256', key: publicKeyPem('rsa') },
        { algorithm: 'ES256', key: publicKeyPem('ec-p256') },
      ],
      expiresIn: null,
    });
  });
  afterAll(async () => {
    await server.close();
    await http.close();
  });
  beforeEach(() => {
    clock = Date.now();
    auth = createAuthenticator({ now: () => clock });
    server.setMode('ok');
    server.setExpiresIn(null);
  });

  it('exchanges an assertion iss=client_id, sub=subject, aud=audience, iat=now, exp=now+180 (plus additional claims) for a bearer token', async () => {
    const applied = await auth.apply(
      bearerConfig({ additionalClaims: obj({ scope: str('api'), iss: str('ignored') }), jwtHeaders: obj({ kid: str('key-7') }) }),
      ctx('acme'),
    );
    const request = server.tokenRequests.at(-1)!;
    expect(request).toMatchObject({ grantType: JWT_BEARER_GRANT_TYPE, clientAuth: 'assertion', status: 200 });
    expect(Object.keys(request.form).sort()).toEqual(['assertion', 'grant_type']);
    const iat = Math.floor(clock / 1000);
    expect(request.assertionClaims).toEqual({ scope: 'api', iss: 'svc@example.com', sub: 'user-acme', aud: server.tokenUrl, iat, exp: iat + 180 });
    expect(decodeProtectedHeader(request.form['assertion']!)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'key-7' });
    expect(bearerOf(applied)).toBe(`Bearer ${server.issuedTokens.at(-1)}`);
    const resource = await http.request({ url: server.resourceUrl, method: 'GET', headers: applied.headers, body: null });
    expect(resource.status).toBe(200);
  });

  it('reuses the token until token_ttl − 60 s, per tenant, and shares one fetch among concurrent requests', async () => {
    server.setTokenDelayMs(50);
    try {
      const config = bearerConfig({ algorithm: 'ES256', privateKey: secretTemplate('EC_KEY'), tokenTtl: 600 });
      const count = server.tokenRequests.length;
      const all = await Promise.all(Array.from({ length: 20 }, () => auth.apply(config, ctx('t1'))));
      expect(server.tokenRequests.length).toBe(count + 1);
      expect(new Set(all.map(bearerOf)).size).toBe(1);
      const cached = await auth.apply(config, ctx('t1'));
      expect(cached.invalidate).toBeTypeOf('function');
      await auth.apply(config, ctx('t2'));
      expect(server.tokenRequests.length).toBe(count + 2);
      clock += 539_000; // 600 − 60 s, minus one second: still reused
      await auth.apply(config, ctx('t1'));
      expect(server.tokenRequests.length).toBe(count + 2);
      clock += 1_000; // 540 s: refreshed
      await auth.apply(config, ctx('t1'));
      expect(server.tokenRequests.length).toBe(count + 3);
    } finally {
      server.setTokenDelayMs(0);
    }
  });

  it("uses the reply's expires_in − 60 s when it is shorter than token_ttl", async () => {
    server.setExpiresIn(120);
    const config = bearerConfig({ subject: 'short-lived' });
    const count = server.tokenRequests.length;
    await auth.apply(config, ctx());
    clock += 59_000;
    await auth.apply(config, ctx());
    expect(server.tokenRequests.length).toBe(count + 1);
    clock += 1_000;
    await auth.apply(config, ctx());
    expect(server.tokenRequests.length).toBe(count + 2);
  });

  it('gives AuthError(signing) for a bad key without calling the token endpoint', async () => {
    const count = server.tokenRequests.length;
    await expect(auth.apply(bearerConfig({ privateKey: secretTemplate('BROKEN_KEY') }), ctx())).rejects.toMatchObject({ kind: 'signing' });
    await expect(auth.apply(bearerConfig({ algorithm: 'XS256' }), ctx())).rejects.toMatchObject({ kind: 'signing' });
    expect(server.tokenRequests.length).toBe(count);
  });

  it('gives AuthError(token-request) when the endpoint rejects the assertion or fails', async () => {
    // Signed with a key the server does not trust.
    await expect(auth.apply(bearerConfig({ privateKey: privateKeyPem('ec-p384'), algorithm: 'ES384' }), ctx())).rejects.toMatchObject({
      kind: 'token-request',
      message: 'token endpoint answered HTTP 401',
    });
    server.setMode('server-error');
    await expect(auth.apply(bearerConfig({ subject: 'other' }), ctx())).rejects.toMatchObject({ kind: 'token-request', message: 'token endpoint answered HTTP 500' });
  });
});
