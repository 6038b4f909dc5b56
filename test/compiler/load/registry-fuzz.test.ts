// Issue 14 item 6: `conduit check` never crashes. A seeded, reproducible fuzzer mutates the
// repository's own registry files (bytes, lines, brackets, anchors and aliases, invalid UTF-8,
// deep nesting, template delimiters) into 1,000+ registries and checks each in process: every
// one must end in diagnostics with exit 0 or 1 and valid `--format json`, within 10 s, never a
// thrown error. A few of them also go through the real CLI. Set CONDUIT_FUZZ_SEED to replay a run.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistry } from '../../../compiler/check.js';
import { hasErrors } from '../../../compiler/diagnostics/diagnostic.js';
import { formatDiagnostics } from '../../../cli/print-diagnostics.js';

const run = promisify(execFile);
const SEED = Number(process.env.CONDUIT_FUZZ_SEED ?? 1414);
const CASES = 1_000;
const MAX_MS_PER_CASE = 10_000;
const REPO = path.resolve(import.meta.dirname, '../../..');

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: Buffer, rnd: () => number) => Buffer;

const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)]!;
const at = (text: Buffer, rnd: () => number): number => Math.floor(rnd() * (text.length + 1));
const splice = (text: Buffer, start: number, remove: number, insert: Buffer | string): Buffer =>
  Buffer.concat([text.subarray(0, start), Buffer.isBuffer(insert) ? insert : Buffer.from(insert), text.subarray(Math.min(text.length, start + remove))]);

const SNIPPETS = [
  '&a ', '*a', '*undefined_anchor', '<<: *a\n', '[', ']', '{', '}', '{{', '}}', '{%', '%}', '{#', '"', "'", ':', '- ', '\n  ', '\t', '#',
  '{{ steps.nope.body }}', "{{ get_secret('x') | lower }}", '{% for x in y %}', '{% endfor %}', '!!binary ', '!!python/object ', '? ', '|\n', '>-\n',
  '\u0000', '\ufeff', '😀', 'null', '~', '0x1F', '1e999', '-', '---\n', '...\n', '%YAML 1.1\n',
];

const MUTATIONS: readonly Mutation[] = [
  // Byte-level noise.
  (t, r) => splice(t, at(t, r), 1 + Math.floor(r() * 8), ''),
  (t, r) => splice(t, at(t, r), 0, Buffer.from([Math.floor(r() * 256)])),
  (t, r) => splice(t, at(t, r), 0, Buffer.from([0xc3 + Math.floor(r() * 40), 0x28, 0xff])),
  (t, r) => (t.length === 0 ? t : splice(t, Math.floor(r() * t.length), 1, Buffer.from([t[Math.floor(r() * t.length)]!]))),
  (t, r) => t.subarray(0, at(t, r)),
  // YAML/template structure.
  (t, r) => splice(t, at(t, r), 0, pick(SNIPPETS, r)),
  (t, r) => {
    const lines = t.toString('latin1').split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(Math.floor(r() * lines.length), 0, lines[i]!);
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  (t, r) => {
    const lines = t.toString('latin1').split('\n');
    lines.splice(Math.floor(r() * lines.length), 1 + Math.floor(r() * 3));
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  (t, r) => {
    const lines = t.toString('latin1').split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] = ' '.repeat(Math.floor(r() * 6)) + lines[i]!.trimStart();
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  // Resource attacks at a random place.
  (t, r) => splice(t, at(t, r), 0, `${'['.repeat(300 + Math.floor(r() * 3000))}${']'.repeat(Math.floor(r() * 3300))}`),
  (t, r) => splice(t, at(t, r), 0, `${'{{ ('.repeat(1)}${'('.repeat(Math.floor(r() * 3000))}1${')'.repeat(Math.floor(r() * 3000))} }}`),
  (t, r) => splice(t, at(t, r), 0, `\nx: &l0 [a,a,a,a,a,a,a,a]\n${Array.from({ length: 6 + Math.floor(r() * 4) }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(8).fill(`*l${i}`).join(',')}]\n`).join('')}`),
  (t, r) => splice(t, at(t, r), 0, `${'{% if 1 %}'.repeat(Math.floor(r() * 2000))}`),
  // Aliases of one anchor, many times (the demo registry's own pattern, allowed).
  (t) => {
    const text = t.toString('latin1');
    const i = text.indexOf('headers:');
    return i < 0 ? t : Buffer.from(`${text.slice(0, i)}headers: &shared\n${text.slice(i + 'headers:'.length)}`, 'latin1');
  },
];

let workDir: string;
let seeds: { name: string; text: Buffer }[];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-fuzz-'));
  const registry = path.join(REPO, 'registry');
  seeds = [];
  for (const name of (await readdir(registry)).sort()) {
    if (/\.(ya?ml|json)$/.test(name)) seeds.push({ name, text: await readFile(path.join(registry, name)) });
  }
  // A JSON registry too: the same data through the JSON path.
  seeds.push({ name: 'catalog.json', text: Buffer.from(JSON.stringify({ connectors: [{ name: 'A', permalink: 'a', id: 1, url: 'https://api.example.com/{{ pathParams.x }}', method: 'GET' }] }, null, 2)) });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** One mutated registry folder for case `n`: a seed file with 1-4 mutations (same seed, same folder). */
async function mutatedRegistry(n: number): Promise<{ dir: string; mutations: number[] }> {
  const rnd = random(SEED * 100_003 + n);
  const seed = pick(seeds, rnd);
  let text = seed.text;
  const mutations: number[] = [];
  const count = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < count; i++) {
    const m = Math.floor(rnd() * MUTATIONS.length);
    mutations.push(m);
    text = MUTATIONS[m]!(text, rnd);
  }
  const dir = path.join(workDir, `case-${n}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, seed.name), text);
  return { dir, mutations };
}

describe(`conduit check on ${CASES} mutated registries (seed ${SEED})`, () => {
  it('ends every one in diagnostics, exit 0 or 1 and valid JSON, each within 10 s', { timeout: 600_000 }, async () => {
    const exits = { 0: 0, 1: 0 };
    const codes = new Set<string>();
    for (let n = 0; n < CASES; n++) {
      const { dir, mutations } = await mutatedRegistry(n);
      const started = performance.now();
      let json: string;
      let exit: 0 | 1;
      try {
        // Every tenth case assembles the full IR too (the path of build and serve).
        const result = await checkRegistry(dir, { registry: n % 10 === 0 });
        json = formatDiagnostics(result.diagnostics, 'json', { connectorCount: result.connectorCount });
        exit = hasErrors(result.diagnostics) ? 1 : 0;
      } catch (err) {
        throw new Error(`case ${n} (seed ${SEED}, mutations ${mutations.join(',')}) crashed the check: ${(err as Error).stack}`);
      }
      const ms = performance.now() - started;
      expect(ms, `case ${n} (mutations ${mutations.join(',')}) took ${ms.toFixed(0)} ms`).toBeLessThan(MAX_MS_PER_CASE);
      const diagnostics = JSON.parse(json) as { code: string; file: string; line: number; col: number; message: string }[];
      expect(Array.isArray(diagnostics)).toBe(true);
      for (const d of diagnostics) {
        codes.add(d.code);
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.col).toBeGreaterThanOrEqual(1);
        // A diagnostic names a problem; it never carries a stack trace.
        expect(d.message).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }
      if (exit === 1) expect(diagnostics.some((d) => (d as unknown as { severity: string }).severity === 'error')).toBe(true);
      exits[exit]++;
      await rm(dir, { recursive: true, force: true });
    }
    // The fuzzer reaches both outcomes and the loader's own refusals, or it is not testing much.
    expect(exits[0]).toBeGreaterThan(0);
    expect(exits[1]).toBeGreaterThan(CASES / 2);
    expect([...codes]).toEqual(expect.arrayContaining(['yaml-syntax', 'registry-not-utf8', 'yaml-undefined-alias', 'yaml-alias-expansion']));
  });

  it('gives the same answers through the CLI: JSON on stdout, exit 0 or 1, no stack trace', { timeout: 120_000 }, async () => {
    for (const n of [3, 17, 42]) {
      const { dir } = await mutatedRegistry(n);
      const answer = await run(process.execPath, [path.join(REPO, 'bin/conduit.mjs'), 'check', '--registry', dir, '--format', 'json'], { cwd: REPO }).then(
        (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
        (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, stdout: failed.stdout, stderr: failed.stderr }),
      );
      expect([0, 1]).toContain(answer.code);
      expect(Array.isArray(JSON.parse(answer.stdout))).toBe(true);
      expect(answer.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });
});
