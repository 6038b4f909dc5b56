// What the HTTP benchmarks (bench/runtime.ts, bench/cache.ts) share: servers in child processes
// that announce `{"port":N}` on their first stdout line, closed-loop load from an undici Pool
// (each connection sends its next request when the previous answer arrived), phases measured in
// rounds that alternate the order of the servers (so drift affects all alike), and the summary
// table. Besides wall-clock throughput and latency, each sample records the CPU time the server
// process spent (Linux /proc), which is far less sensitive to other load on a shared machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

/** `{"port":N}`, each child's first line on standard output. */
export interface Ready {
  readonly port: number;
}

export interface ChildServer {
  readonly child: ChildProcess;
  readonly port: number;
}

/** A positive number flag (`--name N`), or the fallback when absent. */
export function numberFlag(argv: readonly string[], flag: string, fallback: number, min = Number.MIN_VALUE): number {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const n = Number(argv[at + 1]);
  if (!Number.isFinite(n) || n < min) throw new Error(`${flag} needs a number >= ${min}`);
  return n;
}

/** A string flag (`--name VALUE`), or null when absent. */
export function stringFlag(argv: readonly string[], flag: string): string | null {
  const at = argv.indexOf(flag);
  if (at < 0) return null;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  return value;
}

/**
 * Starts `node [nodeArgs] --import tsx <file>` and waits for its `{"port":N}` line.
 * @param file resolved against `base` (pass `import.meta.url`)
 */
export function startServer(
  file: string,
  base: string,
  env: Readonly<Record<string, string>>,
  nodeArgs: readonly string[] = [],
): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', fileURLToPath(new URL(file, base))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    // Generous: the Conduit servers compile their registry first, on a machine that may be busy.
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 60 s`)), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, port: (JSON.parse(line) as Ready).port });
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
}

export function stopServer(proc: ChildServer): Promise<void> {
  return new Promise((resolve) => {
    if (proc.child.exitCode !== null) return resolve();
    proc.child.once('exit', () => resolve());
    proc.child.kill('SIGTERM');
  });
}

/** CPU time (user + system) a process has used so far, in ms; null where /proc is not available. */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5): 12th and 13th after the name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    // USER_HZ is 100 on every Linux this runs on.
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** One request of the load, and the answer every response must be. */
export interface LoadRequest {
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly expectBody: string;
}

export interface Sample {
  readonly errors: number;
  readonly elapsedS: number;
  /** Latencies in ms. */
  readonly latencies: number[];
  /** CPU ms the server process used during the sample; null when unknown. */
  readonly serverCpuMs: number | null;
  /** CPU ms of everything the exchange needs: the server, the `helpers` (e.g. its upstream) and this load generator; null when unknown. */
  readonly totalCpuMs: number | null;
}

/**
 * Runs `connections` closed loops of `request` against `server` for `durationS`.
 * @param helpers other processes the exchange keeps busy (the upstream), counted in totalCpuMs
 */
export async function closedLoop(
  server: ChildServer,
  request: LoadRequest,
  connections: number,
  durationS: number,
  helpers: readonly ChildServer[] = [],
): Promise<Sample> {
  const pool = new Pool(`http://127.0.0.1:${server.port}`, { connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = processCpuMs(server.child.pid);
  const helpersBefore = helpersCpuMs(helpers);
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + durationS * 1000;
  const options = { path: request.path, method: request.method, headers: request.headers, body: request.body };
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const { statusCode, body } = await pool.request(options);
        const text = await body.text();
        if (statusCode !== 200 || text !== request.expectBody) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  const cpuAfter = processCpuMs(server.child.pid);
  const helpersAfter = helpersCpuMs(helpers);
  const self = process.cpuUsage(selfBefore);
  await pool.close();
  const serverCpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  const totalCpuMs =
    serverCpuMs === null || helpersBefore === null || helpersAfter === null
      ? null
      : serverCpuMs + helpersAfter - helpersBefore + (self.user + self.system) / 1000;
  return { errors, elapsedS, latencies, serverCpuMs, totalCpuMs };
}

function helpersCpuMs(helpers: readonly ChildServer[]): number | null {
  let total = 0;
  for (const helper of helpers) {
    const ms = processCpuMs(helper.child.pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

export interface Summary {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly requests: number;
  /** Server CPU per answered request, in µs; null when unknown. */
  readonly cpuUsPerRequest: number | null;
  /** CPU of server, helpers and load generator per answered request, in µs; null when unknown. */
  readonly totalCpuUsPerRequest: number | null;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summarise(samples: readonly Sample[]): Summary {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((n, s) => n + s.elapsedS, 0);
  const cpu = samples.every((s) => s.serverCpuMs !== null) ? samples.reduce((n, s) => n + s.serverCpuMs!, 0) : null;
  const totalCpu = samples.every((s) => s.totalCpuMs !== null) ? samples.reduce((n, s) => n + s.totalCpuMs!, 0) : null;
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: samples.reduce((n, s) => n + s.errors, 0),
    requests: latencies.length,
    cpuUsPerRequest: cpu === null || latencies.length === 0 ? null : (cpu * 1000) / latencies.length,
    totalCpuUsPerRequest: totalCpu === null || latencies.length === 0 ? null : (totalCpu * 1000) / latencies.length,
  };
}

export interface Phase {
  readonly name: string;
  readonly connections: number;
}

/** Phase name -> server name -> summary. */
export type PhaseResults = Record<string, Record<string, Summary>>;

/**
 * Measures every server in every phase, `rounds` samples each; odd rounds reverse the order so
 * neither side always runs on a warmer (or busier) machine.
 */
export async function measurePhases(
  names: readonly string[],
  phases: readonly Phase[],
  rounds: number,
  sample: (name: string, connections: number) => Promise<Sample>,
): Promise<PhaseResults> {
  const results: PhaseResults = {};
  for (const phase of phases) {
    const samples = new Map<string, Sample[]>(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) samples.get(name)!.push(await sample(name, phase.connections));
    }
    results[phase.name] = Object.fromEntries(names.map((n) => [n, summarise(samples.get(n)!)]));
  }
  return results;
}

export const fmt = (n: number, digits = 3): string => n.toFixed(digits);

/** The table of every phase and server: req/s, p50, p99, errors, server CPU and total CPU (when measured) per request. */
export function resultTable(phases: readonly Phase[], names: readonly string[], results: PhaseResults): string[] {
  const serverWidth = Math.max(10, ...names.map((n) => n.length + 2));
  const lines = [
    `${'phase'.padEnd(22)}${'server'.padEnd(serverWidth)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}${'cpu µs/req'.padStart(12)}${'total µs/req'.padStart(14)}`,
  ];
  for (const phase of phases) {
    for (const name of names) {
      const s = results[phase.name]![name]!;
      const cpu = s.cpuUsPerRequest === null ? 'n/a' : fmt(s.cpuUsPerRequest, 0);
      const total = s.totalCpuUsPerRequest === null ? 'n/a' : fmt(s.totalCpuUsPerRequest, 0);
      lines.push(
        `${`${phase.name} (c=${phase.connections})`.padEnd(22)}${name.padEnd(serverWidth)}${fmt(s.rps, 0).padStart(10)}${fmt(s.p50).padStart(10)}${fmt(s.p99).padStart(10)}${String(s.errors).padStart(8)}${cpu.padStart(12)}${total.padStart(14)}`,
      );
    }
  }
  return lines;
}

/** Errors over every phase and server. */
export function totalErrors(results: PhaseResults): number {
  let errors = 0;
  for (const phase of Object.values(results)) for (const s of Object.values(phase)) errors += s.errors;
  return errors;
}
