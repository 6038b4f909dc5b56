import { afterAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../runtime/auth/authenticator.js';
import { TemplateRenderError } from '../../../runtime/template/types.js';
import { createFileSecretStore } from '../../../runtime/secrets/file-store.js';
import { SECRET_CANARIES } from '../../support/secret-canaries/index.js';
import { createTestAuthContext } from './helpers/auth-context.js';
import { createLocalUpstreamClient } from './helpers/local-upstream-client.js';
import { failingTemplate, secretTemplate, tenantTemplate } from './helpers/templates.js';

const secrets = createFileSecretStore({
  defaults: new Map([['API_KEY', SECRET_CANARIES.apiKey]]),
  tenants: new Map([['acme', new Map([['API_KEY', SECRET_CANARIES.tenantSecret]])]]),
});

describe('none and apikey', () => {
  const http = createLocalUpstreamClient();
  const auth = createAuthenticator();
  const ctx = (tenantId: string | null = null) => createTestAuthContext({ http, secrets, tenantId });
  afterAll(() => http.close());

  it('none adds nothing', async () => {
    expect(await auth.apply({ type: 'none' }, ctx())).toEqual({ headers: [], query: [] });
  });

  it('apikey in a header renders key and value (the tenant value wins)', async () => {
    const config = { type: 'api_key', key: 'X-Api-Key', value: secretTemplate('API_KEY'), in: 'header' } as const;
    expect(await auth.apply(config, ctx())).toEqual({ headers: [['X-Api-Key', SECRET_CANARIES.apiKey]], query: [] });
    expect(await auth.apply(config, ctx('acme'))).toEqual({ headers: [['X-Api-Key', SECRET_CANARIES.tenantSecret]], query: [] });
  });

  it('apikey in the query renders a query pair', async () => {
    const applied = await auth.apply({ type: 'api_key', key: tenantTemplate('key_'), value: secretTemplate('API_KEY'), in: 'query' }, ctx('acme'));
    expect(applied).toEqual({ headers: [], query: [['key_acme', SECRET_CANARIES.tenantSecret]] });
  });

  it('apikey rejects an empty key, a header name that is not a token, and a value with a line break', async () => {
    await expect(auth.apply({ type: 'api_key', key: '', value: 'v', in: 'query' }, ctx())).rejects.toMatchObject({ code: 'empty-auth-key' });
    await expect(auth.apply({ type: 'api_key', key: 'X Key', value: 'v', in: 'header' }, ctx())).rejects.toMatchObject({ code: 'invalid-header-name' });
    await expect(auth.apply({ type: 'api_key', key: 'X-Key', value: 'v\nX-Other: 1', in: 'header' }, ctx())).rejects.toMatchObject({
      code: 'invalid-header-value',
    });
  });

  it('apikey passes template rendering errors through', async () => {
    await expect(auth.apply({ type: 'api_key', key: 'X-Key', value: failingTemplate(), in: 'header' }, ctx())).rejects.toBeInstanceOf(TemplateRenderError);
  });
});
