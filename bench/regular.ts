// Regular-connector benchmark (issue 15): one upstream GET with a fixed header and two fixed query
// parameters, no auth, no response template, served side by side by
//   - upstream: the upstream itself, called directly (the ceiling of this machine);
//   - nginx:    Debian's nginx, `proxy_pass` + upstream keep-alive, one process (the C limit);
//   - node:     a minimal node:http + undici Pool proxy with everything hard-coded (the Node limit);
//   - conduit:  the connector as registry YAML (./regular/registry.ts), compiled by the real
//               compiler in a process of its own, the bundle served by plain node through its
//               startServer (./start-conduit.ts, ./serve-bundle.mjs: no compiler and no TypeScript
//               loader in the process, as dist/server.mjs runs), logging at `error`, metrics on,
//               request ids and timing headers on, default options (what a deployment serves).
// Each server runs in its own process (the Node ones with the V8 flags of a deployed Conduit
// server: ../runtime/server/server-node-flags.ts), so does the upstream, and so does the load
// generator (autocannon, ./load-generator-process.ts); this process only orchestrates and reads /proc.
// Every response must be 200 with the upstream's exact body. Rounds rotate the order of the
// servers so drift affects all alike; the figures are the median over rounds.
//
//   node --import tsx bench/regular.ts [--duration 4] [--rounds 5] [--concurrency 32] [--warmup 2]
//                                      [--cpu-prof DIR]
//
// --cpu-prof writes V8 CPU profiles of the Conduit and Node servers into DIR/conduit and DIR/node.
// Targets: Conduit >= 0.9x the Node proxy and >= 0.65x nginx in throughput, p50 at most 0.3 ms
// above the Node proxy's.
import { fmt, startServer, stopServer, stringFlag, loadSettings, type ChildServer, type LoadRequest } from './closed-loop.js';
import { LoadGenerator } from './load-generator.js';
import { printResult } from './result-line.js';
import { startConduit } from './start-conduit.js';
import { measureRounds, medianFigures, roundRange, type ServerFigures } from './rounds.js';
import { nginxBinary, startNginx, stopNginx, type NginxServer } from './regular/nginx.js';
import { writeRegistry } from './regular/registry.js';
import { ITEMS_BODY, PERMALINK, QUERY, UPSTREAM_PATH } from './regular/scenario.js';

const NODE_RATIO_TARGET = 0.9;
const NGINX_RATIO_TARGET = 0.65;
const ADDED_P50_TARGET_MS = 0.3;

const NAMES = ['upstream', 'nginx', 'node', 'conduit'] as const;
type Name = (typeof NAMES)[number];

const PATHS: Readonly<Record<Name, string>> = {
  upstream: `${UPSTREAM_PATH}?${QUERY}`,
  nginx: '/items',
  node: '/items',
  conduit: `/api/connectors/${PERMALINK}`,
};

const UPSTREAM_HEADERS = { 'x-api-version': '2024-06-01' };

function requestFor(name: Name): LoadRequest {
  // Calling the upstream directly, the load generator sends the header a proxy would add.
  return { path: PATHS[name], method: 'GET', ...(name === 'upstream' ? { headers: UPSTREAM_HEADERS } : {}), expectBody: ITEMS_BODY };
}

function settingsFrom(argv: readonly string[]) {
  return {
    ...loadSettings(argv, { duration: 4, rounds: 5, warmup: 2 }),
    cpuProfDir: stringFlag(argv, '--cpu-prof'),
  };
}

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2));
  const base = import.meta.url;
  const binary = nginxBinary();
  const profiling = (name: Name) => (settings.cpuProfDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfDir}/${name}`]);
  const upstream = await startServer('./regular/upstream-server.ts', base, {});
  const env = { BENCH_UPSTREAM_PORT: String(upstream.port) };
  const servers: Partial<Record<Name, ChildServer>> = { upstream };
  let nginx: NginxServer | null = null;
  let generator: LoadGenerator | null = null;
  try {
    servers.node = await startServer('./regular/node-proxy.ts', base, env, profiling('node'));
    servers.conduit = await startConduit(await writeRegistry(`http://127.0.0.1:${upstream.port}`), { logLevel: 'error', keepAliveTimeoutMs: 60_000 }, profiling('conduit'));
    if (binary !== null) servers.nginx = nginx = await startNginx(binary, upstream.port, PATHS.nginx);
    generator = await LoadGenerator.start();
    const names = NAMES.filter((n) => servers[n] !== undefined);
    const sample = (name: Name, connections: number, durationS: number) =>
      generator!.sample(servers[name]!, requestFor(name), connections, durationS, name === 'upstream' ? [] : [upstream]);

    // Correctness first: every server must answer 200 with the upstream's body.
    for (const name of names) {
      const check = await sample(name, 1, 0.2);
      if (check.errors > 0 || check.latencies.length === 0) throw new Error(`${name} does not answer the scenario correctly`);
    }
    for (const name of names) await sample(name, settings.concurrency, settings.warmupS);

    const rounds = await measureRounds(names, settings.rounds, (name) => sample(name, settings.concurrency, settings.durationS));
    const figures = Object.fromEntries(names.map((n) => [n, medianFigures(rounds.get(n)!)])) as Partial<Record<Name, ServerFigures>>;

    const conduit = figures.conduit!;
    const node = figures.node!;
    const viaNode = conduit.rps / node.rps;
    const viaNginx = figures.nginx === undefined ? null : conduit.rps / figures.nginx.rps;
    const addedP50 = conduit.p50 - node.p50;
    const ceiling = figures.upstream!.rps;
    const lines = [
      `regular-connector benchmark: ${settings.concurrency} connections, median of ${settings.rounds} rounds x ${settings.durationS}s, servers rotated each round, autocannon in its own process`,
      '',
      `${'server'.padEnd(10)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}${'cpu µs/req'.padStart(12)}${'vs upstream'.padStart(13)}   req/s per round`,
      ...names.map((n) => {
        const f = figures[n]!;
        return `${n.padEnd(10)}${fmt(f.rps, 0).padStart(10)}${fmt(f.p50).padStart(10)}${fmt(f.p99).padStart(10)}${String(f.errors).padStart(8)}${(f.cpuUsPerRequest === null ? 'n/a' : fmt(f.cpuUsPerRequest, 0)).padStart(12)}${`${fmt(f.rps / ceiling, 2)}x`.padStart(13)}   ${f.roundsRps.map((r) => fmt(r, 0)).join(' ')}`;
      }),
      ...(binary === null ? ['nginx     not installed (apt-get install -y nginx): not measured'] : []),
      '',
      `conduit/node throughput:  ${fmt(viaNode)} (${roundRange(rounds.get('conduit')!, rounds.get('node')!)}; target >= ${NODE_RATIO_TARGET}) ${viaNode >= NODE_RATIO_TARGET ? 'OK' : 'BELOW TARGET'}`,
      viaNginx === null
        ? 'conduit/nginx throughput: n/a (nginx not installed)'
        : `conduit/nginx throughput: ${fmt(viaNginx)} (${roundRange(rounds.get('conduit')!, rounds.get('nginx')!)}; target >= ${NGINX_RATIO_TARGET}) ${viaNginx >= NGINX_RATIO_TARGET ? 'OK' : 'BELOW TARGET'}`,
      ...(figures.nginx === undefined ? [] : [`node/nginx throughput:    ${fmt(node.rps / figures.nginx.rps)}`]),
      `p50 added over node:      ${fmt(addedP50)} ms (target <= ${ADDED_P50_TARGET_MS} ms) ${addedP50 <= ADDED_P50_TARGET_MS ? 'OK' : 'ABOVE TARGET'}`,
      `server CPU per request, conduit/node: ${conduit.cpuUsPerRequest === null || node.cpuUsPerRequest === null ? 'n/a' : fmt(conduit.cpuUsPerRequest / node.cpuUsPerRequest)} (less sensitive to other load on the machine than req/s)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    printResult({
      bench: 'regular',
      checks: [
        { name: 'throughput vs minimal Node proxy', value: viaNode, unit: '×', target: `>= ${NODE_RATIO_TARGET}×`, met: viaNode >= NODE_RATIO_TARGET },
        { name: 'throughput vs nginx', value: viaNginx, unit: '×', target: `>= ${NGINX_RATIO_TARGET}×`, met: viaNginx !== null && viaNginx >= NGINX_RATIO_TARGET },
        { name: 'p50 added over the Node proxy', value: addedP50, unit: 'ms', target: `<= ${ADDED_P50_TARGET_MS} ms`, met: addedP50 <= ADDED_P50_TARGET_MS },
      ],
      figures: { ...settings, servers: figures },
    });
    const errors = names.reduce((n, name) => n + figures[name]!.errors, 0);
    return errors > 0 ? 1 : 0;
  } finally {
    await generator?.stop();
    await Promise.all([
      ...(['node', 'conduit'] as const).flatMap((n) => (servers[n] === undefined ? [] : [stopServer(servers[n])])),
      ...(nginx === null ? [] : [stopNginx(nginx)]),
    ]);
    await stopServer(upstream);
  }
}

process.exitCode = await main();
