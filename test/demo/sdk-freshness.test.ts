// The demo keeps a built SDK only while it is newer than every source file it was built from.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isSdkBuildFresh } from '../../demo/sdk-freshness.js';

let dir: string;
let srcDir: string;
let buildTs: string;
let outDir: string;

const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);
const touch = (file: string, seconds: number) => utimes(file, at(seconds), at(seconds));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-sdk-fresh-'));
  srcDir = path.join(dir, 'src');
  await mkdir(path.join(srcDir, 'nested'), { recursive: true });
  await writeFile(path.join(srcDir, 'index.ts'), '');
  await writeFile(path.join(srcDir, 'nested', 'deep.ts'), '');
  buildTs = path.join(dir, 'build.ts');
  await writeFile(buildTs, '');
  outDir = path.join(dir, 'dist');
  await mkdir(outDir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function setTimes(sources: number, outputs: readonly [number, number], deep = sources): Promise<void> {
  await touch(path.join(srcDir, 'index.ts'), sources);
  await touch(path.join(srcDir, 'nested', 'deep.ts'), deep);
  await touch(path.join(srcDir, 'nested'), sources);
  await touch(srcDir, sources);
  await touch(buildTs, sources);
  await touch(path.join(outDir, 'widget-sdk.iife.js'), outputs[0]);
  await touch(path.join(outDir, 'widget-sdk.iife.js.map'), outputs[1]);
}

describe('isSdkBuildFresh', () => {
  test('nothing built yet: not fresh', async () => {
    expect(await isSdkBuildFresh(outDir, [srcDir, buildTs])).toBe(false);
  });

  test('fresh when both outputs are newer than every source, nested files included', async () => {
    await writeFile(path.join(outDir, 'widget-sdk.iife.js'), '');
    await writeFile(path.join(outDir, 'widget-sdk.iife.js.map'), '');
    await setTimes(10, [20, 20]);
    expect(await isSdkBuildFresh(outDir, [srcDir, buildTs])).toBe(true);
    // A source file changed after the build.
    await setTimes(10, [20, 20], 30);
    expect(await isSdkBuildFresh(outDir, [srcDir, buildTs])).toBe(false);
    // The source map is older than a source (a build that stopped half-way).
    await setTimes(15, [20, 12]);
    expect(await isSdkBuildFresh(outDir, [srcDir, buildTs])).toBe(false);
  });

  test('a missing output is not fresh', async () => {
    await rm(path.join(outDir, 'widget-sdk.iife.js.map'));
    await touch(path.join(outDir, 'widget-sdk.iife.js'), 99);
    expect(await isSdkBuildFresh(outDir, [srcDir, buildTs])).toBe(false);
  });

  test('by default it compares with the real sdk/ sources', async () => {
    const built = path.join(dir, 'real');
    await mkdir(built);
    const outputs = ['widget-sdk.iife.js', 'widget-sdk.iife.js.map'].map((f) => path.join(built, f));
    for (const file of outputs) await writeFile(file, '');
    const stamp = async (when: Date) => {
      for (const file of outputs) await utimes(file, when, when);
    };
    await stamp(new Date('2000-01-01T00:00:00Z'));
    expect(await isSdkBuildFresh(built)).toBe(false);
    await stamp(new Date('2100-01-01T00:00:00Z'));
    expect(await isSdkBuildFresh(built)).toBe(true);
  });
});
