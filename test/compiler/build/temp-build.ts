// Builds registries into scratch folders under test/.tmp/ (inside the checkout, so generated
// modules resolve node_modules and `conduit/runtime` like the committed generated/ does), and
// reads back what was written.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from '../../../compiler/build.js';
import type { CompiledRegistry } from '../../../runtime/connector.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRATCH = path.join(REPO_ROOT, 'test/.tmp');

/** A fresh folder under test/.tmp/; removeScratch() deletes it. */
export async function scratchDir(prefix: string): Promise<string> {
  await mkdir(SCRATCH, { recursive: true });
  return mkdtemp(path.join(SCRATCH, `${prefix}-`));
}

export async function removeScratch(...dirs: readonly (string | undefined)[]): Promise<void> {
  await Promise.all(dirs.filter((d): d is string => d !== undefined).map((d) => rm(d, { recursive: true, force: true })));
}

/** Writes `files` (relative path -> text) into `dir`. */
export async function writeTree(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

/** Every file under `dir` (relative path with forward slashes -> bytes as text), sorted by path. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const out = new Map<string, string>();
  for (const file of files.sort()) out.set(path.relative(dir, file).split(path.sep).join('/'), await readFile(file, 'utf8'));
  return out;
}

/** Runs the build pipeline and fails the test with the diagnostics when the registry has errors. */
export async function buildOrThrow(options: Partial<BuildOptions> & Pick<BuildOptions, 'registryDir' | 'outDir'>) {
  const result = await build({ serverFile: null, ...options });
  if (!result.ok) throw new Error(`build failed:\n${result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join('\n')}`);
  return result;
}

/** Imports a generated index module (vitest resolves `conduit/runtime` to runtime/index.ts). */
export async function importRegistry(outDir: string): Promise<CompiledRegistry> {
  const module = (await import(pathToFileURL(path.join(outDir, 'index.ts')).href)) as { registry: CompiledRegistry };
  return module.registry;
}
