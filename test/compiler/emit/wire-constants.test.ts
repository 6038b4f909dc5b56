// The wire form the build writes for what a step always sends (CompiledWire): present exactly when
// nothing in it can change per request, and byte for byte what the runtime would have built.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledRegistry, CompiledStep } from '../../../runtime/connector.js';
import { buildOrThrow, importRegistry, removeScratch, REPO_ROOT, scratchDir, writeTree } from '../build/temp-build.js';

let work: string;
let registry: CompiledRegistry;
let allFeatures: CompiledRegistry;

const REGISTRY = `connectors:
  - name: Fixed Everything
    url: https://api.example.com:8443/v1/items?kind=a
    method: GET
    headers:
      - key: X-Api-Version
        value: "2024-06-01"
      - key: Accept
        value: application/json
    query_parameters:
      - key: q
        value: "a b&c=d/é"
      - key: limit
        value: "20"
  - name: Caller Can Override
    url: https://api.example.com/v1/items
    method: GET
    headers:
      - key: Accept
        value: application/json
        overridable: true
    query_parameters:
      - key: limit
        value: "20"
        overridable: true
  - name: Fragment Dropped
    url: https://api.example.com/v1/items#top
    method: GET
    query_parameters:
      - key: limit
        value: "5"
  - name: Bad Header Value
    url: https://api.example.com/v1/items
    method: GET
    headers:
      - key: X-Multi
        value: "one\\ntwo"
composite_connectors:
  - name: Chain
    steps:
      - name: first
        url: https://api.example.com/v1/first
        headers:
          - key: Accept
            value: application/json
            overridable: true
        query_parameters:
          - key: page
            value: "1"
            overridable: true
`;

beforeAll(async () => {
  work = await scratchDir('emit-wire');
  await writeTree(path.join(work, 'registry'), { 'wire.yaml': REGISTRY });
  await buildOrThrow({ registryDir: path.join(work, 'registry'), outDir: path.join(work, 'generated') });
  registry = await importRegistry(path.join(work, 'generated'));
  await buildOrThrow({ registryDir: path.join(REPO_ROOT, 'test/fixtures/build/all-features'), outDir: path.join(work, 'all-features') });
  allFeatures = await importRegistry(path.join(work, 'all-features'));
});
afterAll(() => removeScratch(work));

function step(from: CompiledRegistry, permalink: string, index = 0): CompiledStep {
  const connector = from.connectors.find((c) => c.permalink === permalink);
  if (connector === undefined) throw new Error(`no connector ${permalink}`);
  return connector.steps[index]!;
}

describe('wire constants', () => {
  it('writes the header pairs, the query encoded as the runtime encodes it, the full URL and the host', () => {
    const expectedQuery = new URLSearchParams([['q', 'a b&c=d/é'], ['limit', '20']]).toString();
    expect(step(registry, 'fixed-everything').wire).toEqual({
      headers: [['X-Api-Version', '2024-06-01'], ['Accept', 'application/json']],
      query: expectedQuery,
      href: `https://api.example.com:8443/v1/items?kind=a&${expectedQuery}`,
      host: 'api.example.com',
    });
    expect(expectedQuery).toBe('q=a+b%26c%3Dd%2F%C3%A9&limit=20');
  });

  it('leaves out what a regular connector\'s caller may override', () => {
    expect(step(registry, 'caller-can-override').wire).toEqual({ headers: null, query: null, href: null, host: 'api.example.com' });
  });

  it("keeps a composite step's overridable rows: its caller cannot override them", () => {
    expect(step(registry, 'chain').wire).toEqual({
      headers: [['Accept', 'application/json']],
      query: 'page=1',
      href: 'https://api.example.com/v1/first?page=1',
      host: 'api.example.com',
    });
  });

  it('drops a fragment before the query, as the runtime does', () => {
    expect(step(registry, 'fragment-dropped').wire?.href).toBe('https://api.example.com/v1/items?limit=5');
  });

  it('leaves a header value the runtime would refuse to the runtime, which fails the request as before', () => {
    expect(step(registry, 'bad-header-value').wire?.headers).toBeNull();
  });

  it('leaves out templated values and URLs, keeping the literal origin of a templated URL', () => {
    expect(step(allFeatures, 'static-search').wire).toEqual({ headers: null, query: null, href: null, host: 'api.example.com' });
    expect(step(allFeatures, 'user-posts').wire).toEqual({ headers: [], query: '', href: null, host: 'api.example.com' });
    // A templated host: nothing about the origin is known at build time.
    expect(step(allFeatures, 'create-ticket').wire).toEqual({ headers: [['Content-Type', 'application/json']], query: '', href: null, host: null });
    expect(step(allFeatures, 'constant-bodies').wire).toEqual({ headers: [], query: '', href: 'https://api.example.com/v1/constant', host: 'api.example.com' });
  });
});
