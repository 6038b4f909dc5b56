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

describe('hostile registry files get diagnostics, never a crash', () => {
  const codesOf = async (dir: string) => (await loadRegistry(dir)).diagnostics.map((d) => [path.basename(d.file), d.code, d.line, d.col, d.message]);

  it('allows 150 aliases of one anchor (the demo registry pattern)', async () => {
    const connectors = Array.from({ length: 150 }, (_, i) => `  - name: C${i}\n    headers: *h\n`).join('');
    const dir = await folder('many-aliases', { 'a.yaml': `x: &h\n  - key: Accept\n    value: application/json\nconnectors:\n${connectors}` });
    const loaded = await loadRegistry(dir);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files).toHaveLength(1);
  });

  it('reports an undefined alias and an alias inside its own anchor', async () => {
    expect(await codesOf(await folder('undefined-alias', { 'a.yaml': 'connectors:\n  - *nope\n' }))).toEqual([
      ['a.yaml', 'yaml-undefined-alias', 2, 5, 'the alias *nope names no anchor set before it'],
    ]);
    const recursive = await codesOf(await folder('recursive-alias', { 'a.yaml': 'connectors: &a\n  - *a\n' }));
    expect(recursive.map((d) => d[1])).toEqual(['yaml-undefined-alias']);
  });

  it('refuses a billion-laughs file by its expansion', async () => {
    const levels = Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(',')}]\n`).join('');
    const found = await codesOf(await folder('laughs', { 'a.yaml': `l0: &l0 [a,a,a,a,a,a,a,a,a]\n${levels}connectors: *l8\n` }));
    expect(found.map((d) => d[1])).toEqual(['yaml-alias-expansion']);
  });

  it('refuses JSON and YAML nested 10,000 deep', async () => {
    const json = await codesOf(await folder('deep-json', { 'a.json': `{"connectors": ${'['.repeat(10_000)}${']'.repeat(10_000)}}` }));
    expect(json.map((d) => d[1])).toEqual(['registry-too-deep']);
    const yaml = await codesOf(await folder('deep-yaml', { 'a.yaml': `connectors: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` }));
    // The YAML parser may give up on such flow nesting first: either way one error, no crash.
    expect(yaml).toHaveLength(1);
    expect(['registry-too-deep', 'yaml-syntax']).toContain(yaml[0]![1]);
  });

  it('reports invalid UTF-8 at its byte', async () => {
    const dir = await folder('bad-utf8', {});
    await writeFile(path.join(dir, 'a.yaml'), Buffer.from([...Buffer.from('connectors:\n  - name: a'), 0xff, 0xfe, 0x0a]));
    expect(await codesOf(dir)).toEqual([['a.yaml', 'registry-not-utf8', 2, 12, 'the file is not valid UTF-8: byte 0xff at offset 23']]);
  });

  it('refuses, unread, a link out of the registry and a special file', async () => {
    const dir = await folder('outward-links', { 'b.yaml': 'connectors: []\n' });
    await symlink('/etc/passwd', path.join(dir, 'passwd.yaml'));
    await symlink('/dev/urandom', path.join(dir, 'random.yaml'));
    const inner = await folder('outward-links/sub', {});
    await symlink('/dev/null', path.join(inner, 'null.yaml'));
    const loaded = await loadRegistry(dir);
    expect(loaded.files.map((f) => path.basename(f.path))).toEqual(['b.yaml']);
    expect(loaded.diagnostics.map((d) => [path.basename(d.file), d.code])).toEqual([
      ['passwd.yaml', 'registry-file-refused'],
      ['random.yaml', 'registry-file-refused'],
      ['null.yaml', 'registry-file-refused'],
    ]);
    // Nothing of /etc/passwd reaches a message.
    expect(JSON.stringify(loaded.diagnostics)).not.toMatch(/root:/);
  });
});
