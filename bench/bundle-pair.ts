// Two registry bundles compared side by side, for questions a single run cannot resolve on a
// shared machine (a few percent of server CPU): each pair of fresh server processes (plain node,
// ./serve-bundle.mjs) is started in the given order, warmed up, and measured in alternating
// rounds; the answer is each side's median figures. Callers run several pairs, alternating the
// start order: a server process keeps its JIT decisions for life, so one pair is one draw.
// Used by ./request-id-cost.ts and ./compare-revisions.ts.
import { startServer, stopServer, type ChildServer, type LoadRequest } from './closed-loop.js';
import type { LoadGenerator } from './load-generator.js';
import { measureRounds, medianFigures, type ServerFigures } from './rounds.js';

export interface PairSettings {
  readonly request: LoadRequest;
  /** Upstreams and other helper processes whose CPU the load generator also reads. */
  readonly helpers: readonly ChildServer[];
  /** Server options beyond the bench defaults (serve-bundle.mjs BENCH_SERVE_OPTIONS). */
  readonly serveOptions?: Readonly<Record<string, unknown>>;
  readonly connections: number;
  readonly rounds: number;
  readonly durationS: number;
}

export async function measureBundlePair<Name extends string>(
  bundles: Readonly<Record<Name, string>>,
  order: readonly Name[],
  generator: LoadGenerator,
  settings: PairSettings,
): Promise<Record<Name, ServerFigures>> {
  const servers: Partial<Record<Name, ChildServer>> = {};
  try {
    for (const name of order) {
      servers[name] = await startServer('./serve-bundle.mjs', import.meta.url, {
        BENCH_BUNDLE: bundles[name],
        BENCH_SERVE_OPTIONS: JSON.stringify(settings.serveOptions ?? {}),
      });
    }
    const sample = (name: Name, durationS: number) => generator.sample(servers[name]!, settings.request, settings.connections, durationS, settings.helpers);
    for (const name of order) await sample(name, 2);
    const measured = await measureRounds(order, settings.rounds, (name) => sample(name, settings.durationS));
    return Object.fromEntries(order.map((name) => [name, medianFigures(measured.get(name)!)])) as Record<Name, ServerFigures>;
  } finally {
    for (const server of Object.values(servers) as ChildServer[]) await stopServer(server);
  }
}
