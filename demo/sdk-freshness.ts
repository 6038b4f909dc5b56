// Whether the built SDK in a folder is newer than every source it is built from, so a restarted
// demo can skip the SDK build (it type-checks the SDK for its .d.ts: the slowest part of a start).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK_DIR = fileURLToPath(new URL('../sdk/', import.meta.url));
/** What sdk/build.ts reads: its sources, its config and itself. */
const SOURCES = [path.join(SDK_DIR, 'src'), path.join(SDK_DIR, 'tsconfig.json'), path.join(SDK_DIR, 'build.ts')];
/** Every file buildSdk writes that the demo serves. */
const OUTPUTS = ['widget-sdk.iife.js', 'widget-sdk.iife.js.map'];

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry, { withFileTypes: true, recursive: true });
  const times = await Promise.all(children.filter((c) => c.isFile()).map(async (c) => (await stat(path.join(c.parentPath, c.name))).mtimeMs));
  return Math.max(info.mtimeMs, ...times);
}

export async function isSdkBuildFresh(sdkDir: string, sources: readonly string[] = SOURCES): Promise<boolean> {
  let oldestOutput: number;
  try {
    oldestOutput = Math.min(...(await Promise.all(OUTPUTS.map(async (f) => (await stat(path.join(sdkDir, f))).mtimeMs))));
  } catch {
    return false;
  }
  const newestSource = Math.max(...(await Promise.all(sources.map(newestMtime))));
  return newestSource < oldestOutput;
}
