import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../runtime/auth/authenticator.js';
import { AuthError, type AppliedAuth, type Authenticator } from '../../../runtime/auth/types.js';
import type { CompiledAuth } from '../../../runtime/connector.js';
import { createFileSecretStore } from '../../../runtime/secrets/file-store.js';
import { TemplateRenderError } from '../../../runtime/template/types.js';
import { startOAuthTokenServer, type OAuthTokenServer } from '../../support/oauth-server/oauth-token-server.js';
import { SECRET_CANARIES } from '../../support/secret-canaries/index.js';
import { createTestAuthContext } from './helpers/auth-context.js';
import { createLocalUpstreamClient } from './helpers/local-upstream-client.js';
import { failingTemplate, secretTemplate, tenantTemplate } from './helpers/templates.js';

const secrets = createFileSecretStore({
  defaults: new Map([
    ['CLIENT_SECRET', SECRET_CANARIES.clientSecret],
    ['SPECIAL_SECRET', SECRET_CANARIES.specialChars],
  ]),
  tenants: new Map([['acme', new Map([['CLIENT_SECRET', SECRET_CANARIES.clientSecretAlt]])]]),
});

describe('oauth_client_credentials', () => {
  let server: OAuthTokenServer;
  const http = createLocalUpstreamClient();
  let clock: number;
  let auth: Authenticator;

  type ClientCredentials = CompiledAuth & { type: 'oauth_client_credentials' };
  const config = (overrides: Partial<ClientCredentials> = {}): ClientCredentials => ({
    type: 'oauth_client_credentials',
    tokenUrl: server.tokenUrl,
    clientId: 'widget-app',
    clientSecret: secretTemplate('CLIENT_SECRET'),
    scope: null,
    audience: null,
    clientAuth: 'body',
    ...overrides,
  });
  const ctx = (tenantId: string | null = null) => createTestAuthContext({ http, secrets, tenantId });
  const bearerOf = (applied: AppliedAuth) => applied.headers.find(([n]) => n === 'Authorization')?.[1];
  const callResource = async (applied: AppliedAuth) =>
    (await http.request({ url: server.resourceUrl, method: 'GET', headers: applied.headers, body: null })).status;

  beforeAll(async () => {
    server = await startOAuthTokenServer({
      clients: {
        'widget-app': SECRET_CANARIES.clientSecret,
        'acme-app': SECRET_CANARIES.clientSecretAlt,
        'special app': SECRET_CANARIES.specialChars,
      },
      expiresIn: 600,
    });
  });
  afterAll(async () => {
    await server.close();
    await http.close();
  });
  beforeEach(() => {
    clock = 1_000_000;
    auth = createAuthenticator({ now: () => clock });
    server.setMode('ok');
    server.setTokenDelayMs(0);
    server.setExpiresIn(600);
  });

  it('POSTs grant_type=client_credentials with the credentials in the body and sends the bearer token', async () => {
    const applied = await auth.apply(config({ scope: 'read write', audience: 'https://api.example.com' }), ctx());
    const request = server.tokenRequests.at(-1)!;
    expect(request).toMatchObject({ grantType: 'client_credentials', clientAuth: 'body', clientId: 'widget-app', status: 200 });
    expect(request.form).toEqual({
      grant_type: 'client_credentials',
      client_id: 'widget-app',
      client_secret: SECRET_CANARIES.clientSecret,
      scope: 'read write',
      audience: 'https://api.example.com',
    });
    expect(request.authorization).toBeNull();
    expect(applied.headers).toEqual([['Authorization', `Bearer ${server.issuedTokens.at(-1)}`]]);
    expect(applied.query).toEqual([]);
    expect(applied.invalidate).toBeUndefined();
    expect(await callResource(applied)).toBe(200);
  });

  it('authenticates with HTTP Basic (form-encoded id and secret) when client_auth is basic', async () => {
    const applied = await auth.apply(
      config({ clientAuth: 'basic', clientId: 'special app', clientSecret: secretTemplate('SPECIAL_SECRET'), scope: 'read' }),
      ctx(),
    );
    const request = server.tokenRequests.at(-1)!;
    expect(request).toMatchObject({ clientAuth: 'basic', clientId: 'special app', status: 200 });
    expect(request.form).toEqual({ grant_type: 'client_credentials', scope: 'read' });
    expect(request.authorization).toMatch(/^Basic /);
    expect(await callResource(applied)).toBe(200);
  });

  it('leaves out scope and audience that render empty', async () => {
    await auth.apply(config({ scope: '', audience: '' }), ctx());
    expect(Object.keys(server.tokenRequests.at(-1)!.form).sort()).toEqual(['client_id', 'client_secret', 'grant_type']);
  });

  it('fetches one token for 50 concurrent requests', async () => {
    server.setTokenDelayMs(100);
    const before = server.tokenRequests.length;
    const applied = await Promise.all(Array.from({ length: 50 }, () => auth.apply(config(), ctx())));
    expect(server.tokenRequests.length - before).toBe(1);
    expect(new Set(applied.map(bearerOf)).size).toBe(1);
    const statuses = await Promise.all(applied.slice(0, 5).map(callResource));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('reuses the cached token, then refreshes it once expires_in minus 60 s has passed', async () => {
    const first = await auth.apply(config(), ctx());
    const count = server.tokenRequests.length;
    clock += 539_000; // 600 s token, 60 s margin: still valid
    const cached = await auth.apply(config(), ctx());
    expect(bearerOf(cached)).toBe(bearerOf(first));
    expect(cached.invalidate).toBeTypeOf('function');
    expect(server.tokenRequests.length).toBe(count);
    clock += 1_000; // 540 s: refresh
    const refreshed = await auth.apply(config(), ctx());
    expect(server.tokenRequests.length).toBe(count + 1);
    expect(bearerOf(refreshed)).not.toBe(bearerOf(first));
    expect(refreshed.invalidate).toBeUndefined();
  });

  it('uses 300 s when the token response has no expires_in (reused for 240 s)', async () => {
    server.setExpiresIn(null);
    await auth.apply(config(), ctx());
    const count = server.tokenRequests.length;
    clock += 239_000;
    await auth.apply(config(), ctx());
    expect(server.tokenRequests.length).toBe(count);
    clock += 1_000;
    await auth.apply(config(), ctx());
    expect(server.tokenRequests.length).toBe(count + 1);
  });

  it('evicts a cached token rejected with 401 so the retry fetches a fresh one', async () => {
    await auth.apply(config(), ctx());
    const cached = await auth.apply(config(), ctx());
    expect(await callResource(cached)).toBe(200);
    server.revokeAll(); // the provider forgets the token before it expires
    expect(await callResource(cached)).toBe(401);
    const count = server.tokenRequests.length;
    cached.invalidate!();
    const retried = await auth.apply(config(), ctx());
    expect(server.tokenRequests.length).toBe(count + 1);
    expect(bearerOf(retried)).not.toBe(bearerOf(cached));
    expect(retried.invalidate).toBeUndefined(); // a fresh token: the executor does not retry again
    expect(await callResource(retried)).toBe(200);
  });

  it('keeps tokens per tenant: the tenant secret is used and tokens are not shared', async () => {
    const shared = await auth.apply(config(), ctx(null));
    const acme = await auth.apply(config({ clientId: 'acme-app' }), ctx('acme'));
    expect(server.tokenRequests.at(-1)!.form['client_secret']).toBe(SECRET_CANARIES.clientSecretAlt);
    expect(bearerOf(acme)).not.toBe(bearerOf(shared));
    // Same rendered config, different tenant: still a separate token.
    const perTenantUrl = config({ tokenUrl: tenantTemplate(`${server.tokenUrl}?t=`) });
    const count = server.tokenRequests.length;
    const a = await auth.apply({ ...perTenantUrl, clientId: 'acme-app' }, ctx('acme'));
    const b = await auth.apply({ ...perTenantUrl, clientId: 'acme-app' }, ctx('acme'));
    expect(server.tokenRequests.length).toBe(count + 1);
    expect(bearerOf(a)).toBe(bearerOf(b));
  });

  it('never reuses a token that lives 60 s or less', async () => {
    server.setExpiresIn(60);
    await auth.apply(config({ scope: 'short' }), ctx());
    const count = server.tokenRequests.length;
    await auth.apply(config({ scope: 'short' }), ctx());
    expect(server.tokenRequests.length).toBe(count + 1);
  });

  it('keys the cache on the rendered config: another scope gets another token', async () => {
    const read = await auth.apply(config({ scope: 'read' }), ctx());
    const write = await auth.apply(config({ scope: 'write' }), ctx());
    expect(bearerOf(read)).not.toBe(bearerOf(write));
  });

  it('maps a token endpoint outage to AuthError(token-request) and caches no failure', async () => {
    server.setMode('server-error');
    const err = await auth.apply(config(), ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ kind: 'token-request', message: 'token endpoint answered HTTP 500' });
    server.setMode('ok');
    const applied = await auth.apply(config(), ctx());
    expect(await callResource(applied)).toBe(200);
  });

  it('maps rejected client credentials (401) and malformed token responses to token-request', async () => {
    const wrong = await auth.apply(config({ clientSecret: 'not-the-secret' }), ctx()).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ kind: 'token-request', message: 'token endpoint answered HTTP 401' });
    server.setMode('not-json');
    expect(await auth.apply(config({ scope: 'x1' }), ctx()).catch((e: unknown) => e)).toMatchObject({ kind: 'token-request' });
    server.setMode('no-access-token');
    expect(await auth.apply(config({ scope: 'x2' }), ctx()).catch((e: unknown) => e)).toMatchObject({ kind: 'token-request' });
  });

  it('lets a config rendering error through as a TemplateRenderError without contacting the endpoint', async () => {
    const count = server.tokenRequests.length;
    const err = await auth.apply(config({ clientId: failingTemplate() }), ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateRenderError);
    expect(server.tokenRequests.length).toBe(count);
  });
});
