// Same registry, same bytes: building twice gives identical trees, and neither the order of the
// registry's files nor the order of connectors inside a file changes a generated module.
import { cp, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { buildOrThrow, readTree, removeScratch, REPO_ROOT, scratchDir, writeTree } from '../build/temp-build.js';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/build/all-features');
let work: string;

async function buildTree(registryDir: string, name: string): Promise<Map<string, string>> {
  const outDir = path.join(work, name);
  await buildOrThrow({ registryDir, outDir });
  return readTree(outDir);
}

/** Reverses the connector lists of a YAML registry file in place. */
async function reverseConnectors(file: string): Promise<void> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  for (const list of ['connectors', 'composite_connectors']) {
    const items = doc.get(list);
    if (items !== undefined && items !== null && typeof items === 'object' && 'items' in items && Array.isArray(items.items)) items.items.reverse();
  }
  await writeFile(file, doc.toString());
}

let original: Map<string, string>;

beforeAll(async () => {
  work = await scratchDir('emit-determinism');
  original = await buildTree(FIXTURE, 'first');
});
afterAll(() => removeScratch(work));

describe('deterministic output', () => {
  it('gives byte-identical trees when the same registry is built twice', async () => {
    const second = await buildTree(FIXTURE, 'second');
    expect([...original.keys()]).toEqual([...second.keys()]);
    for (const [file, text] of original) expect(second.get(file), file).toBe(text);
    // The tree has what the issue asks for: a module per connector, shared values, index, types, entry.
    expect([...original.keys()].filter((f) => f.startsWith('connectors/'))).toHaveLength(11);
    expect([...original.keys()].filter((f) => !f.startsWith('connectors/'))).toEqual(['index.ts', 'sdk-types.d.ts', 'server.ts', 'shared.ts']);
  });

  it('does not depend on the order of connectors inside a file', async () => {
    const registry = path.join(work, 'reversed-registry');
    await cp(FIXTURE, registry, { recursive: true });
    await reverseConnectors(path.join(registry, 'regular.yaml'));
    await reverseConnectors(path.join(registry, 'composite.yaml'));
    expect(await readFile(path.join(registry, 'regular.yaml'), 'utf8')).not.toBe(await readFile(path.join(FIXTURE, 'regular.yaml'), 'utf8'));
    const reversed = await buildTree(registry, 'reversed');
    expect(reversed).toEqual(original);
  });

  it('does not depend on the order of the registry files (only the file a connector comes from is named)', async () => {
    const registry = path.join(work, 'renamed-registry');
    await cp(FIXTURE, registry, { recursive: true });
    // composite.yaml now sorts last and regular.yaml first.
    await rename(path.join(registry, 'composite.yaml'), path.join(registry, 'z-composite.yaml'));
    await rename(path.join(registry, 'regular.yaml'), path.join(registry, 'a-regular.yaml'));
    const renamed = await buildTree(registry, 'renamed');
    const fromComment = (text: string) => text.replace(/ — from [^*]+\*\//g, ' — from FILE */');
    expect([...renamed.keys()]).toEqual([...original.keys()]);
    for (const [file, text] of original) expect(fromComment(renamed.get(file)!), file).toBe(fromComment(text));
    expect(renamed.get('connectors/query-echo.ts')).toContain('— from z-composite.yaml */');
  });

  it('leaves every other connector module unchanged when an unrelated connector is added', async () => {
    const registry = path.join(work, 'grown-registry');
    await cp(FIXTURE, registry, { recursive: true });
    await writeTree(registry, {
      'added.yaml': [
        'connectors:',
        '  - name: Brand New',
        '    url: "https://new.example.org/{{ user.username }}/x"',
        '    method: POST',
        '    headers:',
        '      - key: X-Brand-New',
        '        value: "{{ user.last_name }}"',
        '',
      ].join('\n'),
    });
    const grown = await buildTree(registry, 'grown');
    expect(grown.has('connectors/brand-new.ts')).toBe(true);
    for (const [file, text] of original) {
      if (file.startsWith('connectors/')) expect(grown.get(file), file).toBe(text);
    }
    expect(grown.get('index.ts')).toContain("import { connector as c_brand_new } from './connectors/brand-new.js';");
  });
});
