// Parallel-steps benchmark (issue 17): a composite of four independent steps with 20 ms upstream
// latency each plus a final step that reads them, run with `execution: parallel` and sequentially
// against the same upstream, in the same run. Conduit serves the compiled bundle with plain node
// (./start-conduit.ts), as dist/server.mjs runs. Requests go one at a time (latency, not
// throughput), alternating between the two connectors so drift of the shared machine hits both.
//
//   node --import tsx bench/parallel.ts [--requests 200] [--warmup 20] [--upstream-delay-ms 20]
//
// Targets: p50 with execution: parallel ≤ 1.2× the critical path (2 × the upstream delay), and
// sequential p50 / parallel p50 ≥ 2.5. The upstream and Conduit each run in their own process.
import { fmt, numberFlag, startServer, stopServer } from './closed-loop.js';
import { FAN_OUT, PARALLEL, SEQUENTIAL, writeRegistry } from './parallel/scenario.js';
import { startConduit } from './start-conduit.js';
import { printResult } from './result-line.js';

async function once(port: number, permalink: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/connectors/composite/${permalink}`, { method: 'POST' });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${permalink} answered ${res.status}`);
  return ms;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const requests = numberFlag(argv, '--requests', 200, 1);
  const warmup = numberFlag(argv, '--warmup', 20, 0);
  const delayMs = numberFlag(argv, '--upstream-delay-ms', 20, 1);
  const base = import.meta.url;
  const upstream = await startServer('./parallel/upstream-server.ts', base, { BENCH_UPSTREAM_DELAY_MS: String(delayMs) });
  let conduit = null;
  try {
    conduit = await startConduit(await writeRegistry(`http://127.0.0.1:${upstream.port}`), {});
    const { port } = conduit;
    for (let i = 0; i < warmup; i++) {
      await once(port, PARALLEL);
      await once(port, SEQUENTIAL);
    }
    const latencies: Record<string, number[]> = { [PARALLEL]: [], [SEQUENTIAL]: [] };
    for (let i = 0; i < requests; i++) {
      // Alternate which goes first, so neither always follows the other.
      const order = i % 2 === 0 ? [PARALLEL, SEQUENTIAL] : [SEQUENTIAL, PARALLEL];
      for (const permalink of order) latencies[permalink]!.push(await once(port, permalink));
    }
    const criticalPathMs = 2 * delayMs;
    const p50 = { parallel: percentile(latencies[PARALLEL]!, 50), sequential: percentile(latencies[SEQUENTIAL]!, 50) };
    const p99 = { parallel: percentile(latencies[PARALLEL]!, 99), sequential: percentile(latencies[SEQUENTIAL]!, 99) };
    const ofCriticalPath = p50.parallel / criticalPathMs;
    const speedup = p50.sequential / p50.parallel;
    process.stdout.write(
      [
        `parallel steps benchmark: ${FAN_OUT} independent steps + 1 final step, upstream delay ${delayMs} ms, ${requests} requests each, one at a time`,
        `  execution: parallel   p50 ${fmt(p50.parallel, 2)} ms  p99 ${fmt(p99.parallel, 2)} ms  (critical path ${criticalPathMs} ms: ${fmt(ofCriticalPath, 3)}x)`,
        `  sequential            p50 ${fmt(p50.sequential, 2)} ms  p99 ${fmt(p99.sequential, 2)} ms  (${FAN_OUT + 1} x ${delayMs} ms = ${(FAN_OUT + 1) * delayMs} ms)`,
        `  sequential / parallel p50: ${fmt(speedup, 3)}x (at most ${fmt((FAN_OUT + 1) / 2, 2)}x: ${FAN_OUT + 1} upstream delays in a row against 2)`,
        '',
      ].join('\n'),
    );
    printResult({
      bench: 'parallel',
      checks: [
        { name: 'parallel p50 / critical path', value: ofCriticalPath, unit: '×', target: '<= 1.2×', met: ofCriticalPath <= 1.2 },
        { name: 'sequential p50 / parallel p50', value: speedup, unit: '×', target: '>= 2.5×', met: speedup >= 2.5 },
      ],
      figures: { requests, warmup, upstreamDelayMs: delayMs, criticalPathMs, p50, p99 },
    });
    return 0;
  } finally {
    await Promise.all([stopServer(upstream), ...(conduit === null ? [] : [stopServer(conduit)])]);
  }
}

process.exitCode = await main();
