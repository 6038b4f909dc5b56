// generated/ is committed for registry/: rebuilding it into a scratch folder must give exactly the
// committed files, so a registry or emitter change without a rebuild fails here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GENERATED_HEADER_TEXT } from '../../../compiler/emit/generated-header.js';
import { buildOrThrow, readTree, removeScratch, REPO_ROOT, scratchDir } from './temp-build.js';

const STALE = 'generated/ is stale: run `node bin/conduit.mjs build` and commit generated/';
let work: string;

beforeAll(async () => {
  work = await scratchDir('generated-up-to-date');
});
afterAll(() => removeScratch(work));

it('generated/ is what `conduit build` makes of registry/', async () => {
  const committedDir = path.join(REPO_ROOT, 'generated');
  expect(existsSync(committedDir), STALE).toBe(true);
  const rebuiltDir = path.join(work, 'generated');
  await buildOrThrow({ registryDir: path.join(REPO_ROOT, 'registry'), outDir: rebuiltDir });
  const rebuilt = await readTree(rebuiltDir);
  // Only files the build owns: anything else in generated/ is not its business.
  const committed = new Map([...(await readTree(committedDir))].filter(([, text]) => text.startsWith(GENERATED_HEADER_TEXT)));
  expect([...committed.keys()], STALE).toEqual([...rebuilt.keys()]);
  for (const [file, text] of rebuilt) expect(committed.get(file), `${STALE} (${file} differs)`).toBe(text);
});
