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
    if (withoutHooks !== null) {
      // The same server script and scenario, from the copy without the tracing hooks.
      const withoutTracing = await startServer(pathToFileURL(path.join(withoutHooks.dir, 'bench/cache/conduit-server.ts')).href, base, env);
      servers.push(withoutTracing);
      targets['no-tracing build'] = withoutTracing;
    }
    generator = await LoadGenerator.start();
    const load = generator;
    for (const target of Object.values(targets)) await load.sample(target, REQUEST, settings.concurrency, settings.warmupS, helpers);

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
    if (withoutHooks !== null) {
      const tracingRatio = ratio(throughput['1 instance']!.rps, throughput['no-tracing build']!.rps);
      // Server CPU per request is far less sensitive to other load on a shared machine: shown too.
      const cpuOff = throughput['1 instance']!.cpuUsPerRequest;
      const cpuWithout = throughput['no-tracing build']!.cpuUsPerRequest;
      const cpuText = cpuOff === null || cpuWithout === null ? 'unknown' : `${fmt(cpuOff, 0)} vs ${fmt(cpuWithout, 0)} µs`;
      lines.push(`tracing off (this tree) vs the same tree without the tracing hooks: throughput x${tracingRatio === null ? 'n/a' : fmt(tracingRatio, 3)}, server CPU per request ${cpuText}`);
      checks.push({ name: 'tracing off vs build without tracing, throughput', value: tracingRatio, unit: '×', target: '>= 0.98×', met: tracingRatio !== null && tracingRatio >= 0.98 });
    } else {
      lines.push('tracing off vs the build without tracing: not measured (--no-baseline-build)');
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    printResult({ bench: 'fleet', checks, figures: { ...settings, phases: results } });
    return totalErrors(results) > 0 ? 1 : 0;
  } finally {
    await generator?.stop();
    await lb?.close();
    await Promise.all(servers.map(stopServer));
    await redis?.close();
    if (withoutHooks !== null) rmSync(withoutHooks.dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
