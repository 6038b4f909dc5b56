// What the build decides so the runtime does not: literal URLs parsed, templates without
// expressions as plain strings, lower-cased header names, SPEC defaults written out, cache
// eligibility, path parameters and whether the caller's body is read. Checked on the objects the
// generated modules export.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledConnector, CompiledRegistry, CompiledStep, TemplateValue } from '../../../runtime/connector.js';
import { buildOrThrow, importRegistry, readTree, removeScratch, REPO_ROOT, scratchDir } from '../build/temp-build.js';

let work: string;
let registry: CompiledRegistry;
let files: Map<string, string>;

beforeAll(async () => {
  work = await scratchDir('emit-facts');
  const outDir = path.join(work, 'generated');
  await buildOrThrow({ registryDir: path.join(REPO_ROOT, 'test/fixtures/build/all-features'), outDir });
  registry = await importRegistry(outDir);
  files = await readTree(outDir);
});
afterAll(() => removeScratch(work));

function connector(permalink: string): CompiledConnector {
  const found = registry.connectors.find((c) => c.permalink === permalink);
  if (found === undefined) throw new Error(`no connector ${permalink}`);
  return found;
}
const step = (permalink: string, index = 0): CompiledStep => connector(permalink).steps[index]!;
const isTemplate = (value: TemplateValue | null) => value !== null && typeof value === 'object' && typeof value.render === 'function';

describe('the generated registry', () => {
  it('lists every connector sorted by permalink, with ids, and every secret name', () => {
    expect(registry.connectors.map((c) => c.permalink)).toEqual([
      'auth-and-fetch', 'constant-bodies', 'create-ticket', 'default-jwt', 'options-probe', 'peek',
      'query-echo', 'remove-it', 'static-search', 'text-body', 'user-posts',
    ]);
    expect(registry.connectors.map((c) => c.id)).toEqual([100, null, 3, null, null, null, null, null, 1, null, null]);
    expect(registry.secretNames).toEqual([
      'assertion_key', 'client_id', 'client_secret', 'default_jwt_key', 'posts_api_key', 'search_api_key', 'ticket_jwt_key',
    ]);
    // The index names permalink and id of each entry for a reader.
    expect(files.get('index.ts')).toContain('c_static_search, // regular static-search (id 1)');
  });

  it('parses a literal URL once and keeps its origin for a templated URL with a literal host', () => {
    expect(step('static-search').url).toEqual({ kind: 'static', href: 'https://api.example.com/v1/search?fixed=1', origin: 'https://api.example.com' });
    const posts = step('user-posts').url;
    expect(posts.kind).toBe('template');
    expect(posts.kind === 'template' && posts.origin).toBe('https://api.example.com');
    const ticket = step('create-ticket').url;
    expect(ticket.kind === 'template' && ticket.origin).toBeNull();
  });

  it('writes constant values as strings and templated ones as compiled templates, with lower-cased header names', () => {
    const [accept, version, tenant] = step('static-search').headers;
    expect(accept).toEqual({ key: 'Accept', matchKey: 'accept', overridable: false, value: 'application/json' });
    expect(version).toEqual({ key: 'X-Api-Version', matchKey: 'x-api-version', overridable: true, value: '2' });
    expect(tenant!.matchKey).toBe('x-tenant');
    expect(isTemplate(tenant!.value)).toBe(true);
    expect(tenant!.value).toMatchObject({ source: 'tenant-{{ tenant_id }}', usesSecret: false });
    expect(step('static-search').queryParameters.map((q) => [q.key, q.matchKey, q.overridable])).toEqual([['limit', 'limit', true], ['who', 'who', false]]);
    expect(step('constant-bodies').requestBody).toBe('{"fixed": true}');
    expect(step('text-body').requestBody).toBe('plain text, no template');
    expect(step('remove-it').requestBody).toBe('');
  });

  it('marks templates that read secrets, and only those', () => {
    const auth = step('static-search').authentication;
    expect(auth.type === 'api_key' && auth.value).toMatchObject({ source: "{{ get_secret('search_api_key') }}", usesSecret: true });
    const tenant = step('static-search').headers[2]!.value;
    expect(typeof tenant === 'object' && tenant.usesSecret).toBe(false);
  });

  it('writes the SPEC defaults of authentication out', () => {
    const jwt = step('default-jwt').authentication;
    // algorithm RS256 when left out (SPEC §4)
    expect(jwt).toMatchObject({ type: 'jwt', algorithm: 'RS256' });
    expect(jwt.type === 'jwt' && jwt.jwtHeaders).toEqual({ kind: 'object', entries: [] });
    const bearer = step('auth-and-fetch', 1).authentication;
    expect(bearer).toMatchObject({ type: 'oauth_jwt_bearer', clientId: 'conduit', audience: 'https://auth.example.com/token', tokenTtl: 120, algorithm: 'RS256' });
    const oauth = step('auth-and-fetch', 0).authentication;
    expect(oauth).toMatchObject({ type: 'oauth_client_credentials', tokenUrl: 'https://auth.example.com/oauth/token', scope: 'users:read', clientAuth: 'basic' });
    expect(step('query-echo', 1).authentication).toEqual({ type: 'none' });
  });

  it('keeps JWT claims as typed JSON: literals stay numbers, booleans and null; strings are templates', () => {
    const auth = step('create-ticket').authentication;
    if (auth.type !== 'jwt') throw new Error('not jwt');
    const claims = new Map(auth.claims.entries);
    expect(claims.get('admin')).toEqual({ kind: 'literal', value: false });
    expect(claims.get('level')).toEqual({ kind: 'literal', value: 3 });
    expect(claims.get('ratio')).toEqual({ kind: 'literal', value: 0.5 });
    expect(claims.get('nothing')).toEqual({ kind: 'literal', value: null });
    expect(claims.get('aud')).toEqual({ kind: 'template', value: 'tickets' });
    const scopes = claims.get('scopes');
    expect(scopes?.kind === 'array' && scopes.items.map((i) => i.kind)).toEqual(['template', 'template', 'literal', 'literal', 'literal', 'array']);
    expect(claims.get('profile')?.kind).toBe('object');
  });

  it('decides cache eligibility, methods and composite defaults', () => {
    expect(['static-search', 'peek', 'remove-it', 'constant-bodies', 'options-probe'].map((p) => [p, step(p).cacheable])).toEqual([
      ['static-search', true], ['peek', true], ['remove-it', false], ['constant-bodies', false], ['options-probe', false],
    ]);
    const chain = connector('auth-and-fetch');
    expect(chain).toMatchObject({ kind: 'composite', method: 'POST', pathParams: [] });
    expect(chain.steps.map((s) => [s.name, s.index, s.method, s.cacheable])).toEqual([['fetch-user', 0, 'GET', true], ['save-result', 1, 'POST', false]]);
    expect(chain.steps[1]!.responseContentType).toBe('application/json');
    expect(chain.steps[0]!.responseContentType).toBeNull();
    expect(chain.steps[0]!.responseBody).toBeNull();
  });

  it('lists the path parameters a caller must send and whether the caller body is read', () => {
    expect(connector('user-posts').pathParams).toEqual(['slug', 'user_id']);
    expect(connector('static-search').pathParams).toEqual([]);
    expect(connector('create-ticket').readsRequestBody).toBe(true);
    expect(connector('auth-and-fetch').readsRequestBody).toBe(true);
    expect(connector('static-search').readsRequestBody).toBe(false);
    // request.query_parameters as a whole is still not the body.
    expect(connector('query-echo').readsRequestBody).toBe(false);
  });

  it('declares a value used by several connectors once, in shared.ts', () => {
    const shared = files.get('shared.ts')!;
    expect(shared.match(/export const header_accept_[0-9a-f]{10}: CompiledKeyValue = \{/g)).toHaveLength(1);
    const users = [...files].filter(([file, text]) => file.startsWith('connectors/') && /header_accept_[0-9a-f]{10}/.test(text)).map(([file]) => file);
    expect(users).toEqual(['connectors/auth-and-fetch.ts', 'connectors/static-search.ts']);
    expect(step('auth-and-fetch', 0).headers[0]).toBe(step('static-search').headers[0]);
  });
});
