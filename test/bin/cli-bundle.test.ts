// The CLI runs from a cached esbuild bundle of its sources (bin/cli-bundle.mjs). These tests use a
// small project of their own: the bundle must follow every change of a source, of a source
// folder, of tsconfig.json and package.json, keep each module's own import.meta.url, and give up
// (null: the CLI falls back to tsx) rather than run something stale or broken.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledEntry } from '../../bin/cli-bundle.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const ENTRIES = { main: 'src/main.ts', other: 'src/other.ts' };

let root: string;
let cacheDir: string;

async function write(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
}

function runEntry(url: string): unknown {
  return JSON.parse(execFileSync(process.execPath, [fileURLToPath(url)], { encoding: 'utf8', timeout: 20_000 }));
}

async function entry(): Promise<string> {
  const url = await bundledEntry({ root, entries: ENTRIES, name: 'main', cacheDir });
  if (url === null) throw new Error('no bundle was made');
  return url;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'conduit-cli-bundle-'));
  cacheDir = path.join(root, '.cache');
  // Dependencies stay external: the bundle imports them from the project's node_modules.
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  await write('package.json', '{ "type": "module" }\n');
  await write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
  await write(
    'src/main.ts',
    [
      "import { stringify } from 'yaml';",
      "import { message } from './dep.js';",
      "import { here, text } from './sub/where.js';",
      'const answer: Record<string, string> = { message, here, text, yaml: stringify({ a: 1 }) };',
      'console.log(JSON.stringify(answer));',
      '',
    ].join('\n'),
  );
  await write('src/dep.ts', "export const message: string = 'first';\n");
  await write('src/other.ts', "import { message } from './dep.js';\nconsole.log(JSON.stringify({ other: message }));\n");
  await write('src/sub/where.ts', "export const here = import.meta.url;\nexport const text = 'import.meta.url';\n");
}, 30_000);

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the CLI bundle cache', () => {
  it('bundles the sources once and reuses the bundle while nothing changed', async () => {
    const first = await entry();
    expect(fileURLToPath(first).startsWith(cacheDir)).toBe(true);
    expect(runEntry(first)).toEqual({
      message: 'first',
      // Each module keeps its own URL (code finds files next to its source), and a string that
      // merely mentions import.meta is left as written.
      here: pathToFileURL(path.join(root, 'src/sub/where.ts')).href,
      text: 'import.meta.url',
      yaml: 'a: 1\n',
    });
    expect(await entry()).toBe(first);
  });

  it('bundles several entries that share modules, and refuses a name it does not bundle', async () => {
    const main = await entry();
    const other = await bundledEntry({ root, entries: ENTRIES, name: 'other', cacheDir });
    expect(other).not.toBeNull();
    expect(path.dirname(fileURLToPath(other!))).toBe(path.dirname(fileURLToPath(main)));
    expect(runEntry(other!)).toEqual({ other: 'first' });
    expect(await bundledEntry({ root, entries: ENTRIES, name: 'missing', cacheDir })).toBeNull();
    // Other entries are another bundle.
    const alone = await bundledEntry({ root, entries: { main: 'src/main.ts' }, name: 'main', cacheDir });
    expect(alone).not.toBe(main);
  });

  it('rebuilds when a source file changes', async () => {
    const first = await entry();
    await write('src/dep.ts', "export const message: string = 'second';\n");
    const second = await entry();
    expect(second).not.toBe(first);
    expect(runEntry(second)).toMatchObject({ message: 'second' });
  });

  it('rebuilds when a file appears in a source folder, or tsconfig.json or package.json changes', async () => {
    const urls = [await entry()];
    await write('src/sub/new-module.ts', 'export {};\n');
    urls.push(await entry());
    await write('tsconfig.json', '{ "compilerOptions": { "strict": false } }\n');
    urls.push(await entry());
    await write('package.json', '{ "type": "module", "name": "renamed" }\n');
    urls.push(await entry());
    expect(new Set(urls).size).toBe(4);
    expect(await entry()).toBe(urls[3]);
  });

  it('rebuilds when the bundle was made by another version of the bundler', async () => {
    const first = await entry();
    const manifestFile = path.join(cacheDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestFile, JSON.stringify({ ...manifest, bundler: 'an older bundler' }));
    const second = await entry();
    expect(second).not.toBe(first);
    expect(await entry()).toBe(second);
  });

  it('rebuilds when the bundle on disk is gone', async () => {
    const first = await entry();
    await rm(path.dirname(fileURLToPath(first)), { recursive: true, force: true });
    const second = await entry();
    expect(second).not.toBe(first);
    expect(runEntry(second)).toMatchObject({ message: 'first' });
  });

  it('gives up when the sources do not build', async () => {
    await entry();
    await write('src/dep.ts', 'export const message: string = ;\n');
    expect(await bundledEntry({ root, entries: ENTRIES, name: 'main', cacheDir })).toBeNull();
  });

  it('gives up when the cache folder cannot be written', async () => {
    await write('not-a-folder', 'a file\n');
    expect(await bundledEntry({ root, entries: ENTRIES, name: 'main', cacheDir: path.join(root, 'not-a-folder', 'cache') })).toBeNull();
  });
});
