// Fleet and tracing benchmark, two comparisons measured side by side in one run:
//   1. throughput of 3 runtime instances (separate processes, sharing a redis-server) behind
//      Debian's nginx vs 1 instance called directly, on the same machine. On a 2-core machine
//      shared with the load generator, the upstream and nginx, this will not scale linearly: the
//      figure is reported as measured, with a target only that the fleet loses nothing big.
//   2. tracing off (this tree) vs the build without tracing: a copy of this tree with the tracing
//      hooks taken out of the request path (TRACING_HOOKS below; the copy fails loudly when a hook
//      is no longer where the patch expects it). The hooks must cost < 2 %. (Until issue 15's
//      round the baseline was the tree before tracing was added, which also left out every later
//      change to the request path: request ids, the timing split, ... all counted as "tracing".)
//      Measured in back-to-back pairs (at least 6 rounds, order alternating), the figure being the
//      median of the pairs' ratios: pooled over two rounds it swung 0.72-1.31x for one commit.
// Every server is bench/cache/conduit-server.ts with the response cache off, so each request
// reaches the upstream (the runtime's full path). The load comes from bench/load-generator.ts
// (autocannon in its own process).
//
//   node --import tsx bench/fleet.ts [--duration 5] [--concurrency 32] [--rounds 2] [--warmup 1]
//                                    [--instances 3] [--no-baseline-build]
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startNginx, type NginxServer } from '../test/support/nginx/nginx-server.js';
import { startRedis, type RedisServer } from '../test/support/redis/redis-server.js';
import { fmt, measurePhases, numberFlag, resultTable, startServer, stopServer, totalErrors, type ChildServer, type LoadRequest, type Phase, loadSettings } from './closed-loop.js';
import { PERMALINK, RESOURCE_BODY } from './cache/scenario.js';
import { LoadGenerator } from './load-generator.js';
import { figuresOf, median, type RoundFigures } from './rounds.js';
import { printResult, type BenchCheck } from './result-line.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REQUEST: LoadRequest = { path: `/api/connectors/${PERMALINK}`, method: 'GET', expectBody: RESOURCE_BODY };

function settingsFrom(argv: readonly string[]) {
  return {
    ...loadSettings(argv, { duration: 5, rounds: 2, warmup: 1 }),
    instances: numberFlag(argv, '--instances', 3, 2),
    baselineBuild: !argv.includes('--no-baseline-build'),
  };
}

/** Where tracing reaches the request path when it is off, and the same code without it. */
const TRACING_HOOKS: readonly (readonly [file: string, hook: string, without: string])[] = [
  [
    'runtime/executor/execute-connector.ts',
    'deps.tracing == null ? runner.run(prepared) : deps.tracing.step(connector.connector.permalink, prepared.name, () => runner.run(prepared), stepResultOf)',
    'runner.run(prepared)',
  ],
  [
    'runtime/executor/execute-connector.ts',
    'tracing == null ? await runner.run(prepared) : await tracing.step(permalink, prepared.name, () => runner.run(prepared), stepResultOf)',
    'await runner.run(prepared)',
  ],
  [
    'runtime/server/http-server.ts',
    'trace === undefined ? handleRequest(runtime, req, res, requestId, served) : trace(req, res, () => handleRequest(runtime, req, res, requestId, served))',
    'handleRequest(runtime, req, res, requestId, served)',
  ],
  ['runtime/auth/token-provider.ts', 'const fetchTraced = () => traceTokenRequest(fetchToken);', 'const fetchTraced = fetchToken;'],
];

/** This tree (working copy) with the tracing hooks taken out, sharing this checkout's node_modules. */
function treeWithoutTracing(): { dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conduit-no-tracing-'));
  for (const part of ['runtime', 'bench', 'test/support', 'package.json']) {
    cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  }
  for (const [file, hook, without] of TRACING_HOOKS) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    if (!text.includes(hook)) throw new Error(`fleet bench: ${file} no longer contains the tracing hook ${JSON.stringify(hook)}; update TRACING_HOOKS`);
    writeFileSync(path.join(dir, file), text.replace(hook, without));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir };
}

/** a / b, or null when b answered nothing (a sample too short for a saturated machine): never a made-up figure. */
function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

/** Rounds of the tracing comparison: a 2% figure needs more than the fleet's two rounds on a shared machine. */
const TRACING_ROUNDS = 6;

interface TracingFigures {
  /** Median over rounds of (tracing off) / (without hooks) throughput, each round's two samples back to back. */
  readonly ratio: number;
  readonly ratios: readonly number[];
  readonly cpuOff: number | null;
  readonly cpuWithout: number | null;
  readonly errors: number;
}

/**
 * Tracing off vs the same tree without the hooks, in pairs: each round samples both back to back
 * (order alternating), and the figure is the median of the rounds' ratios, so load that comes
 * and goes on a shared machine hits both sides of a pair alike.
 */
async function tracingCost(
  load: LoadGenerator,
  off: ChildServer,
  without: ChildServer,
  settings: ReturnType<typeof settingsFrom>,
  helpers: readonly ChildServer[],
): Promise<TracingFigures> {
  const rounds = Math.max(TRACING_ROUNDS, settings.rounds);
  const ratios: number[] = [];
  const cpu: { off: number[]; without: number[] } = { off: [], without: [] };
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    const pair = round % 2 === 0 ? (['off', 'without'] as const) : (['without', 'off'] as const);
    const figures: Partial<Record<'off' | 'without', RoundFigures>> = {};
    for (const side of pair) {
      figures[side] = figuresOf(await load.sample(side === 'off' ? off : without, REQUEST, settings.concurrency, settings.durationS, helpers));
    }
    const a = figures.off!;
    const b = figures.without!;
    errors += a.errors + b.errors;
    if (b.rps > 0) ratios.push(a.rps / b.rps);
    if (a.cpuUsPerRequest !== null) cpu.off.push(a.cpuUsPerRequest);
    if (b.cpuUsPerRequest !== null) cpu.without.push(b.cpuUsPerRequest);
  }
  return {
    ratio: median(ratios),
    ratios,
    cpuOff: cpu.off.length === rounds ? median(cpu.off) : null,
    cpuWithout: cpu.without.length === rounds ? median(cpu.without) : null,
    errors,
  };
}

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2));
  const base = import.meta.url;
  const servers: ChildServer[] = [];
  let redis: RedisServer | null = null;
  let lb: NginxServer | null = null;
  let generator: LoadGenerator | null = null;
  const withoutHooks = settings.baselineBuild ? treeWithoutTracing() : null;
  try {
    const upstream = await startServer('./cache/upstream-server.ts', base, { BENCH_UPSTREAM_DELAY_MS: '0' });
    servers.push(upstream);
    const helpers = [upstream];
    redis = await startRedis();
    const env = { BENCH_UPSTREAM_PORT: String(upstream.port), BENCH_CACHE: 'off', BENCH_REDIS_URL: redis.url };

    const fleet: ChildServer[] = [];
    for (let i = 0; i < settings.instances; i++) fleet.push(await startServer('./cache/conduit-server.ts', base, env));
    servers.push(...fleet);
    lb = await startNginx({ backends: fleet.map((s) => `127.0.0.1:${s.port}`) });
    const balancer: ChildServer = { child: lb.child, port: lb.port };
    const single = fleet[0]!;

    const targets: Record<string, ChildServer> = { '1 instance': single, [`${settings.instances} behind nginx`]: balancer };
    // The same server script and scenario, from the copy without the tracing hooks.
    // Tracing is compared between two fresh processes of their own with the same history: the
    // fleet's instance 0 has served the fleet rounds too, and a process keeps its JIT state for life.
    const tracingPair =
      withoutHooks === null
        ? null
        : {
            off: await startServer('./cache/conduit-server.ts', base, env),
            without: await startServer(pathToFileURL(path.join(withoutHooks.dir, 'bench/cache/conduit-server.ts')).href, base, env),
          };
    if (tracingPair !== null) servers.push(tracingPair.off, tracingPair.without);
    generator = await LoadGenerator.start();
    const load = generator;
    for (const target of [...Object.values(targets), ...(tracingPair === null ? [] : [tracingPair.off, tracingPair.without])]) {
      await load.sample(target, REQUEST, settings.concurrency, settings.warmupS, helpers);
    }

    const names = Object.keys(targets);
    const phases: readonly Phase[] = [{ name: 'throughput', connections: settings.concurrency }];
    const results = await measurePhases(names, phases, settings.rounds, (name, connections) => {
      // The fleet row counts every instance's CPU as a helper of nginx.
      const extra = name.endsWith('behind nginx') ? fleet : [];
      return load.sample(targets[name]!, REQUEST, connections, settings.durationS, [...helpers, ...extra]);
    });
    const throughput = results['throughput']!;
    const fleetName = `${settings.instances} behind nginx`;
    const fleetRatio = ratio(throughput[fleetName]!.rps, throughput['1 instance']!.rps);
    const lines = [
      `fleet benchmark: cacheable GET with the cache off (every request reaches the upstream), ${settings.concurrency} connections, ${settings.rounds} x ${settings.durationS}s per target, ${os.availableParallelism()} CPUs`,
      '',
      ...resultTable(phases, names, results),
      '',
      `${fleetName} vs 1 instance: throughput x${fleetRatio === null ? 'n/a' : fmt(fleetRatio, 2)} (server CPU of the fleet row is nginx's; the instances count in total CPU)`,
    ];
    const checks: BenchCheck[] = [{ name: `${fleetName} vs 1 instance, throughput`, value: fleetRatio, unit: '×', target: '>= 0.8×', met: fleetRatio !== null && fleetRatio >= 0.8 }];
    let tracing: TracingFigures | null = null;
    if (tracingPair !== null) {
      tracing = await tracingCost(load, tracingPair.off, tracingPair.without, settings, helpers);
      const { ratio: tracingRatio, ratios, cpuOff, cpuWithout } = tracing;
      const cpuText = cpuOff === null || cpuWithout === null ? 'unknown' : `${fmt(cpuOff, 0)} vs ${fmt(cpuWithout, 0)} µs`;
      lines.push(
        `tracing off (this tree) vs the same tree without the tracing hooks: throughput x${fmt(tracingRatio, 3)} (median of ${ratios.length} back-to-back pairs, ${fmt(Math.min(...ratios), 2)}-${fmt(Math.max(...ratios), 2)}), server CPU per request ${cpuText}`,
      );
      checks.push({ name: 'tracing off vs build without tracing, throughput', value: tracingRatio, unit: '×', target: '>= 0.98×', met: tracingRatio >= 0.98 });
    } else {
      lines.push('tracing off vs the build without tracing: not measured (--no-baseline-build)');
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    printResult({ bench: 'fleet', checks, figures: { ...settings, phases: results, tracing } });
    return totalErrors(results) > 0 || (tracing?.errors ?? 0) > 0 ? 1 : 0;
  } finally {
    await generator?.stop();
    await lb?.close();
    await Promise.all(servers.map(stopServer));
    await redis?.close();
    if (withoutHooks !== null) rmSync(withoutHooks.dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
