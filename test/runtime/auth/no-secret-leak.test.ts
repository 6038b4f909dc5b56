// Runs every authentication path (successes and failures) the way the server would, capturing
// every log line (pino through the redactor), every error envelope and every X-Debug-Request
// authentication view, and fails if any known secret value appears in any of them.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../runtime/auth/authenticator.js';
import { describeAuthentication } from '../../../runtime/auth/debug-view.js';
import { AuthError, type AuthContext } from '../../../runtime/auth/types.js';
import type { CompiledAuth, CompiledJson } from '../../../runtime/connector.js';
import { createEnvSecretStore } from '../../../runtime/secrets/env-store.js';
import { createFileSecretStore } from '../../../runtime/secrets/file-store.js';
import { layerSecretStores } from '../../../runtime/secrets/layered-store.js';
import { createMissingSecretReporter } from '../../../runtime/secrets/missing-secret-reporter.js';
import { createRedactor } from '../../../runtime/secrets/redactor.js';
import { TemplateRenderError } from '../../../runtime/template/types.js';
import { privateKeyPem, publicKeyPem } from '../../fixtures/keys/test-keys.js';
import { startOAuthTokenServer, type OAuthTokenServer } from '../../support/oauth-server/oauth-token-server.js';
import { ALL_CANARY_VALUES, createLeakRecorder, findSecretLeaks, pemCanaries, SECRET_CANARIES } from '../../support/secret-canaries/index.js';
import { createTestAuthContext } from './helpers/auth-context.js';
import { createLocalUpstreamClient } from './helpers/local-upstream-client.js';
import { secretTemplate, tenantTemplate } from './helpers/templates.js';

const rsaPem = privateKeyPem('rsa');
const secretValues = [...ALL_CANARY_VALUES, ...pemCanaries([rsaPem])];

const secrets = layerSecretStores([
  createFileSecretStore({
    defaults: new Map([
      ['CLIENT_SECRET', SECRET_CANARIES.clientSecret],
      ['API_KEY', SECRET_CANARIES.apiKey],
      ['HMAC', SECRET_CANARIES.hmacKey],
      ['RSA_KEY', rsaPem],
      ['SPECIAL', SECRET_CANARIES.specialChars],
    ]),
    tenants: new Map([['acme', new Map([['CLIENT_SECRET', SECRET_CANARIES.tenantSecret]])]]),
  }),
  createEnvSecretStore({ CONDUIT_SECRET_ENV_ONLY: SECRET_CANARIES.envSecret }),
]);

const obj = (entries: Record<string, CompiledJson>): CompiledJson & { kind: 'object' } => ({ kind: 'object', entries: Object.entries(entries) });

/** What the server would write for a failed step (SPEC §5): scope and message only. */
function errorEnvelope(err: unknown): string {
  if (err instanceof AuthError) {
    const scope = err.kind === 'signing' ? 'Authentication (JWT signing)' : 'Authentication (token request)';
    return JSON.stringify({ errors: { scope, message: err.message } });
  }
  if (err instanceof TemplateRenderError) return JSON.stringify({ errors: { scope: 'Configuration (template rendering)', message: err.message } });
  return JSON.stringify({ errors: { scope: 'Unexpected error', message: 'Unexpected error' } });
}

describe('no secret value leaks from authentication', () => {
  let server: OAuthTokenServer;
  const http = createLocalUpstreamClient();
  const recorder = createLeakRecorder();
  const redact = createRedactor(secrets.allValues());
  const logger = pino({ level: 'debug', hooks: { streamWrite: redact } }, recorder.logStream('log'));
  const reportMissing = createMissingSecretReporter(logger);
  const wire: string[] = [];

  beforeAll(async () => {
    server = await startOAuthTokenServer({
      clients: { app: SECRET_CANARIES.clientSecret, 'acme-app': SECRET_CANARIES.tenantSecret, special: SECRET_CANARIES.specialChars },
      assertionKeys: [{ algorithm: 'RS256', key: publicKeyPem('rsa') }],
    });
  });
  afterAll(async () => {
    await server.close();
    await http.close();
  });

  it('keeps secrets out of log lines, error bodies and debug views on every path', async () => {
    const auth = createAuthenticator();
    const configs: [string, CompiledAuth][] = [
      ['none', { type: 'none' }],
      ['apikey header', { type: 'api_key', key: 'X-Api-Key', value: secretTemplate('API_KEY'), in: 'header' }],
      ['apikey query', { type: 'api_key', key: 'api_key', value: secretTemplate('ENV_ONLY'), in: 'query' }],
      ['apikey literal', { type: 'api_key', key: 'X-Key', value: SECRET_CANARIES.apiKey, in: 'header' }],
      ['client credentials body', { type: 'oauth_client_credentials', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: secretTemplate('CLIENT_SECRET'), scope: 'read', audience: null, clientAuth: 'body' }],
      ['client credentials basic', { type: 'oauth_client_credentials', tokenUrl: server.tokenUrl, clientId: 'special', clientSecret: secretTemplate('SPECIAL'), scope: null, audience: null, clientAuth: 'basic' }],
      ['client credentials wrong secret', { type: 'oauth_client_credentials', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: secretTemplate('API_KEY'), scope: null, audience: null, clientAuth: 'basic' }],
      ['client credentials unreachable', { type: 'oauth_client_credentials', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'app', clientSecret: secretTemplate('CLIENT_SECRET'), scope: null, audience: null, clientAuth: 'body' }],
      ['jwt hmac', { type: 'jwt', privateKey: secretTemplate('HMAC'), algorithm: 'HS256', claims: obj({ sub: { kind: 'template', value: tenantTemplate('t-') } }), jwtHeaders: obj({}) }],
      ['jwt wrong key type', { type: 'jwt', privateKey: secretTemplate('RSA_KEY'), algorithm: 'ES256', claims: obj({}), jwtHeaders: obj({}) }],
      ['jwt secret as pem', { type: 'jwt', privateKey: secretTemplate('HMAC'), algorithm: 'RS256', claims: obj({}), jwtHeaders: obj({}) }],
      ['jwt bearer', { type: 'oauth_jwt_bearer', clientId: 'svc', privateKey: secretTemplate('RSA_KEY'), tokenUrl: server.tokenUrl, subject: 'svc', audience: server.tokenUrl, tokenTtl: 3600, algorithm: 'RS256', additionalClaims: obj({}), jwtHeaders: obj({}) }],
      ['missing secret', { type: 'api_key', key: 'X-Key', value: secretTemplate('NOT_CONFIGURED'), in: 'header' }],
    ];

    for (const tenantId of [null, 'acme']) {
      const ctx: AuthContext = createTestAuthContext({ http, secrets, tenantId, onMissingSecret: (name) => reportMissing(name, tenantId) });
      for (const [label, config] of configs) {
        recorder.record('X-Debug-Request', JSON.stringify({ authentication: describeAuthentication(config, ctx.render) }));
        try {
          const applied = await auth.apply(config, ctx);
          wire.push(JSON.stringify(applied.headers), JSON.stringify(applied.query));
          // A careless log line with the outgoing request: the redactor must scrub it.
          logger.info({ connector: label, tenant: tenantId, headers: applied.headers, query: applied.query }, 'upstream request');
          logger.debug({ authorization: applied.headers.find(([n]) => n === 'Authorization')?.[1] }, 'auth header');
        } catch (err) {
          recorder.record('error body', errorEnvelope(err));
          logger.warn({ connector: label, err }, 'step failed');
        }
      }
    }
    server.setMode('server-error');
    try {
      await auth.apply(configs[4]![1], createTestAuthContext({ http, secrets, tenantId: 'other' }));
    } catch (err) {
      recorder.record('error body', errorEnvelope(err));
      logger.error({ err }, 'token endpoint outage');
    } finally {
      server.setMode('ok');
    }

    // The canaries really went over the wire: the scan would see them if they reached a log.
    expect(findSecretLeaks(wire, secretValues).length).toBeGreaterThan(0);
    expect(recorder.captured.filter((c) => c.source === 'log').length).toBeGreaterThan(20);
    expect(recorder.captured.some((c) => c.source === 'error body' && c.text.includes('Authentication (JWT signing)'))).toBe(true);
    expect(recorder.captured.some((c) => c.source === 'error body' && c.text.includes('Authentication (token request)'))).toBe(true);
    expect(recorder.captured.some((c) => c.source === 'log' && c.text.includes('NOT_CONFIGURED'))).toBe(true);
    recorder.assertClean(secretValues);
  });
});
