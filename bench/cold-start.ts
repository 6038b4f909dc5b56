// Cold-start benchmark: builds a registry of 1,000 composite connectors x 3 steps (plus one probe
// connector) into a bundle, then starts `node <bundle>` several times and measures the time from
// spawn to the first successful answer of a real connector request (against a local upstream,
// with --allow-insecure-upstreams), and the server's resident memory once up and idle.
// Targets: first answer <= 300 ms, idle RSS < 150 MB.
//
// In the same run, interleaved with it, the floor: Node answering with node:http alone
// (bench/cold-start/floor-server.mjs) and the runtime serving only the probe connector, so the
// figures say how much is Node, how much the runtime's start-up and how much the connectors.
//
//   node --import tsx bench/cold-start.ts [--connectors 1000] [--steps 3] [--runs 5] [--bundle FILE] [--no-floor]
//
// --bundle reuses a bundle built earlier (it must contain the probe connector, see
// bench/cold-start/probe-connector.ts); otherwise one is built into a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { json, startUpstream } from '../test/support/upstream/index.js';
import { measureColdStart, type ColdStartRun } from './cold-start/measure-cold-start.js';
import { addProbeConnector, PROBE_PATH } from './cold-start/probe-connector.js';
import { generateRegistry } from './generate-registry.js';
import { positiveIntegerOption } from './cli-option.js';
import { printResult } from './result-line.js';

const FIRST_RESPONSE_TARGET_MS = 300;
const IDLE_RSS_TARGET_MB = 150;
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

function stringOption(name: string): string | null {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? null : (process.argv[at + 1] ?? null);
}

/** Builds a registry of `connectors` generated connectors plus the probe into `dir`/dist/server.mjs. */
async function buildBundle(dir: string, connectors: number, steps: number): Promise<string> {
  const registry = path.join(dir, 'registry');
  const written = await generateRegistry(registry, { connectors, stepsPerConnector: steps });
  await addProbeConnector(registry);
  const bundle = path.join(dir, 'dist', 'server.mjs');
  const args = ['build', '--registry', registry, '--out', path.join(dir, 'generated'), '--server-file', bundle, '--allow-insecure-upstreams'];
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/conduit.mjs'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed (exit ${result.status}): ${result.stdout}${result.stderr}`);
  process.stdout.write(`registry: ${written.connectors} connectors x ${steps} steps + 1 probe; bundle ${((await stat(bundle)).size / 1048576).toFixed(1)} MB\n`);
  return bundle;
}

const FLOOR_SERVER = fileURLToPath(new URL('./cold-start/floor-server.mjs', import.meta.url));

function describeRun(r: ColdStartRun): string {
  return `first answer ${r.firstResponseMs.toFixed(0)} ms (server CPU ${r.cpuMs.toFixed(0)} ms), RSS at first answer ${r.rssAtFirstResponseMb.toFixed(0)} MB, idle RSS ${r.idleRssMb.toFixed(0)} MB, peak ${r.peakRssMb.toFixed(0)} MB`;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const runs = positiveIntegerOption('runs', 5);
const withFloor = !process.argv.includes('--no-floor');
const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-cold-'));
const upstream = await startUpstream({ routes: { [`GET ${PROBE_PATH}`]: json({ ok: true }) } });
try {
  const bundle = stringOption('bundle') ?? (await buildBundle(dir, positiveIntegerOption('connectors', 1000), positiveIntegerOption('steps', 3)));
  // The floor, measured in the same run: Node alone, then the runtime with only the probe connector.
  const floors = withFloor ? { node: FLOOR_SERVER, runtime: await buildBundle(path.join(dir, 'probe-only'), 0, 1) } : null;
  const floorRuns = { node: [] as ColdStartRun[], runtime: [] as ColdStartRun[] };
  const results: ColdStartRun[] = [];
  const probeHost = `127.0.0.1:${upstream.port}`;
  for (let run = 0; run < runs; run++) {
    if (floors !== null) {
      floorRuns.node.push(await measureColdStart({ bundle: floors.node, probeHost, idleMs: 200 }));
      floorRuns.runtime.push(await measureColdStart({ bundle: floors.runtime, probeHost, idleMs: 200 }));
    }
    const r = await measureColdStart({ bundle, probeHost });
    results.push(r);
    process.stdout.write(`run ${run + 1}: ${describeRun(r)}\n`);
  }
  const first = median(results.map((r) => r.firstResponseMs));
  const idle = median(results.map((r) => r.idleRssMb));
  const cpu = median(results.map((r) => r.cpuMs));
  const floorFigures =
    floors === null
      ? null
      : Object.fromEntries(
          Object.entries(floorRuns).map(([name, rs]) => [name, { firstResponseMs: median(rs.map((r) => r.firstResponseMs)), cpuMs: median(rs.map((r) => r.cpuMs)), idleRssMb: median(rs.map((r) => r.idleRssMb)) }]),
        );
  if (floorFigures !== null) {
    for (const [name, label] of [['node', 'node:http alone      '], ['runtime', 'runtime, probe only  ']] as const) {
      const f = floorFigures[name]!;
      process.stdout.write(`floor, ${label} (median of ${runs}): first answer ${f.firstResponseMs.toFixed(0)} ms, server CPU ${f.cpuMs.toFixed(0)} ms, idle RSS ${f.idleRssMb.toFixed(0)} MB\n`);
    }
  }
  process.stdout.write(
    `cold start (median of ${runs}): first answer ${first.toFixed(0)} ms, server CPU ${cpu.toFixed(0)} ms (target <= ${FIRST_RESPONSE_TARGET_MS} ms: ${first <= FIRST_RESPONSE_TARGET_MS ? 'met' : 'NOT met'}), ` +
      `idle RSS ${idle.toFixed(0)} MB (target < ${IDLE_RSS_TARGET_MB} MB: ${idle < IDLE_RSS_TARGET_MB ? 'met' : 'NOT met'})\n`,
  );
  if (upstream.requests.length < runs) throw new Error(`the upstream saw ${upstream.requests.length} requests for ${runs} runs`);
  printResult({
    bench: 'cold-start',
    checks: [
      { name: 'spawn to first connector answer, median', value: first, unit: 'ms', target: `<= ${FIRST_RESPONSE_TARGET_MS} ms`, met: first <= FIRST_RESPONSE_TARGET_MS },
      { name: 'idle RSS, median', value: idle, unit: 'MB', target: `< ${IDLE_RSS_TARGET_MB} MB`, met: idle < IDLE_RSS_TARGET_MB },
    ],
    figures: { runs: results, serverCpuMedianMs: cpu, ...(floorFigures === null ? {} : { floor: floorFigures }) },
  });
} finally {
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
}
