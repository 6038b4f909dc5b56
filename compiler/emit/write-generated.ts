// Writes emitted files into the output folder: unchanged files are left alone (stable mtimes),
// and generated files that no longer belong to the registry are removed. Only files that start
// with the generated header are ever deleted, so a wrong --out cannot destroy hand-written code.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmittedFile } from './emit-registry.js';
import { GENERATED_HEADER_TEXT } from './generated-header.js';

export interface WriteSummary {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

export async function writeGenerated(outDir: string, files: readonly EmittedFile[]): Promise<WriteSummary> {
  let written = 0;
  let unchanged = 0;
  let removed = 0;
  const wanted = new Set(files.map((f) => path.resolve(outDir, f.path)));
  for (const file of files) {
    const target = path.resolve(outDir, file.path);
    if ((await readIfExists(target)) === file.text) {
      unchanged++;
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
    written++;
  }
  for (const existing of await listFiles(outDir)) {
    if (wanted.has(path.resolve(existing))) continue;
    const text = await readIfExists(existing);
    if (text?.startsWith(GENERATED_HEADER_TEXT)) {
      await rm(existing);
      removed++;
    }
  }
  return { written, unchanged, removed };
}
