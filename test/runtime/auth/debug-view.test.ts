import { describe, expect, it } from 'vitest';
import { describeAuthentication } from '../../../runtime/auth/debug-view.js';
import type { CompiledAuth, TemplateValue } from '../../../runtime/connector.js';
import { createFileSecretStore } from '../../../runtime/secrets/file-store.js';
import { assertNoSecretLeaks, SECRET_CANARIES } from '../../support/secret-canaries/index.js';
import { createTestAuthContext } from './helpers/auth-context.js';
import { createLocalUpstreamClient } from './helpers/local-upstream-client.js';
import { failingTemplate, secretTemplate, tenantTemplate } from './helpers/templates.js';

const secrets = createFileSecretStore({
  defaults: new Map([
    ['CLIENT_SECRET', SECRET_CANARIES.clientSecret],
    ['API_KEY', SECRET_CANARIES.apiKey],
    ['HMAC', SECRET_CANARIES.hmacKey],
    ['CLIENT_ID', SECRET_CANARIES.envSecret],
  ]),
  tenants: new Map(),
});
const ctx = createTestAuthContext({ http: createLocalUpstreamClient(), secrets, tenantId: 'acme' });
const render = (v: TemplateValue) => ctx.render(v);

describe('describeAuthentication (X-Debug-Request)', () => {
  it('shows templates instead of secrets and rendered values otherwise', () => {
    const auth: CompiledAuth = {
      type: 'oauth_client_credentials',
      tokenUrl: tenantTemplate('https://', '.idp.example/token'),
      clientId: secretTemplate('CLIENT_ID'),
      clientSecret: secretTemplate('CLIENT_SECRET'),
      scope: 'read',
      audience: null,
      clientAuth: 'basic',
    };
    const view = describeAuthentication(auth, render);
    expect(view).toEqual({
      type: 'oauth_client_credentials',
      token_url: 'https://acme.idp.example/token',
      client_id: "{{ get_secret('CLIENT_ID') }}",
      client_secret: '**********',
      scope: 'read',
      audience: null,
      client_auth: 'basic',
    });
  });

  it('never shows credential fields, even when written literally, nor tokens or JWTs', () => {
    const views = [
      describeAuthentication({ type: 'api_key', key: 'X-Key', value: SECRET_CANARIES.apiKey, in: 'header' }, render),
      describeAuthentication({ type: 'api_key', key: 'X-Key', value: secretTemplate('API_KEY'), in: 'query' }, render),
      describeAuthentication(
        {
          type: 'jwt',
          privateKey: SECRET_CANARIES.hmacKey,
          algorithm: 'HS256',
          claims: { kind: 'object', entries: [['sub', { kind: 'template', value: tenantTemplate('t-') }], ['k', { kind: 'template', value: secretTemplate('HMAC') }]] },
          jwtHeaders: { kind: 'object', entries: [['kid', { kind: 'template', value: tenantTemplate('kid-') }]] },
        },
        render,
      ),
      describeAuthentication(
        {
          type: 'oauth_jwt_bearer',
          clientId: 'svc',
          privateKey: secretTemplate('HMAC'),
          tokenUrl: 'https://idp.example/token',
          subject: tenantTemplate('user-'),
          audience: 'https://idp.example',
          tokenTtl: 3600,
          algorithm: 'HS256',
          additionalClaims: { kind: 'object', entries: [['n', { kind: 'literal', value: 1 }], ['a', { kind: 'array', items: [] }]] },
          jwtHeaders: { kind: 'object', entries: [] },
        },
        render,
      ),
      describeAuthentication({ type: 'none' }, render),
    ];
    // Credential fields are always ten asterisks, written literally or from get_secret (SPEC §5).
    expect(views[0]).toEqual({ type: 'api_key', key: 'X-Key', value: '**********', in: 'header' });
    expect(views[1]).toEqual({ type: 'api_key', key: 'X-Key', value: '**********', in: 'query' });
    expect(views[2]).toEqual({ type: 'jwt', private_key: '**********', algorithm: 'HS256', claims: '**********', jwt_headers: { kid: 'kid-acme' } });
    expect(views[3]).toEqual({
      type: 'oauth_jwt_bearer',
      client_id: 'svc',
      private_key: '**********',
      token_url: 'https://idp.example/token',
      subject: 'user-acme',
      audience: 'https://idp.example',
      token_ttl: 3600,
      algorithm: 'HS256',
      additional_claims: '**********',
      jwt_headers: {},
    });
    expect(views[4]).toEqual({ type: 'none' });
    assertNoSecretLeaks(views.map((v) => ({ source: 'X-Debug-Request', text: JSON.stringify(v) })));
  });

  it('shows the template text of a value that fails to render', () => {
    const view = describeAuthentication({ type: 'api_key', key: failingTemplate(), value: 'x', in: 'query' }, render);
    expect(view['key']).toBe('{{ user.missing.attr }}');
  });
});
