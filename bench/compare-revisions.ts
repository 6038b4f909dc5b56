// Is this change faster? The runtime bench's composite (or the regular connector of
// bench/regular) compiled from a git revision and from the working tree, both bundles served side
// by side by plain node (./bundle-pair.ts) in fresh process pairs, alternating start order and
// rounds; prints each pair's server CPU per request and throughput, then the medians of the
// after/before ratios. Each side compiles with its own tree's compiler (./compile-registry-bundle.ts,
// so REV must be at least as new as that file) and is served with the same options.
// Not part of `npm run bench`: the tool for changes of a few percent, below what one full bench
// run resolves on a shared machine (run it with REV = HEAD and no change for the noise floor).
//
//   node --import tsx bench/compare-revisions.ts [--base REV] [--scenario runtime|regular]
//                                                [--pairs 2] [--rounds 4] [--duration 3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureBundlePair } from './bundle-pair.js';
import { fmt, numberFlag, startServer, stopServer, stringFlag, type LoadRequest } from './closed-loop.js';
import { LoadGenerator } from './load-generator.js';
import { median } from './rounds.js';
import { ITEMS_BODY, PERMALINK as REGULAR_PERMALINK } from './regular/scenario.js';
import { writeRegistry as writeRegularRegistry } from './regular/registry.js';
import { CALLER_PAYLOAD, REPORT_BODY } from './runtime/scenario.js';
import { PERMALINK as COMPOSITE_PERMALINK, writeRegistry as writeCompositeRegistry } from './runtime/registry.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Scenario {
  readonly upstream: string;
  readonly writeRegistry: (origin: string) => Promise<string>;
  readonly request: LoadRequest;
  /** What the scenario's own bench serves with beyond the defaults. */
  readonly serveOptions: Readonly<Record<string, unknown>>;
}

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  runtime: {
    upstream: './runtime/upstream-server.ts',
    writeRegistry: writeCompositeRegistry,
    request: { path: `/api/connectors/composite/${COMPOSITE_PERMALINK}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: CALLER_PAYLOAD, expectBody: REPORT_BODY },
    serveOptions: {},
  },
  regular: {
    upstream: './regular/upstream-server.ts',
    writeRegistry: writeRegularRegistry,
    request: { path: `/api/connectors/${REGULAR_PERMALINK}`, method: 'GET', expectBody: ITEMS_BODY },
    serveOptions: { logLevel: 'error', keepAliveTimeoutMs: 60_000 },
  },
};

const argv = process.argv.slice(2);
const revision = stringFlag(argv, '--base') ?? 'HEAD';
const scenarioName = stringFlag(argv, '--scenario') ?? 'runtime';
const scenario = SCENARIOS[scenarioName];
if (scenario === undefined) throw new Error(`--scenario must be one of ${Object.keys(SCENARIOS).join(', ')}`);
const pairs = numberFlag(argv, '--pairs', 2, 1);
const rounds = numberFlag(argv, '--rounds', 4, 1);
const durationS = numberFlag(argv, '--duration', 3);

/** REV's files in a temp folder, sharing this checkout's node_modules. */
function checkout(rev: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conduit-compare-'));
  execFileSync('sh', ['-c', `git archive "${rev}" | tar -x -C "${dir}"`], { cwd: ROOT });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** The registry compiled by `tree`'s own compiler into `out`. */
function compileWith(tree: string, registryDir: string, out: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(tree, 'bench/compile-registry-bundle.ts'), registryDir, out], {
    cwd: tree,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const before = checkout(revision);
const work = mkdtempSync(path.join(os.tmpdir(), 'conduit-compare-bundles-'));
const upstream = await startServer(scenario.upstream, import.meta.url, {});
try {
  const registryDir = await scenario.writeRegistry(`http://127.0.0.1:${upstream.port}`);
  const bundles = { before: path.join(work, 'before.mjs'), after: path.join(work, 'after.mjs') };
  compileWith(before, registryDir, bundles.before);
  compileWith(ROOT, registryDir, bundles.after);
  rmSync(registryDir, { recursive: true, force: true });
  const generator = await LoadGenerator.start();
  const cpu: number[] = [];
  const rps: number[] = [];
  const settings = { request: scenario.request, helpers: [upstream], serveOptions: scenario.serveOptions, connections: 32, rounds, durationS };
  process.stdout.write(`${scenarioName}: ${revision} (before) vs the working tree (after), ${pairs} process pairs x ${rounds} rounds x ${durationS}s, 32 connections\n`);
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    const f = await measureBundlePair(bundles, order, generator, settings);
    const cpuRatio = (f.after.cpuUsPerRequest ?? NaN) / (f.before.cpuUsPerRequest ?? NaN);
    cpu.push(cpuRatio);
    rps.push(f.after.rps / f.before.rps);
    process.stdout.write(
      `  pair ${pair + 1}: server CPU per request ${fmt(f.before.cpuUsPerRequest ?? NaN, 0)} -> ${fmt(f.after.cpuUsPerRequest ?? NaN, 0)} µs (x${fmt(cpuRatio)}), throughput x${fmt(f.after.rps / f.before.rps)}\n`,
    );
  }
  await generator.stop();
  process.stdout.write(`  median: server CPU per request x${fmt(median(cpu))}, throughput x${fmt(median(rps))}\n`);
} finally {
  await stopServer(upstream);
  rmSync(before, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
