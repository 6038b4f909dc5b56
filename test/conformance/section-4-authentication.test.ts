// SPEC v2 §4 (authentication), conformance through the real runtime server, a real OAuth token
// server and a clock the test moves: token reuse until lifetime − 60 s, the JWT-bearer assertion
// (iss/sub/aud/iat/exp = iat + 180, additional claims, jwt_headers), `jwt` claims rendered as
// written with exp/iat/nbf cast to integers, and `apikey` accepted as `api_key` with a warning.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistry } from '../../compiler/check.js';
import type { CompiledAuth, CompiledJson } from '../../runtime/connector.js';
import { privateKeyPem, publicKeyPem } from '../fixtures/keys/test-keys.js';
import { startOAuthTokenServer, type OAuthTokenServer } from '../support/oauth-server/oauth-token-server.js';
import { regular, registryOf, tpl } from '../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../support/runtime/start-runtime.js';
import { echo, startUpstream, type Upstream } from '../support/upstream/index.js';

// The token server verifies assertions against the real time: the test clock starts now.
const T0 = Math.floor(Date.now() / 1000) * 1000;
let clock = T0;
let tokens: OAuthTokenServer;
let upstream: Upstream;
let runtime: TestRuntime;

const obj = (entries: Record<string, CompiledJson>): CompiledJson & { kind: 'object' } => ({ kind: 'object', entries: Object.entries(entries) });
const str = (value: string): CompiledJson => ({ kind: 'template', value });

beforeAll(async () => {
  tokens = await startOAuthTokenServer({
    clients: { 'app-id': 'conformance-app-secret' },
    assertionKeys: [{ algorithm: 'RS256', key: publicKeyPem('rsa') }],
    expiresIn: 120,
  });
  upstream = await startUpstream({ routes: { '*': echo() } });
  const clientCredentials: CompiledAuth = {
    type: 'oauth_client_credentials',
    tokenUrl: tokens.tokenUrl,
    clientId: 'app-id',
    clientSecret: 'conformance-app-secret',
    scope: null,
    audience: null,
    clientAuth: 'body',
  };
  const bearer: CompiledAuth = {
    type: 'oauth_jwt_bearer',
    clientId: 'svc@conduit',
    privateKey: privateKeyPem('rsa'),
    tokenUrl: tokens.tokenUrl,
    subject: 'integration-user',
    audience: tokens.tokenUrl,
    tokenTtl: 300,
    algorithm: 'RS256',
    additionalClaims: obj({ scope: str('api refresh_token') }),
    jwtHeaders: obj({ kid: str('key-2026') }),
  };
  const jwt: CompiledAuth = {
    type: 'jwt',
    privateKey: 'conformance-hmac-secret',
    algorithm: 'HS256',
    claims: obj({
      iss: str('conduit'),
      iat: { kind: 'template', value: tpl('{{ now() }}', () => String(Math.floor(clock / 1000))) },
      exp: { kind: 'template', value: tpl('{{ now(60) }}', () => `${Math.floor(clock / 1000) + 60}`) },
      nbf: str('1767268800'),
      ref: str('0042'),
    }),
    jwtHeaders: obj({ kid: str('hmac-1') }),
  };
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'cc', url: tokens.resourceUrl, auth: clientCredentials }),
      regular({ permalink: 'bearer', url: tokens.resourceUrl, auth: bearer }),
      regular({ permalink: 'signed', url: upstream.url('/signed'), auth: jwt }),
    ),
    { dependencies: { now: () => new Date(clock) } },
  );
});

afterAll(async () => {
  await runtime?.close();
  await tokens?.close();
  await upstream?.close();
});

async function call(permalink: string): Promise<number> {
  const res = await runtime.call(`/api/connectors/${permalink}`);
  await res.arrayBuffer();
  return res.status;
}

function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('SPEC §4 authentication', () => {
  it('oauth_client_credentials: a token is reused until expires_in − 60 s, then fetched again', async () => {
    clock = T0;
    const before = tokens.tokenRequests.length;
    expect(await call('cc')).toBe(200);
    clock = T0 + 59_000;
    expect(await call('cc')).toBe(200);
    expect(tokens.tokenRequests.length - before).toBe(1);
    clock = T0 + 60_000; // 120 s token, 60 s margin
    expect(await call('cc')).toBe(200);
    expect(tokens.tokenRequests.length - before).toBe(2);
    expect(tokens.tokenRequests.at(-1)!.form).toEqual({ grant_type: 'client_credentials', client_id: 'app-id', client_secret: 'conformance-app-secret' });
  });

  it('oauth_jwt_bearer: assertion iss/sub/aud from the config, exp = iat + 180, additional claims, jwt_headers; form of two fields', async () => {
    clock = T0;
    tokens.setExpiresIn(3600);
    const before = tokens.tokenRequests.length;
    expect(await call('bearer')).toBe(200);
    const request = tokens.tokenRequests.at(-1)!;
    const iat = Math.floor(clock / 1000);
    expect(request.assertionClaims).toEqual({ scope: 'api refresh_token', iss: 'svc@conduit', sub: 'integration-user', aud: tokens.tokenUrl, iat, exp: iat + 180 });
    expect(Object.keys(request.form)).toEqual(['grant_type', 'assertion']);
    expect(request.form['grant_type']).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(decodeProtectedHeader(request.form['assertion']!)).toEqual({ alg: 'RS256', kid: 'key-2026', typ: 'JWT' });
    // token_ttl 300 is shorter than the reply's 3600: reused until 300 − 60 s.
    clock += 239_000;
    expect(await call('bearer')).toBe(200);
    expect(tokens.tokenRequests.length - before).toBe(1);
    clock += 1_000;
    expect(await call('bearer')).toBe(200);
    expect(tokens.tokenRequests.length - before).toBe(2);
  });

  it("oauth_jwt_bearer: the reply's shorter expires_in wins over token_ttl", async () => {
    clock = T0 + 1_000_000; // past the token of the previous test
    tokens.setExpiresIn(90);
    const before = tokens.tokenRequests.length;
    expect(await call('bearer')).toBe(200);
    clock += 29_000;
    expect(await call('bearer')).toBe(200);
    expect(tokens.tokenRequests.length - before).toBe(1);
    clock += 1_000;
    expect(await call('bearer')).toBe(200);
    expect(tokens.tokenRequests.length - before).toBe(2);
  });

  it('jwt: claims exactly as configured, numeric-string exp/iat/nbf as integers, jwt_headers merged, Authorization: Bearer', async () => {
    clock = T0;
    const res = await runtime.call('/api/connectors/signed');
    const echoed = (await res.json()) as { headers: Record<string, string> };
    const match = /^Bearer (.+)$/.exec(echoed.headers['authorization']!)!;
    const iat = Math.floor(T0 / 1000);
    expect(payloadOf(match[1]!)).toEqual({ iss: 'conduit', iat, exp: iat + 60, nbf: 1767268800, ref: '0042' });
    expect(decodeProtectedHeader(match[1]!)).toEqual({ alg: 'HS256', kid: 'hmac-1', typ: 'JWT' });
  });

  describe('config names (v2)', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-auth-v2-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('accepts `apikey` forever as `api_key`, with a warning and never an error; jwt defaults algorithm to RS256', async () => {
      await writeFile(
        path.join(dir, 'registry.yaml'),
        [
          'connectors:',
          '  - name: Old Spelling',
          '    url: https://api.example.com/a',
          '    authentication:',
          '      type: apikey',
          '      config: { key: X-Key, value: "{{ get_secret(\'k\') }}", in: header }',
          '  - name: Signed',
          '    url: https://api.example.com/b',
          '    authentication:',
          '      type: jwt',
          '      config:',
          '        private_key: "{{ get_secret(\'pem\') }}"',
          '        claims: { sub: "{{ user.id }}", exp: "{{ now(60) }}" }',
          '        jwt_headers: { kid: k1 }',
          '  - name: Bearer',
          '    url: https://api.example.com/c',
          '    authentication:',
          '      type: oauth_jwt_bearer',
          '      config:',
          '        client_id: svc',
          '        private_key: "{{ get_secret(\'pem\') }}"',
          '        token_url: https://login.example.com/token',
          '        subject: integration',
          '        audience: https://login.example.com',
          '',
        ].join('\n'),
      );
      const result = await checkRegistry(dir);
      expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.col])).toEqual([['auth-apikey-alias', 'warning', 5, 13]]);
      const auths = result.registry!.connectors.map((c) => c.steps[0]!.authentication);
      expect(auths.map((a) => a.type).sort()).toEqual(['api_key', 'jwt', 'oauth_jwt_bearer']);
      const bearer = auths.find((a) => a.type === 'oauth_jwt_bearer');
      expect(bearer).toMatchObject({ tokenTtl: 3600, algorithm: null });
    });

    it('refuses the v1 names with "did you mean"', async () => {
      await writeFile(
        path.join(dir, 'registry.yaml'),
        ['connectors:', '  - name: V1', '    url: https://api.example.com/a', '    authentication:', '      type: jwt', '      config: { key: secret, algorithm: HS256, claims: {}, expires_in: 60 }', ''].join('\n'),
      );
      const result = await checkRegistry(dir);
      const codes = result.diagnostics.map((d) => d.code);
      expect(codes).toContain('schema-missing-field');
      expect(result.diagnostics.some((d) => d.message.includes("'key'"))).toBe(true);
      expect(result.registry).toBeNull();
    });
  });
});
