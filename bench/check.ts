// Compile-time check benchmark: generates 1,000 composite connectors x 3 steps into a temp
// folder and times `node bin/conduit.mjs check` on it end to end (CLI start included), the way
// a user or CI runs it. Target: under 3 s wall time.
// The CLI runs from a bundle of its sources that its first start after a source change makes
// (bin/cli-bundle.mjs); one untimed `conduit --help` first makes it, and its time is reported.
//
//   node --import tsx bench/check.ts [--connectors 1000] [--steps 3] [--runs 3]
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRegistry } from './generate-registry.js';
import { positiveIntegerOption } from './cli-option.js';
import { printResult } from './result-line.js';

const TARGET_MS = 3000;
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

const connectors = positiveIntegerOption('connectors', 1000);
const steps = positiveIntegerOption('steps', 3);
const runs = positiveIntegerOption('runs', 3);

const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-check-'));
try {
  const written = await generateRegistry(dir, { connectors, stepsPerConnector: steps });
  process.stdout.write(`registry: ${written.connectors} connectors x ${steps} steps in ${written.files} files (${dir})\n`);
  const warmStart = performance.now();
  const warm = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/conduit.mjs'), '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (warm.status !== 0) throw new Error(`conduit --help failed (exit ${warm.status}): ${warm.stderr}`);
  const warmMs = performance.now() - warmStart;
  process.stdout.write(`first start (bundles the CLI when its sources changed): ${warmMs.toFixed(0)} ms\n`);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/conduit.mjs'), 'check', '--registry', dir, '--format', 'json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const ms = performance.now() - start;
    // The generated registry is clean: anything reported means the benchmark measured the wrong thing.
    if (result.status !== 0 || result.stdout.trim() !== '[]') {
      throw new Error(`check failed (exit ${result.status}): ${result.stderr || result.stdout.slice(0, 2000)}`);
    }
    times.push(ms);
    process.stdout.write(`run ${run + 1}: ${ms.toFixed(0)} ms\n`);
  }
  const best = Math.min(...times);
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  process.stdout.write(
    `conduit check wall time: best ${best.toFixed(0)} ms, median ${median.toFixed(0)} ms (target < ${TARGET_MS} ms: ${median < TARGET_MS ? 'met' : 'NOT met'})\n`,
  );
  printResult({
    bench: 'check',
    checks: [{ name: `conduit check of ${written.connectors} connectors x ${steps} steps, median wall time`, value: median, unit: 'ms', target: `< ${TARGET_MS} ms`, met: median < TARGET_MS }],
    figures: { connectors: written.connectors, steps, files: written.files, runsMs: times, bestMs: best, firstStartMs: Math.round(warmMs) },
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
