// Response-cache benchmark: a cacheable GET connector (1.4 KB JSON, max-age=60) served by Conduit
// with the cache off and on, against the same local upstream, in the same run. Prints throughput
// and p50/p99 latency of each and the ratio cache-on / cache-off.
//
//   node --import tsx bench/cache.ts [--duration 5] [--concurrency 32] [--rounds 2] [--warmup 1]
//                                    [--upstream-delay-ms 0] [--redis]
//
// --upstream-delay-ms makes the upstream answer after a delay (a remote API); --redis adds a
// third server whose cache lives in a local redis-server (needs redis-server on PATH). Each
// server and the upstream run in their own process, and so does the closed-loop load (autocannon,
// bench/load-generator-process.ts). Rounds alternate the order of the servers so drift affects all alike.
import { startRedis, type RedisServer } from '../test/support/redis/redis-server.js';
import { fmt, measurePhases, numberFlag, resultTable, startServer, stopServer, totalErrors, type ChildServer, type LoadRequest, type Phase, loadSettings } from './closed-loop.js';
import { PERMALINK, RESOURCE_BODY } from './cache/scenario.js';
import { LoadGenerator } from './load-generator.js';
import { printResult } from './result-line.js';

function settingsFrom(argv: readonly string[]) {
  return {
    ...loadSettings(argv, { duration: 5, rounds: 2, warmup: 1 }),
    upstreamDelayMs: numberFlag(argv, '--upstream-delay-ms', 0, 0),
    redis: argv.includes('--redis'),
  };
}

const PATH = `/api/connectors/${PERMALINK}`;
const REQUEST: LoadRequest = { path: PATH, method: 'GET', expectBody: RESOURCE_BODY };

/** The cache outcome the server reports for one request (X-Connector-Timing), to check each server is set up as named. */
async function probe(port: number): Promise<string | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}${PATH}`);
  const text = await res.text();
  if (res.status !== 200 || text !== RESOURCE_BODY) throw new Error(`server on ${port} answered ${res.status}`);
  // Regular connectors' X-Connector-Timing: `cache_hit` (SPEC v2), or `steps[0].cache` (v1).
  const timing = JSON.parse(res.headers.get('x-connector-timing') ?? '{}') as { cache_hit?: boolean; steps?: { cache?: string }[] };
  // v2 tells a hit from anything else only: the second probe of a caching server must be a hit.
  if (timing.cache_hit !== undefined) return timing.cache_hit ? 'hit' : undefined;
  return timing.steps?.[0]?.cache;
}

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2));
  const base = import.meta.url;
  const upstream = await startServer('./cache/upstream-server.ts', base, { BENCH_UPSTREAM_DELAY_MS: String(settings.upstreamDelayMs) });
  const env = { BENCH_UPSTREAM_PORT: String(upstream.port) };
  let redis: RedisServer | null = null;
  const servers: Record<string, ChildServer> = {};
  let generator: LoadGenerator | null = null;
  try {
    servers['cache off'] = await startServer('./cache/conduit-server.ts', base, { ...env, BENCH_CACHE: 'off' });
    servers['memory'] = await startServer('./cache/conduit-server.ts', base, env);
    if (settings.redis) {
      redis = await startRedis();
      servers['redis'] = await startServer('./cache/conduit-server.ts', base, { ...env, BENCH_REDIS_URL: redis.url });
    }
    // Each server is what its name says: the cache-off one never reports a cache use, the others hit.
    for (const [name, server] of Object.entries(servers)) {
      await probe(server.port);
      const outcome = await probe(server.port);
      if (outcome !== (name === 'cache off' ? undefined : 'hit')) throw new Error(`${name}: unexpected cache outcome ${outcome}`);
    }
    generator = await LoadGenerator.start();
    const load = generator;
    for (const server of Object.values(servers)) await load.sample(server, REQUEST, settings.concurrency, settings.warmupS, [upstream]);

    const names = Object.keys(servers);
    const phases: readonly Phase[] = [
      { name: 'latency', connections: 1 },
      { name: 'throughput', connections: settings.concurrency },
    ];
    const results = await measurePhases(names, phases, settings.rounds, (name, connections) =>
      load.sample(servers[name]!, REQUEST, connections, settings.durationS, [upstream]),
    );

    const lines = [
      `cache benchmark: cacheable GET (${Buffer.byteLength(RESOURCE_BODY)} B JSON, max-age=60), upstream delay ${settings.upstreamDelayMs} ms, ${settings.rounds} x ${settings.durationS}s per server and phase`,
      '',
      ...resultTable(phases, names, results),
    ];
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
    return totalErrors(results) > 0 ? 1 : 0;
  } finally {
    await generator?.stop();
    await Promise.all([...Object.values(servers).map(stopServer), stopServer(upstream)]);
    await redis?.close();
  }
}

process.exitCode = await main();
