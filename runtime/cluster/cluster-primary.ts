// `--workers N`: the primary process forks N server workers with node:cluster, which share one
// listening port (the primary accepts and hands connections round-robin). The primary serves
// nothing itself: it announces the address once every worker listens, replaces a worker that
// dies, and on SIGTERM/SIGINT asks every worker to shut down gracefully (each lets its in-flight
// requests finish) and exits when all have, killing stragglers after the shutdown deadline.
// Each worker has its own in-memory caches; CONDUIT_REDIS_URL makes them shared.
import cluster, { type Worker } from 'node:cluster';
import { withServerNodeFlags } from '../server/server-node-flags.js';

export interface ClusterPrimaryOptions {
  readonly workers: number;
  /** The script every worker runs; it must call runServerFromCli (the bundle, or serve's worker entry). */
  readonly exec: string;
  /** Its arguments: the server flags. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `http://host:port` given the port the workers listen on. */
  readonly urlOf: (port: number) => string;
  readonly shutdownTimeoutMs: number;
  /** Exit codes a worker uses when it cannot start (bad options, unreadable files): not retried. */
  readonly startupFailureCodes: readonly number[];
  /** One line for the operator (standard error). */
  readonly report: (line: string) => void;
  /** Called once, when every worker of the first generation listens. */
  readonly onListening: (url: string) => void;
}

/** A worker that dies sooner than this after starting is restarted after a pause, not at once. */
const QUICK_DEATH_MS = 5000;
const RESTART_PAUSE_MS = 1000;
/** After the shutdown deadline, workers get this long before SIGKILL. */
const KILL_GRACE_MS = 5000;

/** Runs the primary until shutdown; resolves with the process exit code. */
export function runClusterPrimary(options: ClusterPrimaryOptions): Promise<number> {
  cluster.setupPrimary({ exec: options.exec, args: [...options.args], execArgv: withServerNodeFlags(process.execArgv) });
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.env)) if (value !== undefined) env[name] = value;

  // Live workers: when each started, and which slot it fills.
  const startedAt = new Map<Worker, number>();
  const indexOf = new Map<Worker, number>();
  const listened = new Set<Worker>();
  let announced = false;
  let stopping = false;
  let exitCode = 0;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const fork = (index: number) => {
    const worker = cluster.fork({ ...env, CONDUIT_WORKER_INDEX: String(index) });
    startedAt.set(worker, Date.now());
    indexOf.set(worker, index);
  };

  const onListening = (worker: Worker, address: { port: number }) => {
    listened.add(worker);
    if (announced) {
      options.report(`worker ${worker.process.pid} listening`);
      return;
    }
    if (listened.size < options.workers) return;
    announced = true;
    options.onListening(options.urlOf(address.port));
  };

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    if (startedAt.size === 0) return finish(exitCode);
    for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
    }, options.shutdownTimeoutMs + KILL_GRACE_MS);
    killer.unref();
  };
  const onSignal = () => stop(0);

  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    const index = indexOf.get(worker) ?? 0;
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    indexOf.delete(worker);
    const wasListening = listened.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) finish(exitCode);
      return;
    }
    if (!wasListening && code !== null && options.startupFailureCodes.includes(code)) {
      // A worker that cannot start will not start on a second try either: stop them all.
      options.report(`a worker could not start (exit code ${code}); stopping`);
      stop(code);
      return;
    }
    const how = signal !== null ? `signal ${signal}` : `code ${code}`;
    const pause = lived < QUICK_DEATH_MS ? RESTART_PAUSE_MS : 0;
    options.report(`worker ${worker.process.pid} exited (${how}); starting a replacement${pause > 0 ? ` in ${pause} ms` : ''}`);
    setTimeout(() => {
      if (!stopping) fork(index);
    }, pause);
  };

  cluster.on('listening', onListening);
  cluster.on('exit', onExit);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  for (let i = 0; i < options.workers; i++) fork(i);

  return done.finally(() => {
    cluster.off('listening', onListening);
    cluster.off('exit', onExit);
  });
}
