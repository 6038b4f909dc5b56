import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../runtime/auth/authenticator.js';
import { JWT_BEARER_GRANT_TYPE } from '../../../runtime/auth/oauth-jwt-bearer.js';
import { AuthError, type AppliedAuth, type Authenticator } from '../../../runtime/auth/types.js';
import type { CompiledAuth, CompiledJson } from '../../../runtime/connector.js';
import { createFileSecretStore } from '../../../runtime/secrets/file-store.js';
import { TemplateRenderError } from '../../../runtime/template/types.js';
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
    key: secretTemplate('JWT_HMAC'),
    algorithm: 'HS256',
    claims: obj({ iss: str('conduit'), sub: str(tenantTemplate('tenant-')), n: { kind: 'literal', value: 7 }, list: { kind: 'array', items: [str('a')] } }),
    expiresIn: 120,
    headers: obj({ kid: str('k1') }),
    headerName: 'Authorization',
    prefix: 'Bearer ',
    ...overrides,
  });
  afterAll(() => http.close());

  it('sends `Authorization: Bearer <jwt>` signed with the key, with iat/exp added and header fields', async () => {
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
    const iat = Math.floor(NOW / 1000);
    expect(payload).toEqual({ iss: 'conduit', sub: 'tenant-acme', n: 7, list: ['a'], iat, exp: iat + 120 });
    expect(protectedHeader).toEqual({ alg: 'HS256', kid: 'k1', typ: 'JWT' });
  });

  it('uses the configured header name and prefix, and overrides iat/exp claims from config', async () => {
    const applied = await auth.apply(
      jwtConfig({
        key: secretTemplate('RSA_KEY'),
        algorithm: 'RS256',
        headerName: 'X-Api-Token',
        prefix: '',
        claims: obj({ exp: str('never'), aud: str('svc') }),
        headers: obj({}),
      }),
      ctx(),
    );
    const [[name, token]] = applied.headers as [[string, string]];
    expect(name).toBe('X-Api-Token');
    const { payload } = await jwtVerify(token, await importSPKI(publicKeyPem('rsa'), 'RS256'), { currentDate: new Date(NOW) });
    expect(payload.exp).toBe(Math.floor(NOW / 1000) + 120);
    expect(payload.aud).toBe('svc');
  });

  it('signs afresh for every request', async () => {
    const late = createAuthenticator({ now: () => NOW + 5_000 });
    const a = (await auth.apply(jwtConfig(), ctx())).headers[0]![1];
    const b = (await late.apply(jwtConfig(), ctx())).headers[0]![1];
    expect(a).not.toBe(b);
  });

  it('rejects with AuthError(signing) for a malformed PEM, an unknown algorithm or a rendered key/algorithm mismatch', async () => {
    await expect(auth.apply(jwtConfig({ key: secretTemplate('BROKEN_KEY'), algorithm: 'RS256' }), ctx())).rejects.toMatchObject({
      kind: 'signing',
      message: expect.stringMatching(/not a valid PEM/),
    });
    await expect(auth.apply(jwtConfig({ algorithm: 'HS257' }), ctx())).rejects.toMatchObject({ kind: 'signing' });
    await expect(auth.apply(jwtConfig({ key: secretTemplate('EC_KEY'), algorithm: 'RS256' }), ctx())).rejects.toBeInstanceOf(AuthError);
  });

  it('signs with the expression text when the secret is missing, and reports the missing name', async () => {
    const missing: string[] = [];
    const applied = await auth.apply(jwtConfig({ key: secretTemplate('NOT_THERE') }), {
      ...createTestAuthContext({ http, secrets, tenantId: null, onMissingSecret: (n) => missing.push(n) }),
    });
    expect(missing).toEqual(['NOT_THERE']);
    const token = applied.headers[0]![1].slice(7);
    await expect(jwtVerify(token, new TextEncoder().encode("{{ get_secret('NOT_THERE') }}"), { currentDate: new Date(NOW) })).resolves.toBeTruthy();
  });

  it('refuses a header name or prefix that would break the header (TemplateRenderError)', async () => {
    await expect(auth.apply(jwtConfig({ headerName: 'X Bad' }), ctx())).rejects.toBeInstanceOf(TemplateRenderError);
    await expect(auth.apply(jwtConfig({ prefix: 'Bearer\r\nX-Injected: 1 ' }), ctx())).rejects.toMatchObject({ code: 'invalid-header-value' });
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
    tokenUrl: server.tokenUrl,
    key: secretTemplate('RSA_KEY'),
    algorithm: 'RS256',
    claims: obj({ iss: str('svc@example.com'), sub: str(tenantTemplate('user-')), aud: str(server.tokenUrl) }),
    expiresIn: 300,
    scope: 'https://api.example.com/read',
    ...overrides,
  });
  const bearerOf = (applied: AppliedAuth) => applied.headers[0]![1];

  beforeAll(async () => {
    server = await startOAuthTokenServer({
      assertionKeys: [
        { algorithm: 'RS256', key: publicKeyPem('rsa') },
        { algorithm: 'ES256', key: publicKeyPem('ec-p256') },
      ],
      expiresIn: 60,
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
  });

  it('exchanges a signed assertion (claims + iat/exp) for a bearer token', async () => {
    const applied = await auth.apply(bearerConfig(), ctx('acme'));
    const request = server.tokenRequests.at(-1)!;
    expect(request).toMatchObject({ grantType: JWT_BEARER_GRANT_TYPE, clientAuth: 'assertion', status: 200 });
    expect(request.form['scope']).toBe('https://api.example.com/read');
    const iat = Math.floor(clock / 1000);
    expect(request.assertionClaims).toEqual({ iss: 'svc@example.com', sub: 'user-acme', aud: server.tokenUrl, iat, exp: iat + 300 });
    expect(decodeProtectedHeader(request.form['assertion']!)).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(bearerOf(applied)).toBe(`Bearer ${server.issuedTokens.at(-1)}`);
    const resource = await http.request({ url: server.resourceUrl, method: 'GET', headers: applied.headers, body: null });
    expect(resource.status).toBe(200);
  });

  it('caches the token (no new assertion) until expiry, per tenant, and shares one fetch among concurrent requests', async () => {
    server.setTokenDelayMs(50);
    try {
      const count = server.tokenRequests.length;
      const all = await Promise.all(Array.from({ length: 20 }, () => auth.apply(bearerConfig({ algorithm: 'ES256', key: secretTemplate('EC_KEY') }), ctx('t1'))));
      expect(server.tokenRequests.length).toBe(count + 1);
      expect(new Set(all.map(bearerOf)).size).toBe(1);
      const cached = await auth.apply(bearerConfig({ algorithm: 'ES256', key: secretTemplate('EC_KEY') }), ctx('t1'));
      expect(cached.invalidate).toBeTypeOf('function');
      await auth.apply(bearerConfig({ algorithm: 'ES256', key: secretTemplate('EC_KEY') }), ctx('t2'));
      expect(server.tokenRequests.length).toBe(count + 2);
      clock += 54_000;
      await auth.apply(bearerConfig({ algorithm: 'ES256', key: secretTemplate('EC_KEY') }), ctx('t1'));
      expect(server.tokenRequests.length).toBe(count + 3);
    } finally {
      server.setTokenDelayMs(0);
    }
  });

  it('gives AuthError(signing) for a bad key without calling the token endpoint', async () => {
    const count = server.tokenRequests.length;
    await expect(auth.apply(bearerConfig({ key: secretTemplate('BROKEN_KEY') }), ctx())).rejects.toMatchObject({ kind: 'signing' });
    await expect(auth.apply(bearerConfig({ algorithm: 'XS256' }), ctx())).rejects.toMatchObject({ kind: 'signing' });
    expect(server.tokenRequests.length).toBe(count);
  });

  it('gives AuthError(token-request) when the endpoint rejects the assertion or fails', async () => {
    // Signed with a key the server does not trust.
    await expect(auth.apply(bearerConfig({ key: privateKeyPem('ec-p384'), algorithm: 'ES384' }), ctx())).rejects.toMatchObject({
      kind: 'token-request',
      message: 'token endpoint answered HTTP 401',
    });
    server.setMode('server-error');
    await expect(auth.apply(bearerConfig({ scope: 'other' }), ctx())).rejects.toMatchObject({ kind: 'token-request', message: 'token endpoint answered HTTP 500' });
  });
});
