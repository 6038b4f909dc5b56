// Schema v2 (SPEC §1): what the corpus's exact-position cases do not show — unknown fields are
// dropped from the model, limits count characters, regular and composite connectors with one
// permalink both compile, and the jwt-without-exp warning.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistry } from '../../../compiler/check.js';
import { emitRegistry } from '../../../compiler/emit/emit-registry.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'conduit-schema-v2-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function registry(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('unknown fields', () => {
  it('are warnings, and the connector compiles without them', async () => {
    const dir = await registry('unknown', {
      'connectors_registry.json': JSON.stringify({
        connectors: [
          {
            name: 'Pasted',
            description: 'copied from the admin UI',
            created_at: '2026-01-01T00:00:00Z',
            url: 'https://api.example.com/v1',
            headers: [{ key: 'Accept', value: 'application/json', enabled: true }],
          },
        ],
      }),
    });
    const result = await checkRegistry(dir);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['schema-unknown-field', 'warning'],
      ['schema-unknown-field', 'warning'],
      ['schema-unknown-field', 'warning'],
    ]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "unknown field 'description' (ignored)",
      "unknown field 'created_at' (ignored)",
      "unknown field 'enabled' (ignored)",
    ]);
    const connector = result.registry!.connectors[0]!;
    expect(connector.method).toBe('GET');
    expect(connector.steps[0]!.headers.map((h) => [h.key, h.value.source, h.overridable])).toEqual([['Accept', 'application/json', false]]);
    expect(JSON.stringify(connector)).not.toContain('copied from the admin UI');
  });
});

describe('length limits', () => {
  it('count characters, not UTF-16 units: 255 emoji are a valid name', async () => {
    const dir = await registry('emoji', {
      'a.yaml': `connectors:\n  - name: "${'🙂'.repeat(255)}"\n    permalink: emoji\n    url: https://api.example.com/v1\n`,
    });
    const result = await checkRegistry(dir);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('separate namespaces', () => {
  it('a regular and a composite connector with one permalink and id each get their own module', async () => {
    const dir = await registry('namespaces', {
      'a.yaml': [
        'connectors:',
        '  - { name: Lookup, id: 7, url: "https://api.example.com/a" }',
        'composite_connectors:',
        '  - name: Lookup',
        '    id: 7',
        '    steps:',
        '      - { name: only, url: "https://api.example.com/b" }',
        '',
      ].join('\n'),
    });
    const result = await checkRegistry(dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.registry!.connectors.map((c) => [c.kind, c.permalink, c.id])).toEqual([
      ['regular', 'lookup', 7],
      ['composite', 'lookup', 7],
    ]);
    const files = emitRegistry(result.registry!, { registryDir: dir });
    const paths = files.map((f) => f.path);
    expect(paths).toContain('connectors/lookup.ts');
    expect(paths).toContain('connectors/lookup.composite.ts');
    const index = files.find((f) => f.path === 'index.ts')!.text;
    expect(index).toContain("import { connector as c_lookup } from './connectors/lookup.js';");
    expect(index).toContain("import { connector as c_lookup__composite } from './connectors/lookup.composite.js';");
  });
});

describe('sub-folders', () => {
  it('widgets/<name>/connectors.json files are part of the registry', async () => {
    const dir = await registry('widgets', {
      'connectors_registry.json': JSON.stringify({ connectors: [{ name: 'Root', url: 'https://api.example.com/root' }] }),
      'widgets/poll/connectors.json': JSON.stringify({ connectors: [{ name: 'Poll', url: 'https://api.example.com/poll' }] }),
      'widgets/board/connectors.json': JSON.stringify({ composite_connectors: [{ name: 'Board', steps: [{ name: 'one', url: 'https://api.example.com/board' }] }] }),
    });
    const result = await checkRegistry(dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.registry!.connectors.map((c) => [c.permalink, path.relative(dir, c.file)])).toEqual([
      ['board', 'widgets/board/connectors.json'],
      ['poll', 'widgets/poll/connectors.json'],
      ['root', 'connectors_registry.json'],
    ]);
  });
});

describe('jwt without exp (SPEC §3 warning)', () => {
  const jwt = (claims: Record<string, string>) =>
    JSON.stringify({
      connectors: [
        {
          name: 'Signed',
          url: 'https://api.example.com/v1',
          authentication: { type: 'jwt', config: { private_key: "{{ get_secret('signing_key') }}", algorithm: 'HS256', claims } },
        },
      ],
    });

  it('warns at the claims when a v2 jwt config has no exp claim, and not when it has one', async () => {
    const without = await checkRegistry(await registry('jwt-no-exp', { 'a.json': jwt({ iss: 'conduit' }) }));
    const warning = without.diagnostics.find((d) => d.code === 'jwt-missing-exp');
    expect(warning).toMatchObject({ severity: 'warning', line: 1 });
    expect(warning!.hint).toContain('now(');
    const withExp = await checkRegistry(await registry('jwt-exp', { 'a.json': jwt({ iss: 'conduit', exp: '{{ now() + 300 }}' }) }));
    expect(withExp.diagnostics.map((d) => d.code)).not.toContain('jwt-missing-exp');
  });
});
