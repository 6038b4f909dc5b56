// Loading a registry folder: which files are read, in which order, and how failures to find,
// read or parse them are reported (as diagnostics, without stopping at the first).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayPath, isRegistryFileName, loadRegistry } from '../../../compiler/load/load-registry.js';
import { parseRegistryFile } from '../../../compiler/load/parse-registry-file.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'conduit-load-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('loadRegistry', () => {
  it('reads .yaml, .yml and .json files of the folder and its sub-folders in code-unit order and ignores everything else', async () => {
    const dir = await folder('mixed', {
      'b.yml': 'connectors: []\n',
      'a.yaml': 'connectors: []\n',
      'C.JSON': '{}\n',
      'README.md': '# not a registry file\n',
      'notes.txt': 'connectors: [',
      'widgets/poll/connectors.json': '{"connectors": []}\n', // SPEC §1 v2: sub-folders are part of the registry
      'widgets/poll/README.md': 'not a registry file',
      '.git/config.json': 'connectors: [', // hidden folders are not
      'node_modules/pkg/package.json': 'connectors: [', // nor installed packages
    });
    const loaded = await loadRegistry(dir);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files.map((f) => path.relative(dir, f.path))).toEqual(['C.JSON', 'a.yaml', 'b.yml', 'widgets/poll/connectors.json']);
    expect(loaded.files.map((f) => f.isJson)).toEqual([true, false, false, true]);
  });

  it('reports a missing folder, a file given as the folder, and an empty folder', async () => {
    const missing = await loadRegistry(path.join(root, 'does-not-exist'));
    expect(missing.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['registry-not-found', 1, 1]]);
    expect(missing.diagnostics[0]!.message).toContain('does not exist');

    const dir = await folder('file-not-folder', { 'x.yaml': 'connectors: []\n' });
    const notFolder = await loadRegistry(path.join(dir, 'x.yaml'));
    expect(notFolder.diagnostics.map((d) => d.code)).toEqual(['registry-not-found']);
    expect(notFolder.diagnostics[0]!.message).toContain('is not a folder');

    const empty = await loadRegistry(await folder('empty', { 'README.md': 'nothing here' }));
    expect(empty.diagnostics.map((d) => d.code)).toEqual(['registry-empty']);
    expect(empty.files).toEqual([]);
  });

  it('keeps going past a file that does not parse', async () => {
    const dir = await folder('one-broken', {
      'a.yaml': 'connectors:\n  - name: "unterminated\n',
      'b.yaml': 'connectors: []\n',
    });
    const loaded = await loadRegistry(dir);
    expect(loaded.files.map((f) => path.basename(f.path))).toEqual(['b.yaml']);
    expect(loaded.diagnostics.map((d) => [path.basename(d.file), d.code, d.line, d.col])).toEqual([['a.yaml', 'yaml-syntax', 2, 11]]);
  });

  it('reads sub-folders, follows symbolic links to files, and reports a file it cannot read', async () => {
    const dir = await folder('links', { 'b.yaml': 'connectors: []\n', 'shared/c.yaml': 'connectors: []\n' });
    await mkdir(path.join(dir, 'folder.yaml')); // a folder named like a registry file is not one
    await symlink(path.join(dir, 'shared', 'c.yaml'), path.join(dir, 'c.yaml'));
    await symlink(path.join(dir, 'missing.yaml'), path.join(dir, 'a.yaml')); // dangling
    const loaded = await loadRegistry(dir);
    expect(loaded.files.map((f) => path.relative(dir, f.path))).toEqual(['b.yaml', 'c.yaml', 'shared/c.yaml']);
    expect(loaded.diagnostics.map((d) => [path.basename(d.file), d.code, d.line, d.col])).toEqual([['a.yaml', 'registry-read-error', 1, 1]]);
  });

  it('strips a UTF-8 byte order mark so columns match what editors show', async () => {
    const dir = await folder('bom', { 'a.yaml': '\ufeffconnectors: [ oops: ]\n' });
    const loaded = await loadRegistry(dir);
    expect(loaded.files).toHaveLength(1);
    expect(loaded.files[0]!.text.startsWith('connectors')).toBe(true);
  });
});

describe('parseRegistryFile', () => {
  it('reports every YAML error with its position, and a duplicate key with its own code', () => {
    const parsed = parseRegistryFile('r.yaml', 'connectors:\n  - name: a\n    name: b\n    url: [\n');
    expect(parsed.file).toBeNull();
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([
      ['yaml-duplicate-key', 3, 5],
      ['yaml-syntax', 4, 10],
    ]);
  });

  it('points an unclosed quote or bracket at where it was opened, not at the end of the file', () => {
    const quote = parseRegistryFile('r.yaml', 'a: 1\nb: "open\n\n\n');
    expect(quote.diagnostics.map((d) => [d.line, d.col])).toEqual([[2, 4]]);
    const bracket = parseRegistryFile('r.yaml', 'a: 1\nb: [1, 2,\n');
    expect(bracket.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['yaml-syntax', 2, 4]]);
  });

  it('parses JSON files with the JSON schema: plain words are not strings', () => {
    expect(parseRegistryFile('r.json', '{ "a": yes }').file).toBeNull();
    const yaml = parseRegistryFile('r.yaml', '{ "a": yes }');
    expect(yaml.file?.document.toJS()).toEqual({ a: 'yes' }); // YAML 1.2: yes is a string
  });

  it('passes the parser\'s warnings on as warnings, and still yields the document', () => {
    const parsed = parseRegistryFile('r.yaml', 'connectors: []\nnote: !custom x\n');
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.line, d.col, d.message])).toEqual([
      ['yaml-warning', 'warning', 2, 7, 'Unresolved tag: !custom'],
    ]);
    expect(parsed.file).not.toBeNull();
  });

  it('reports a second document in one file', () => {
    const parsed = parseRegistryFile('r.yaml', 'connectors: []\n---\nconnectors: []\n');
    expect(parsed.diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-syntax', 2]]);
  });
});

describe('file names', () => {
  it('recognises registry files by extension, case-insensitively', () => {
    expect(['a.yaml', 'a.YML', 'connectors_registry.json'].every(isRegistryFileName)).toBe(true);
    expect(['a.yaml.bak', 'a.md', 'yaml'].some(isRegistryFileName)).toBe(false);
  });

  it('shows paths relative to the cwd when below it, absolute otherwise', () => {
    expect(displayPath('/work/repo/registry/a.yaml', '/work/repo')).toBe(path.join('registry', 'a.yaml'));
    expect(displayPath('/elsewhere/a.yaml', '/work/repo')).toBe('/elsewhere/a.yaml');
  });
});
