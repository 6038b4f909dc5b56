// The diagnostics corpus: every folder of test/fixtures/registries/broken/ is a small registry
// plus expected.json (the exact diagnostics, as {code, file, line, col}, sorted by file, line,
// col); every folder of valid/ must check with no diagnostic at all.
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRegistry } from '../../../compiler/check.js';
import { codeInfo } from '../../../compiler/diagnostics/codes.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/registries/', import.meta.url));
const casesOf = (kind: 'broken' | 'valid') =>
  readdirSync(path.join(CORPUS, kind), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

interface Expected {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Checks a case folder without its expected.json (which is not part of the registry). */
async function checkCase(caseDir: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-corpus-'));
  scratch.push(dir);
  await cp(caseDir, dir, { recursive: true, filter: (src) => path.basename(src) !== 'expected.json' });
  const result = await checkRegistry(dir);
  const found = result.diagnostics.map((d) => ({
    code: d.code,
    file: path.relative(dir, path.resolve(d.file)).split(path.sep).join('/'),
    line: d.line,
    col: d.col,
  }));
  return { result, found };
}

describe('broken registries report exactly the expected diagnostics', () => {
  const cases = casesOf('broken');
  it('has a corpus to run', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });
  for (const name of cases) {
    it(name, async () => {
      const caseDir = path.join(CORPUS, 'broken', name);
      const expectedFile = path.join(caseDir, 'expected.json');
      expect(existsSync(expectedFile), `${name} has no expected.json`).toBe(true);
      const expected = JSON.parse(await readFile(expectedFile, 'utf8')) as Expected[];
      expect(expected.length, `${name}/expected.json lists no diagnostic: a broken case must break something`).toBeGreaterThan(0);
      const { result, found } = await checkCase(caseDir);
      expect(found, result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join('\n')).toEqual(expected);
      for (const d of result.diagnostics) {
        expect(codeInfo(d.code), `code ${d.code} is not in compiler/diagnostics/codes.ts`).toBeDefined();
        expect(d.severity).toBe(codeInfo(d.code)?.severity);
      }
      if (result.diagnostics.some((d) => d.severity === 'error')) expect(result.registry).toBeNull();
    });
  }
});

describe('valid registries check clean', () => {
  const cases = casesOf('valid');
  it('has valid registries to run', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const name of cases) {
    it(name, async () => {
      const { result, found } = await checkCase(path.join(CORPUS, 'valid', name));
      expect(found).toEqual([]);
      expect(result.registry).not.toBeNull();
      expect(result.registry!.connectors.length).toBe(result.connectorCount);
    });
  }
});
