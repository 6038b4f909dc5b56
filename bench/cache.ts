// Response-cache benchmark: a cacheable GET connector (1.4 KB JSON, max-age=60) served by Conduit
// with the cache off and on, against the same local upstream, in the same run. Prints throughput
// and p50/p99 latency of each and the ratio cache-on / cache-off.
//
//   node --import tsx bench/cache.ts [--duration 5] [--concurrency 32] [--rounds 2] [--warmup 1]
//                                    [--upstream-delay-ms 0] [--redis]
//
// --upstream-delay-ms makes the upstream answer after a delay (a remote API); --redis adds a
// third server whose cache lives in a local redis-server (needs redis-server on PATH). Each
// server and the upstream run in their own process; this process generates closed-loop load
// with an undici Pool. Rounds alternate the order of the servers so drift affects all alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { startRedis, type RedisServer } from '../test/support/redis/redis-server.js';
import { PERMALINK, RESOURCE_BODY, type Ready } from './cache/scenario.js';
import { printResult } from './result-line.js';

interface Settings {
  readonly durationS: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly warmupS: number;
  readonly upstreamDelayMs: number;
  readonly redis: boolean;
}

function settingsFrom(argv: readonly string[]): Settings {
  const value = (flag: string, fallback: number, min = Number.MIN_VALUE): number => {
    const at = argv.indexOf(flag);
    if (at < 0) return fallback;
    const n = Number(argv[at + 1]);
    if (!Number.isFinite(n) || n < min) throw new Error(`${flag} needs a number >= ${min}`);
    return n;
  };
  return {
    durationS: value('--duration', 5),
    concurrency: value('--concurrency', 32, 1),
    rounds: value('--rounds', 2, 1),
    warmupS: value('--warmup', 1, 0),
    upstreamDelayMs: value('--upstream-delay-ms', 0, 0),
    redis: argv.includes('--redis'),
  };
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
  errors: number;
  elapsedS: number;
  /** Latencies in ms. */
  latencies: number[];
}

const PATH = `/api/connectors/${PERMALINK}`;

async function load(port: number, connections: number, durationS: number): Promise<Sample> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + durationS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const { statusCode, body } = await pool.request({ path: PATH, method: 'GET' });
        const text = await body.text();
        if (statusCode !== 200 || text !== RESOURCE_BODY) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  await pool.close();
  return { errors, elapsedS, latencies };
}

/** The cache outcome the server reports for one request (X-Connector-Timing), to check each server is set up as named. */
async function probe(port: number): Promise<string | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}${PATH}`);
  const text = await res.text();
  if (res.status !== 200 || text !== RESOURCE_BODY) throw new Error(`server on ${port} answered ${res.status}`);
  const timing = JSON.parse(res.headers.get('x-connector-timing') ?? '{"steps":[]}') as { steps: { cache?: string }[] };
  return timing.steps[0]?.cache;
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
}

function summarise(samples: readonly Sample[]): Summary {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((n, s) => n + s.elapsedS, 0);
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: samples.reduce((n, s) => n + s.errors, 0),
  };
}

const fmt = (n: number, digits = 3) => n.toFixed(digits);

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2));
  const upstream = await start('./cache/upstream-server.ts', { BENCH_UPSTREAM_DELAY_MS: String(settings.upstreamDelayMs) });
  const env = { BENCH_UPSTREAM_PORT: String(upstream.port) };
  let redis: RedisServer | null = null;
  const servers: Record<string, Process> = {};
  try {
    servers['cache off'] = await start('./cache/conduit-server.ts', { ...env, BENCH_CACHE: 'off' });
    servers['memory'] = await start('./cache/conduit-server.ts', env);
    if (settings.redis) {
      redis = await startRedis();
      servers['redis'] = await start('./cache/conduit-server.ts', { ...env, BENCH_REDIS_URL: redis.url });
    }
    // Each server is what its name says: the cache-off one never reports a cache use, the others hit.
    for (const [name, server] of Object.entries(servers)) {
      await probe(server.port);
      const outcome = await probe(server.port);
      if (outcome !== (name === 'cache off' ? undefined : 'hit')) throw new Error(`${name}: unexpected cache outcome ${outcome}`);
    }
    for (const server of Object.values(servers)) await load(server.port, settings.concurrency, settings.warmupS);

    const names = Object.keys(servers);
    const phases = [
      { name: 'latency', connections: 1 },
      { name: 'throughput', connections: settings.concurrency },
    ] as const;
    const results: Record<string, Record<string, Summary>> = {};
    for (const phase of phases) {
      const samples: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
      for (let round = 0; round < settings.rounds; round++) {
        const order = round % 2 === 0 ? names : [...names].reverse();
        for (const name of order) samples[name]!.push(await load(servers[name]!.port, phase.connections, settings.durationS));
      }
      results[phase.name] = Object.fromEntries(names.map((n) => [n, summarise(samples[n]!)]));
    }

    const lines = [
      `cache benchmark: cacheable GET (${Buffer.byteLength(RESOURCE_BODY)} B JSON, max-age=60), upstream delay ${settings.upstreamDelayMs} ms, ${settings.rounds} x ${settings.durationS}s per server and phase`,
      '',
      `${'phase'.padEnd(22)}${'server'.padEnd(12)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}`,
    ];
    let errors = 0;
    for (const phase of phases) {
      for (const name of names) {
        const s = results[phase.name]![name]!;
        errors += s.errors;
        lines.push(
          `${`${phase.name} (c=${phase.connections})`.padEnd(22)}${name.padEnd(12)}${fmt(s.rps, 0).padStart(10)}${fmt(s.p50).padStart(10)}${fmt(s.p99).padStart(10)}${String(s.errors).padStart(8)}`,
        );
      }
    }
    const throughput = results['throughput']!;
    const latency = results['latency']!;
    lines.push('');
    for (const name of names.filter((n) => n !== 'cache off')) {
      lines.push(
        `${name} cache vs off: throughput x${fmt(throughput[name]!.rps / throughput['cache off']!.rps, 2)}, p50 at 1 connection ${fmt(latency[name]!.p50)} ms vs ${fmt(latency['cache off']!.p50)} ms`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    // No figure in the issue: the check is only that a fresh hit beats going upstream.
    printResult({
      bench: 'cache',
      checks: names
        .filter((n) => n !== 'cache off')
        .map((name) => {
          const ratio = throughput[name]!.rps / throughput['cache off']!.rps;
          return { name: `${name} cache vs off, throughput`, value: ratio, unit: '×', target: '> 1×', met: ratio > 1 };
        }),
      figures: { ...settings, phases: results },
    });
    return errors > 0 ? 1 : 0;
  } finally {
    await Promise.all([...Object.values(servers).map(stop), stop(upstream)]);
    await redis?.close();
  }
}

process.exitCode = await main();
