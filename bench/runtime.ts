// Runtime benchmark: a 3-step composite served by Conduit vs. a hand-written node:http handler
// making the same three undici calls with hard-coded strings, against the same local upstream,
// in the same run. Prints throughput and p50/p99 latency of both and their ratio.
//
//   node --import tsx bench/runtime.ts [--duration 5] [--concurrency 32] [--rounds 2] [--warmup 1]
//
// Each server runs in its own process (so is the upstream); this process generates load with an
// undici Pool (closed loop: each connection sends its next request when the previous answer
// arrived). Phases: latency (1 connection, shows the added time per request) and throughput
// (--concurrency connections). Rounds alternate baseline and Conduit so drift affects both.
// Targets: Conduit throughput >= 90% of the baseline, and at most 0.2 ms added p50 per step.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { printResult } from './result-line.js';
import { CALLER_PAYLOAD, REPORT_BODY, type Ready } from './runtime/scenario.js';

const STEPS = 3;
const THROUGHPUT_TARGET = 0.9;
const PER_STEP_P50_TARGET_MS = 0.2;

interface Settings {
  readonly durationS: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly warmupS: number;
}

function settingsFrom(argv: readonly string[]): Settings {
  const value = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag);
    if (at < 0) return fallback;
    const n = Number(argv[at + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number`);
    return n;
  };
  return { durationS: value('--duration', 5), concurrency: value('--concurrency', 32), rounds: value('--rounds', 2), warmupS: value('--warmup', 1) };
}

interface Process {
  readonly child: ChildProcess;
  readonly port: number;
}

function start(file: string, env: Readonly<Record<string, string>>): Promise<Process> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 30 s`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, port: (JSON.parse(line) as Ready).port });
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
}

function stop(proc: Process): Promise<void> {
  return new Promise((resolve) => {
    if (proc.child.exitCode !== null) return resolve();
    proc.child.once('exit', () => resolve());
    proc.child.kill('SIGTERM');
  });
}

interface Sample {
  requests: number;
  errors: number;
  elapsedS: number;
  /** Latencies in ms. */
  latencies: number[];
}

async function load(port: number, path: string, connections: number, durationS: number): Promise<Sample> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + durationS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const { statusCode, body } = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body: CALLER_PAYLOAD });
        const text = await body.text();
        if (statusCode !== 200 || text !== REPORT_BODY) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  await pool.close();
  return { requests: latencies.length, errors, elapsedS, latencies };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Summary {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly requests: number;
}

function summarise(samples: readonly Sample[]): Summary {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const requests = samples.reduce((n, s) => n + s.requests, 0);
  const seconds = samples.reduce((n, s) => n + s.elapsedS, 0);
  return {
    rps: requests / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: samples.reduce((n, s) => n + s.errors, 0),
    requests,
  };
}

const fmt = (n: number, digits = 3) => n.toFixed(digits);

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2));
  const upstream = await start('./runtime/upstream-server.ts', {});
  const env = { BENCH_UPSTREAM_PORT: String(upstream.port) };
  const servers = {
    baseline: { proc: await start('./runtime/baseline-server.ts', env), path: '/report' },
    conduit: { proc: await start('./runtime/conduit-server.ts', env), path: '/api/connectors/composite/team-report' },
  };
  try {
    // Correctness first: both must answer the same body.
    for (const [name, server] of Object.entries(servers)) {
      const check = await load(server.proc.port, server.path, 1, 0.05);
      if (check.errors > 0) throw new Error(`${name} does not answer the scenario correctly`);
    }
    // Warm up JITs and connection pools.
    for (const server of Object.values(servers)) await load(server.proc.port, server.path, settings.concurrency, settings.warmupS);

    const phases = [
      { name: 'latency', connections: 1 },
      { name: 'throughput', connections: settings.concurrency },
    ] as const;
    const results: Record<string, Record<'baseline' | 'conduit', Summary>> = {};
    for (const phase of phases) {
      const samples: Record<'baseline' | 'conduit', Sample[]> = { baseline: [], conduit: [] };
      for (let round = 0; round < settings.rounds; round++) {
        // Alternate the order so neither side always runs on a warmer (or busier) machine.
        const order = round % 2 === 0 ? (['baseline', 'conduit'] as const) : (['conduit', 'baseline'] as const);
        for (const name of order) {
          const server = servers[name];
          samples[name].push(await load(server.proc.port, server.path, phase.connections, settings.durationS));
        }
      }
      results[phase.name] = { baseline: summarise(samples.baseline), conduit: summarise(samples.conduit) };
    }

    const lines = [
      `runtime benchmark: 3-step composite, ${settings.rounds} x ${settings.durationS}s per server and phase, upstream on 127.0.0.1`,
      '',
      `${'phase'.padEnd(22)}${'server'.padEnd(10)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}`,
    ];
    for (const phase of phases) {
      for (const name of ['baseline', 'conduit'] as const) {
        const s = results[phase.name]![name];
        lines.push(
          `${`${phase.name} (c=${phase.connections})`.padEnd(22)}${name.padEnd(10)}${fmt(s.rps, 0).padStart(10)}${fmt(s.p50).padStart(10)}${fmt(s.p99).padStart(10)}${String(s.errors).padStart(8)}`,
        );
      }
    }
    const throughput = results['throughput']!;
    const latency = results['latency']!;
    const ratio = throughput.conduit.rps / throughput.baseline.rps;
    const perStepIdle = (latency.conduit.p50 - latency.baseline.p50) / STEPS;
    const perStepLoaded = (throughput.conduit.p50 - throughput.baseline.p50) / STEPS;
    lines.push(
      '',
      `throughput ratio conduit/baseline: ${fmt(ratio)} (target >= ${THROUGHPUT_TARGET}) ${ratio >= THROUGHPUT_TARGET ? 'OK' : 'BELOW TARGET'}`,
      `added p50 per step, 1 connection: ${fmt(perStepIdle)} ms (target <= ${PER_STEP_P50_TARGET_MS} ms) ${perStepIdle <= PER_STEP_P50_TARGET_MS ? 'OK' : 'ABOVE TARGET'}`,
      `added p50 per step, ${settings.concurrency} connections: ${fmt(perStepLoaded)} ms`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    printResult({
      bench: 'runtime',
      checks: [
        { name: 'throughput vs hand-written baseline', value: ratio, unit: '×', target: `>= ${THROUGHPUT_TARGET}×`, met: ratio >= THROUGHPUT_TARGET },
        { name: 'added p50 per step, 1 connection', value: perStepIdle, unit: 'ms', target: `<= ${PER_STEP_P50_TARGET_MS} ms`, met: perStepIdle <= PER_STEP_P50_TARGET_MS },
      ],
      figures: { ...settings, steps: STEPS, addedP50PerStepLoadedMs: perStepLoaded, phases: results },
    });
    const failed = throughput.conduit.errors + throughput.baseline.errors + latency.conduit.errors + latency.baseline.errors;
    return failed > 0 ? 1 : 0;
  } finally {
    await Promise.all([stop(servers.baseline.proc), stop(servers.conduit.proc), stop(upstream)]);
  }
}

process.exitCode = await main();
