// Compile benchmark: generates 1,000 composite connectors x 3 steps into a temp folder and times
// `node bin/conduit.mjs build` on it end to end (CLI start, check, emit, write, bundle), the way a
// user or CI runs it. Prints wall time, the build's own stage timings and its peak RSS.
// Targets: under 20 s and under 1 GiB.
//
//   node --import tsx bench/compile.ts [--connectors 1000] [--steps 3] [--runs 1] [--profile]
//
// --profile runs the build with --cpu-prof and prints the functions it spent most time in.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { topSelfTime } from './compile/cpu-profile-summary.js';
import { generateRegistry } from './generate-registry.js';
import { positiveIntegerOption } from './cli-option.js';
import { printResult } from './result-line.js';

const WALL_TARGET_MS = 20_000;
const RSS_TARGET_MB = 1024;
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const REPORT_MAX_RSS = fileURLToPath(new URL('./compile/report-max-rss.mjs', import.meta.url));

const connectors = positiveIntegerOption('connectors', 1000);
const steps = positiveIntegerOption('steps', 3);
const runs = positiveIntegerOption('runs', 1);
const profile = process.argv.includes('--profile');

const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-compile-'));
try {
  const registry = path.join(dir, 'registry');
  const written = await generateRegistry(registry, { connectors, stepsPerConnector: steps });
  process.stdout.write(`registry: ${written.connectors} connectors x ${steps} steps in ${written.files} files\n`);
  const measured: { wallMs: number; rssMb: number; stagesMs: { check: number; emit: number; write: number; bundle: number } }[] = [];
  for (let run = 1; run <= runs; run++) {
    // A clean output folder each run: every module is written and the bundle made from scratch.
    const out = path.join(dir, `run-${run}`);
    const profileDir = path.join(dir, `profile-${run}`);
    const nodeArgs = ['--import', REPORT_MAX_RSS, ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
    const args = ['build', '--registry', registry, '--out', path.join(out, 'generated'), '--server-file', path.join(out, 'dist', 'server.mjs')];
    const start = performance.now();
    const result = spawnSync(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin/conduit.mjs'), ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = performance.now() - start;
    if (result.status !== 0) throw new Error(`build failed (exit ${result.status}): ${result.stdout}${result.stderr}`);
    const stages = /check (\d+) ms, emit (\d+) ms, write (\d+) ms, bundle (\d+) ms/.exec(result.stdout);
    const maxRssKb = /conduit-bench-max-rss-kb=(\d+)/.exec(result.stderr);
    if (stages === null || maxRssKb === null) throw new Error(`unexpected build output: ${result.stdout}${result.stderr}`);
    const rssMb = Number(maxRssKb[1]) / 1024;
    const bundleMb = (await stat(path.join(out, 'dist', 'server.mjs'))).size / 1048576;
    process.stdout.write(
      `run ${run}: conduit build wall ${(wallMs / 1000).toFixed(2)} s ` +
        `(check ${stages[1]} ms, emit ${stages[2]} ms, write ${stages[3]} ms, bundle ${stages[4]} ms; the rest is CLI start-up), ` +
        `peak RSS ${rssMb.toFixed(0)} MB, bundle ${bundleMb.toFixed(1)} MB\n` +
        `  targets: wall < ${WALL_TARGET_MS / 1000} s ${wallMs < WALL_TARGET_MS ? 'met' : 'NOT met'}, RSS < ${RSS_TARGET_MB} MB ${rssMb < RSS_TARGET_MB ? 'met' : 'NOT met'}\n`,
    );
    measured.push({ wallMs, rssMb, stagesMs: { check: Number(stages[1]), emit: Number(stages[2]), write: Number(stages[3]), bundle: Number(stages[4]) } });
    if (profile) {
      // The main thread's profile is the largest file (esbuild's service and workers write small ones).
      const files = await Promise.all((await readdir(profileDir)).map(async (f) => ({ f, size: (await stat(path.join(profileDir, f))).size })));
      const main = files.sort((a, b) => b.size - a.size)[0]!;
      process.stdout.write(`  where the time goes (self time):\n${(await topSelfTime(path.join(profileDir, main.f), 15)).map((l) => `  ${l}`).join('\n')}\n`);
    }
  }
  const wall = median(measured.map((m) => m.wallMs));
  const rss = Math.max(...measured.map((m) => m.rssMb));
  printResult({
    bench: 'compile',
    checks: [
      { name: `conduit build of ${written.connectors} connectors x ${steps} steps, median wall time`, value: wall / 1000, unit: 's', target: `< ${WALL_TARGET_MS / 1000} s`, met: wall < WALL_TARGET_MS },
      { name: 'conduit build peak RSS', value: rss, unit: 'MB', target: `< ${RSS_TARGET_MB} MB`, met: rss < RSS_TARGET_MB },
    ],
    figures: { connectors: written.connectors, steps, runs: measured },
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
