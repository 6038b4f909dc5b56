// checkRegistry builds the RegistryIR of compiler/analyse/ir.ts with the defaults of SPEC §1/§4, and
// only when nothing is an error.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistry } from '../../../compiler/check.js';
import type { ConnectorIR, RegistryIR, TemplateIR } from '../../../compiler/analyse/ir.js';

let dir: string;
const REGISTRY = `
composite_connectors:
  - name: Zeta Chain
    id: 9
    steps:
      - name: auth
        method: POST
        url: https://auth.example.com/token
        authentication:
          type: oauth_client_credentials
          config:
            token_url: https://auth.example.com/token
            client_id: "{{ get_secret('cid') }}"
            client_secret: "{{ get_secret('csecret') }}"
      - name: fetch-user
        url: "https://{{ get_variable('host') }}/users/{{ user.id }}"
        headers:
          - key: Authorization
            value: "Bearer {{ steps.auth.body | from_json | attr('access_token') }}"
          - key: X-User
            value: "{{ user.id }}"
        response_body: "{{ response.body }}"
        response_content_type: application/json
connectors:
  - name: Alpha Items
    url: https://api.example.com/items/{{ pathParams.item_id }}
    method: PUT
    path_parameters:
      - key: item_id
    headers:
      - key: X-Trace
        value: fixed
        overridable: true
    query_parameters:
      - key: page
        value: "1"
    request_body: "{{ body_text }}"
    response_body: ""
    response_content_type: ""
    authentication:
      type: jwt
      config:
        private_key: "{{ get_secret('jwt_key') }}"
        algorithm: HS256
        claims: { sub: "{{ user.id }}", level: 2, admin: false, none: null, roles: [reader, "{{ tenant_id }}"], org: { id: acme }, exp: "{{ now(300) }}" }
  - name: Beta Key
    permalink: beta
    url: https://api.example.com/beta
    method: GET
    authentication:
      type: api_key
      config: { key: X-API-Key, value: "{{ get_secret('k') }}", in: query }
  - name: Gamma Bearer
    url: https://api.example.com/gamma
    method: DELETE
    authentication:
      type: oauth_jwt_bearer
      config:
        token_url: https://auth.example.com/token
        client_id: conduit
        private_key: "{{ get_secret('pem') }}"
        subject: svc
        audience: https://auth.example.com
        algorithm: "{{ get_variable('alg') }}"
        token_ttl: 60
        additional_claims: { scope: write }
  - name: Delta None
    url: https://api.example.com/delta
    method: HEAD
    authentication: { type: none }
`;

let registry: RegistryIR;
const byPermalink = (permalink: string): ConnectorIR => registry.connectors.find((c) => c.permalink === permalink)!;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-ir-'));
  await writeFile(path.join(dir, 'registry.yaml'), REGISTRY);
  const result = await checkRegistry(dir);
  expect(result.diagnostics).toEqual([]);
  expect(result.registry).not.toBeNull();
  registry = result.registry!;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const source = (t: TemplateIR | null) => t?.source ?? null;

describe('RegistryIR', () => {
  it('lists connectors sorted by permalink, with derived permalinks, ids and their file', () => {
    expect(registry.connectors.map((c) => [c.permalink, c.kind, c.id])).toEqual([
      ['alpha-items', 'regular', null],
      ['beta', 'regular', null],
      ['delta-none', 'regular', null],
      ['gamma-bearer', 'regular', null],
      ['zeta-chain', 'composite', 9],
    ]);
    expect(registry.connectors.every((c) => path.basename(c.file) === 'registry.yaml')).toBe(true);
  });

  it('a regular connector is one step named after its permalink, with its own method', () => {
    const alpha = byPermalink('alpha-items');
    expect(alpha.method).toBe('PUT');
    expect(alpha.steps).toHaveLength(1);
    const step = alpha.steps[0]!;
    expect([step.name, step.index, step.method]).toEqual(['alpha-items', 0, 'PUT']);
    expect(step.url.literalOrigin).toBe('https://api.example.com');
    expect(step.url.template.pathParams).toEqual(['item_id']);
    expect(step.headers.map((h) => [h.key, source(h.value), h.overridable])).toEqual([['X-Trace', 'fixed', true]]);
    expect(step.queryParameters.map((q) => [q.key, source(q.value), q.overridable])).toEqual([['page', '1', false]]);
    expect(source(step.requestBody)).toBe('{{ body_text }}');
    expect(step.responseBody).toBeNull(); // '' means not configured
    expect(step.responseContentType).toBeNull();
  });

  it('a composite connector is called with POST; its steps default to GET and keep their order', () => {
    const chain = byPermalink('zeta-chain');
    expect(chain.method).toBe('POST');
    expect(chain.steps.map((s) => [s.name, s.index, s.method])).toEqual([
      ['auth', 0, 'POST'],
      ['fetch-user', 1, 'GET'],
    ]);
    const fetch = chain.steps[1]!;
    expect(fetch.url.literalOrigin).toBeNull(); // templated host
    expect(fetch.headers[0]!.value.stepRefs).toEqual(['auth']);
    expect(fetch.responseContentType).toBe('application/json');
    expect(source(fetch.responseBody)).toBe('{{ response.body }}');
    expect(fetch.authentication).toEqual({ type: 'none' });
  });

  it('templates carry their slot and the position of their value', () => {
    const auth = byPermalink('zeta-chain').steps[0]!.authentication;
    if (auth.type !== 'oauth_client_credentials') throw new Error(auth.type);
    expect(auth.clientId.slot).toBe('hdr');
    expect(auth.clientId.secretNames).toEqual(['cid']);
    expect(auth.clientId.location).toMatchObject({ line: 13, col: 24 });
    expect(byPermalink('alpha-items').steps[0]!.url.template.slot).toBe('url');
    expect(byPermalink('alpha-items').steps[0]!.requestBody!.slot).toBe('body');
    expect(byPermalink('zeta-chain').steps[1]!.responseBody!.slot).toBe('resp');
  });

  it('authentication gets the SPEC defaults', () => {
    expect(byPermalink('zeta-chain').steps[0]!.authentication).toMatchObject({ type: 'oauth_client_credentials', scope: null, audience: null, clientAuth: 'body' });
    expect(byPermalink('beta').steps[0]!.authentication).toMatchObject({ type: 'api_key', in: 'query' });
    expect(byPermalink('delta-none').steps[0]!.authentication).toEqual({ type: 'none' });
    const bearer = byPermalink('gamma-bearer').steps[0]!.authentication;
    expect(bearer).toMatchObject({ type: 'oauth_jwt_bearer', tokenTtl: 60 });
    if (bearer.type !== 'oauth_jwt_bearer') throw new Error(bearer.type);
    expect(source(bearer.subject)).toBe('svc');
    expect(bearer.algorithm!.variableNames).toEqual(['alg']);
  });

  it('JWT claims become JSON IR: strings are templates, other values literals', () => {
    const jwt = byPermalink('alpha-items').steps[0]!.authentication;
    if (jwt.type !== 'jwt') throw new Error(jwt.type);
    expect(jwt.jwtHeaders).toEqual({ kind: 'object', entries: [] });
    expect(source(jwt.privateKey)).toBe("{{ get_secret('jwt_key') }}");
    const claims = Object.fromEntries(jwt.claims.entries);
    expect(claims['sub']).toMatchObject({ kind: 'template', value: { source: '{{ user.id }}', readsUser: true } });
    expect(claims['level']).toEqual({ kind: 'literal', value: 2 });
    expect(claims['admin']).toEqual({ kind: 'literal', value: false });
    expect(claims['none']).toEqual({ kind: 'literal', value: null });
    expect(claims['roles']).toMatchObject({ kind: 'array', items: [{ kind: 'template', value: { source: 'reader' } }, { kind: 'template', value: { source: '{{ tenant_id }}' } }] });
    expect(claims['org']).toMatchObject({ kind: 'object', entries: [['id', { kind: 'template', value: { source: 'acme' } }]] });
  });

  it('records every get_secret() call with its position', async () => {
    const result = await checkRegistry(dir);
    expect(result.secretUses.map((u) => u.name).sort()).toEqual(['cid', 'csecret', 'jwt_key', 'k', 'pem']);
    expect(result.secretUses.find((u) => u.name === 'cid')).toMatchObject({ line: 13, col: 28 });
  });
});

describe('no IR with errors', () => {
  it('is null when any diagnostic is an error, but warnings alone keep it', async () => {
    const broken = await mkdtemp(path.join(os.tmpdir(), 'conduit-ir-'));
    try {
      await writeFile(path.join(broken, 'a.yaml'), 'connectors:\n  - name: A\n    url: http://api.example.com\n    method: GET\n');
      const withError = await checkRegistry(broken);
      expect(withError.registry).toBeNull();
      expect(withError.connectorCount).toBe(1);

      await writeFile(
        path.join(broken, 'a.yaml'),
        'connectors:\n  - name: A\n    url: https://api.example.com\n    method: GET\n    headers:\n      - { key: X-Email, value: "{{ user.email }}", overridable: true }\n',
      );
      const withWarning = await checkRegistry(broken);
      expect(withWarning.diagnostics.map((d) => d.code)).toEqual(['overridable-identity']);
      expect(withWarning.registry?.connectors).toHaveLength(1);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
