// Figures of benchmarks measured in rounds (bench/regular.ts, bench/runtime.ts): each round gives
// every server one sample in turn, a server's figure is the median over its rounds (one slow round
// on a shared machine does not move it), and a ratio between two servers is also shown per round,
// where both ran on the same machine state.
import { fmt, type Sample } from './closed-loop.js';

export interface RoundFigures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Server CPU per answered request, in µs; null when unknown. */
  readonly cpuUsPerRequest: number | null;
}

export interface ServerFigures extends RoundFigures {
  readonly roundsRps: readonly number[];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function figuresOf(sample: Sample): RoundFigures {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    rps: n / sample.elapsedS,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: sample.errors,
    cpuUsPerRequest: sample.serverCpuMs === null || n === 0 ? null : (sample.serverCpuMs * 1000) / n,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function medianFigures(rounds: readonly RoundFigures[]): ServerFigures {
  const cpu = rounds.map((r) => r.cpuUsPerRequest);
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    cpuUsPerRequest: cpu.every((c) => c !== null) ? median(cpu as number[]) : null,
    roundsRps: rounds.map((r) => r.rps),
  };
}

/** The throughput ratio a/b of each round (same round, same machine state), as `rounds min–max`. */
export function roundRange(a: readonly RoundFigures[], b: readonly RoundFigures[]): string {
  const ratios = a.map((r, i) => r.rps / b[i]!.rps);
  return `rounds ${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}`;
}

/**
 * `rounds` rounds of one sample per server; the order rotates every round so each server runs
 * first, last and in between equally often.
 */
export async function measureRounds<Name extends string>(
  names: readonly Name[],
  rounds: number,
  sample: (name: Name) => Promise<Sample>,
): Promise<Map<Name, RoundFigures[]>> {
  const results = new Map<Name, RoundFigures[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) results.get(name)!.push(figuresOf(await sample(name)));
  }
  return results;
}
