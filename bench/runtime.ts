// Runtime benchmark: a 3-step composite served by Conduit vs. a hand-written node:http handler
// making the same three undici calls with hard-coded strings, against the same local upstream,
// in the same run. Prints throughput, p50/p99 latency and server CPU per request of both, and
// their ratios. The Conduit side serves the connector of bench/runtime/registry.ts compiled by
// the real compiler.
//
//   node --import tsx bench/runtime.ts [--duration 5] [--concurrency 32] [--rounds 2] [--warmup 1]
//                                      [--cpu-prof DIR]
//
// Each server runs in its own process (so does the upstream); this process generates closed-loop
// load (bench/closed-loop.ts). Phases: latency (1 connection, shows the added time per request)
// and throughput (--concurrency connections). Rounds alternate baseline and Conduit so drift
// affects both. --cpu-prof writes V8 CPU profiles of both servers into DIR/conduit and
// DIR/baseline (summarise them with bench/compile/cpu-profile-summary.ts).
// Targets: Conduit throughput >= 90% of the baseline, and at most 0.2 ms added p50 per step.
import { printResult } from './result-line.js';
import {
  closedLoop,
  fmt,
  measurePhases,
  numberFlag,
  resultTable,
  startServer,
  stopServer,
  stringFlag,
  totalErrors,
  type ChildServer,
  type LoadRequest,
  type Phase,
} from './closed-loop.js';
import { CALLER_PAYLOAD, REPORT_BODY } from './runtime/scenario.js';
import { PERMALINK } from './runtime/registry.js';

const STEPS = 3;
const THROUGHPUT_TARGET = 0.9;
const PER_STEP_P50_TARGET_MS = 0.2;

const NAMES = ['baseline', 'conduit'] as const;
type Name = (typeof NAMES)[number];

function settingsFrom(argv: readonly string[]) {
  return {
    durationS: numberFlag(argv, '--duration', 5),
    concurrency: numberFlag(argv, '--concurrency', 32, 1),
    rounds: numberFlag(argv, '--rounds', 2, 1),
    warmupS: numberFlag(argv, '--warmup', 1, 0),
    cpuProfDir: stringFlag(argv, '--cpu-prof'),
  };
}

const headers = { 'content-type': 'application/json' };
const REQUESTS: Readonly<Record<Name, LoadRequest>> = {
  baseline: { path: '/report', method: 'POST', headers, body: CALLER_PAYLOAD, expectBody: REPORT_BODY },
  conduit: { path: `/api/connectors/composite/${PERMALINK}`, method: 'POST', headers, body: CALLER_PAYLOAD, expectBody: REPORT_BODY },
};

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2));
  const base = import.meta.url;
  const upstream = await startServer('./runtime/upstream-server.ts', base, {});
  const env = { BENCH_UPSTREAM_PORT: String(upstream.port) };
  const profiling = (name: Name) => (settings.cpuProfDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfDir}/${name}`]);
  const servers: Partial<Record<Name, ChildServer>> = {};
  try {
    servers.baseline = await startServer('./runtime/baseline-server.ts', base, env, profiling('baseline'));
    servers.conduit = await startServer('./runtime/conduit-server.ts', base, env, profiling('conduit'));
    const sample = (name: string, connections: number, durationS: number) =>
      closedLoop(servers[name as Name]!, REQUESTS[name as Name], connections, durationS, [upstream]);
    // Correctness first: both must answer the same body.
    for (const name of NAMES) {
      if ((await sample(name, 1, 0.05)).errors > 0) throw new Error(`${name} does not answer the scenario correctly`);
    }
    // Warm up JITs and connection pools.
    for (const name of NAMES) await sample(name, settings.concurrency, settings.warmupS);

    const phases: readonly Phase[] = [
      { name: 'latency', connections: 1 },
      { name: 'throughput', connections: settings.concurrency },
    ];
    const results = await measurePhases(NAMES, phases, settings.rounds, (name, connections) => sample(name, connections, settings.durationS));

    const throughput = results['throughput']!;
    const latency = results['latency']!;
    const ratio = throughput['conduit']!.rps / throughput['baseline']!.rps;
    const perStepIdle = (latency['conduit']!.p50 - latency['baseline']!.p50) / STEPS;
    const perStepLoaded = (throughput['conduit']!.p50 - throughput['baseline']!.p50) / STEPS;
    const cpuConduit = throughput['conduit']!.cpuUsPerRequest;
    const cpuBaseline = throughput['baseline']!.cpuUsPerRequest;
    const cpuRatio = cpuConduit === null || cpuBaseline === null ? null : cpuConduit / cpuBaseline;
    // On a machine with nothing else running, all three processes share the cores: throughput is
    // then bounded by their CPU per request together, whatever other load skews the wall clock here.
    const totalConduit = throughput['conduit']!.totalCpuUsPerRequest;
    const totalBaseline = throughput['baseline']!.totalCpuUsPerRequest;
    const cpuBoundRatio = totalConduit === null || totalBaseline === null ? null : totalBaseline / totalConduit;
    const lines = [
      `runtime benchmark: 3-step composite, ${settings.rounds} x ${settings.durationS}s per server and phase, upstream on 127.0.0.1`,
      '',
      ...resultTable(phases, NAMES, results),
      '',
      `throughput ratio conduit/baseline: ${fmt(ratio)} (target >= ${THROUGHPUT_TARGET}) ${ratio >= THROUGHPUT_TARGET ? 'OK' : 'BELOW TARGET'}`,
      `added p50 per step, 1 connection: ${fmt(perStepIdle)} ms (target <= ${PER_STEP_P50_TARGET_MS} ms) ${perStepIdle <= PER_STEP_P50_TARGET_MS ? 'OK' : 'ABOVE TARGET'}`,
      `added p50 per step, ${settings.concurrency} connections: ${fmt(perStepLoaded)} ms`,
      `server CPU per request at ${settings.concurrency} connections, conduit/baseline: ${cpuRatio === null ? 'n/a' : fmt(cpuRatio)}`,
      `CPU-bound throughput ratio (CPU per request of server + upstream + load generator): ${cpuBoundRatio === null ? 'n/a' : fmt(cpuBoundRatio)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    printResult({
      bench: 'runtime',
      checks: [
        { name: 'throughput vs hand-written baseline', value: ratio, unit: '×', target: `>= ${THROUGHPUT_TARGET}×`, met: ratio >= THROUGHPUT_TARGET },
        { name: 'added p50 per step, 1 connection', value: perStepIdle, unit: 'ms', target: `<= ${PER_STEP_P50_TARGET_MS} ms`, met: perStepIdle <= PER_STEP_P50_TARGET_MS },
      ],
      figures: { ...settings, steps: STEPS, addedP50PerStepLoadedMs: perStepLoaded, serverCpuRatio: cpuRatio, cpuBoundThroughputRatio: cpuBoundRatio, phases: results },
    });
    return totalErrors(results) > 0 ? 1 : 0;
  } finally {
    await Promise.all([...Object.values(servers).map(stopServer), stopServer(upstream)]);
  }
}

process.exitCode = await main();
