// Authentication through the whole runtime: the HTTP server, the executor and the real token
// server. Proves single-flight across 50 concurrent connector executions, the 401
// evict-and-retry-once path, the SPEC §5 scopes of token endpoint and JWT signing failures, and
// that no secret reaches a log line, an error body or X-Debug-Request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../runtime/auth/authenticator.js';
import type { CompiledAuth, CompiledConnector, CompiledRegistry, CompiledStep } from '../../../runtime/connector.js';
import { EMPTY_VARIABLE_STORE } from '../../../runtime/executor/template-env.js';
import { createRuntimeLogger } from '../../../runtime/observability/logger.js';
import { RuntimeMetrics } from '../../../runtime/observability/metrics.js';
import { createFileSecretStore } from '../../../runtime/secrets/file-store.js';
import { createRedactor } from '../../../runtime/secrets/redactor.js';
import { listen, type HttpServerHandle } from '../../../runtime/server/http-server.js';
import { createServerRuntime } from '../../../runtime/server/server-runtime.js';
import { privateKeyPem, publicKeyPem } from '../../fixtures/keys/test-keys.js';
import { startOAuthTokenServer, type OAuthTokenServer } from '../../support/oauth-server/oauth-token-server.js';
import { ALL_CANARY_VALUES, createLeakRecorder, pemCanaries, SECRET_CANARIES } from '../../support/secret-canaries/index.js';
import { createLocalUpstreamClient } from './helpers/local-upstream-client.js';
import { secretTemplate } from './helpers/templates.js';

const rsaPem = privateKeyPem('rsa');
const secrets = createFileSecretStore({
  defaults: new Map([
    ['CLIENT_SECRET', SECRET_CANARIES.clientSecret],
    ['RSA_KEY', rsaPem],
    ['BROKEN_KEY', `-----BEGIN PRIVATE KEY-----\n${Buffer.from(SECRET_CANARIES.hmacKey).toString('base64')}\n-----END PRIVATE KEY-----`],
  ]),
  tenants: new Map(),
});

function step(name: string, url: string, authentication: CompiledAuth): CompiledStep {
  return {
    name,
    index: 0,
    method: 'GET',
    url: { kind: 'static', href: url, origin: new URL(url).origin },
    headers: [],
    queryParameters: [],
    authentication,
    requestBody: '',
    responseBody: null,
    responseContentType: null,
    cacheable: false,
  };
}

function connector(kind: 'regular' | 'composite', permalink: string, s: CompiledStep): CompiledConnector {
  return { kind, name: permalink, permalink, id: null, method: kind === 'composite' ? 'POST' : 'GET', steps: [s], pathParams: [], readsRequestBody: false };
}

describe('authentication through the runtime server', () => {
  let tokens: OAuthTokenServer;
  let server: HttpServerHandle;
  const http = createLocalUpstreamClient();
  const recorder = createLeakRecorder();
  const secretValues = [...ALL_CANARY_VALUES, ...pemCanaries([rsaPem])];

  const clientCredentials = (scope: string): CompiledAuth => ({
    type: 'oauth_client_credentials',
    tokenUrl: tokens.tokenUrl,
    clientId: 'widget-app',
    clientSecret: secretTemplate('CLIENT_SECRET'),
    scope,
    audience: null,
    clientAuth: 'basic',
  });

  async function call(path: string, method = 'POST'): Promise<{ status: number; body: string; debug: string | null }> {
    const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
    const body = await res.text();
    const debug = res.headers.get('x-debug-request');
    recorder.record('response body', body);
    if (debug !== null) recorder.record('X-Debug-Request', debug);
    return { status: res.status, body, debug };
  }

  beforeAll(async () => {
    tokens = await startOAuthTokenServer({
      clients: { 'widget-app': SECRET_CANARIES.clientSecret },
      assertionKeys: [{ algorithm: 'RS256', key: publicKeyPem('rsa') }],
      expiresIn: 3600,
    });
    const registry: CompiledRegistry = {
      connectors: [
        connector('composite', 'cc-resource', step('fetch', tokens.resourceUrl, clientCredentials('read'))),
        connector('composite', 'cc-outage', step('fetch', tokens.resourceUrl, clientCredentials('outage'))),
        connector('regular', 'jwt-bad-key', step('jwt-bad-key', tokens.resourceUrl, {
          type: 'jwt',
          privateKey: secretTemplate('BROKEN_KEY'),
          algorithm: 'RS256',
          claims: { kind: 'object', entries: [['iss', { kind: 'template', value: 'conduit' }]] },
          jwtHeaders: { kind: 'object', entries: [] },
        })),
        connector('composite', 'jwt-bearer', step('exchange', tokens.resourceUrl, {
          type: 'oauth_jwt_bearer',
          clientId: 'svc',
          privateKey: secretTemplate('RSA_KEY'),
          tokenUrl: tokens.tokenUrl,
          subject: 'svc',
          audience: tokens.tokenUrl,
          tokenTtl: 3600,
          algorithm: 'RS256',
          additionalClaims: { kind: 'object', entries: [] },
          jwtHeaders: { kind: 'object', entries: [] },
        })),
      ],
      secretNames: ['CLIENT_SECRET', 'RSA_KEY', 'BROKEN_KEY'],
    };
    const redact = createRedactor(secrets.allValues());
    const { logger } = createRuntimeLogger({ level: 'debug', destination: recorder.logStream('log'), redact });
    const rt = createServerRuntime(
      registry,
      { allowedOrigins: [], requireUser: false, debug: true, maxBodyBytes: 1 << 20, maxHeaderValueBytes: 8192 },
      {
        http,
        authenticator: createAuthenticator(),
        secrets,
        variables: EMPTY_VARIABLE_STORE,
        userVerifier: null,
        logger,
        metrics: new RuntimeMetrics({ processMetrics: false }),
        redact,
        now: () => new Date(),
      },
    );
    server = await listen(rt, { host: '127.0.0.1', port: 0, shutdownTimeoutMs: 1000 });
  });

  afterAll(async () => {
    await server.close();
    await tokens.close();
    await http.close();
  });

  it('50 concurrent executions share one token fetch', async () => {
    tokens.setTokenDelayMs(100);
    try {
      const results = await Promise.all(Array.from({ length: 50 }, () => call('/api/connectors/composite/cc-resource')));
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(tokens.tokenRequests.filter((r) => r.form['scope'] === 'read')).toHaveLength(1);
      expect(new Set(tokens.resourceAuthorizations).size).toBe(1);
    } finally {
      tokens.setTokenDelayMs(0);
    }
  });

  it('an upstream 401 on a cached token evicts it and retries the step once with a fresh token', async () => {
    const before = { tokens: tokens.tokenRequests.length, resource: tokens.resourceAuthorizations.length };
    tokens.revokeAll();
    const result = await call('/api/connectors/composite/cc-resource');
    expect(result.status).toBe(200);
    expect(tokens.tokenRequests.length).toBe(before.tokens + 1);
    const [rejected, retried] = tokens.resourceAuthorizations.slice(before.resource);
    expect(tokens.resourceAuthorizations.length).toBe(before.resource + 2);
    expect(rejected).not.toBe(retried);
    expect(retried).toBe(`Bearer ${tokens.issuedTokens.at(-1)}`);
  });

  it('retries only once: a second 401 is the step HTTP error', async () => {
    tokens.setResourceMode('reject-all');
    try {
      const before = { tokens: tokens.tokenRequests.length, resource: tokens.resourceAuthorizations.length };
      const result = await call('/api/connectors/composite/cc-resource');
      expect(result.status).toBe(502);
      expect(JSON.parse(result.body)).toEqual({
        success: false,
        errors: {
          scope: "Composite step 'fetch' (index 0): Downstream (HTTP error)",
          message: 'The upstream service answered HTTP 401',
          detail: { step: 'fetch', index: 0, upstream_status: 401 },
        },
        request_id: expect.any(String),
      });
      expect(tokens.resourceAuthorizations.length).toBe(before.resource + 2);
      expect(tokens.tokenRequests.length).toBe(before.tokens + 1);
    } finally {
      tokens.setResourceMode('check');
    }
  });

  it('a token endpoint outage answers 502 with the token-request scope and no upstream body', async () => {
    tokens.setMode('server-error');
    try {
      const result = await call('/api/connectors/composite/cc-outage');
      expect(result.status).toBe(502);
      expect(JSON.parse(result.body).errors.scope).toBe("Composite step 'fetch' (index 0): Authentication (token request)");
      expect(result.body).not.toContain('token-server-internal-detail');
    } finally {
      tokens.setMode('ok');
    }
  });

  it('a malformed PEM answers 422 with the JWT signing scope (regular connector: no step prefix)', async () => {
    const before = tokens.resourceAuthorizations.length;
    const result = await call('/api/connectors/jwt-bad-key', 'GET');
    expect(result.status).toBe(422);
    expect(JSON.parse(result.body).errors.scope).toBe('Authentication (JWT signing)');
    expect(tokens.resourceAuthorizations.length).toBe(before);
  });

  it('exchanges a jwt-bearer assertion and shows the key only as its template in X-Debug-Request', async () => {
    const result = await call('/api/connectors/composite/jwt-bearer');
    expect(result.status).toBe(200);
    const debug = JSON.parse(result.debug!) as { authentication: Record<string, unknown> }[];
    expect(debug[0]!.authentication).toMatchObject({ type: 'oauth_jwt_bearer', private_key: '**********', client_id: 'svc', subject: 'svc' });
  });

  it('no secret value appears in any log line, error body or debug header of this run', () => {
    expect(recorder.captured.filter((c) => c.source === 'log').length).toBeGreaterThanOrEqual(50);
    expect(recorder.captured.filter((c) => c.source === 'X-Debug-Request').length).toBeGreaterThanOrEqual(50);
    recorder.assertClean(secretValues);
  });
});
