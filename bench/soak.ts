// Soak benchmark: the runtime (its own process) serves a 3-step composite under sustained load
// while 10% of upstream calls fail (connection resets, resets mid-body, HTTP 500s, answers slower
// than the upstream timeout). Reports the runtime's RSS after warm-up and at the end (both right
// after a full GC, plus the end RSS without one and samples along the way), its growth, crashes
// (the process exiting, or any unhandled rejection / uncaught exception it counted), and answers
// by status and scope. Targets: RSS growth < 10 %, zero crashes.
//
//   node --import tsx bench/soak.ts [--requests 200000] [--warmup 20000] [--concurrency 64]
//                                  [--upstream-timeout-ms 200] [--slow-ms 1000] [--samples 10]
//
// The last line is `RESULT {json}` for bench/run-all.ts (./result-line.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { printResult } from './result-line.js';
import { CALLER_PAYLOAD, REPORT_BODY, SOAK_PATH, type ChildMessage, type DriverMessage } from './soak/scenario.js';

const RSS_GROWTH_TARGET_PCT = 10;

interface Settings {
  readonly requests: number;
  readonly warmup: number;
  readonly concurrency: number;
  readonly upstreamTimeoutMs: number;
  readonly slowMs: number;
  readonly samples: number;
}

function settingsFrom(argv: readonly string[]): Settings {
  const value = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag);
    if (at < 0) return fallback;
    const n = Number(argv[at + 1]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
    return n;
  };
  const settings = {
    requests: value('--requests', 200_000),
    warmup: value('--warmup', 20_000),
    concurrency: value('--concurrency', 64),
    upstreamTimeoutMs: value('--upstream-timeout-ms', 200),
    slowMs: value('--slow-ms', 1_000),
    samples: value('--samples', 10),
  };
  if (settings.slowMs <= settings.upstreamTimeoutMs) throw new Error('--slow-ms must exceed --upstream-timeout-ms: slow answers must time out');
  if (settings.requests === 0 || settings.concurrency === 0) throw new Error('--requests and --concurrency must be positive');
  return settings;
}

/** A child process spoken to over IPC. */
class Child {
  private readonly waiting: ((message: ChildMessage) => void)[] = [];
  /** Set when the process exited; `expected` when we asked it to stop. */
  exit: { code: number | null; signal: NodeJS.Signals | null; expected: boolean } | null = null;
  private stopping = false;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    process.on('message', (message: ChildMessage) => this.waiting.shift()?.(message));
    process.on('exit', (code, signal) => {
      this.exit = { code, signal, expected: this.stopping };
    });
  }

  static start(name: string, file: string, env: Readonly<Record<string, string>>, nodeFlags: readonly string[] = []): Child {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Child(name, child);
  }

  next(timeoutMs = 30_000): Promise<ChildMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not answer within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  async ask(message: DriverMessage): Promise<ChildMessage> {
    const answer = this.next();
    this.process.send(message);
    return answer;
  }

  async stop(): Promise<ChildMessage | null> {
    if (this.exit !== null) return null;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    const report = await this.ask({ type: 'stop' });
    await exited;
    return report;
  }
}

interface Memory {
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

async function memory(child: Child, gc: boolean): Promise<Memory> {
  const answer = await child.ask({ type: 'memory', gc });
  if (answer.type !== 'memory') throw new Error(`unexpected answer ${answer.type}`);
  return { rssMb: answer.rss / 1048576, heapUsedMb: answer.heapUsed / 1048576 };
}

interface LoadResult {
  readonly byOutcome: Map<string, number>;
  readonly latencies: Float64Array;
  readonly elapsedS: number;
  /** Requests that got no HTTP answer at all (the runtime unreachable). */
  readonly transportErrors: number;
}

/** `200 ok`, or `<status> <scope>` with the step name kept and the index dropped. */
function outcomeOf(status: number, body: string): string {
  if (status === 200) return body === REPORT_BODY ? '200 ok' : '200 unexpected body';
  try {
    const scope = (JSON.parse(body) as { errors?: { scope?: string } }).errors?.scope ?? 'no scope';
    return `${status} ${scope.replace(/^Composite step '([^']+)' \(index \d+\): /, '$1: ')}`;
  } catch {
    return `${status} not an envelope`;
  }
}

/** Sends `total` requests with `concurrency` connections (closed loop); calls `onProgress` every `every` answers. */
async function load(port: number, total: number, concurrency: number, every: number, onProgress: (done: number) => Promise<void>): Promise<LoadResult> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency, pipelining: 1 });
  const byOutcome = new Map<string, number>();
  const latencies = new Float64Array(total);
  let issued = 0;
  let done = 0;
  let transportErrors = 0;
  let progress: Promise<void> = Promise.resolve();
  const started = performance.now();
  const worker = async () => {
    while (issued < total) {
      const index = issued++;
      const t0 = performance.now();
      let outcome: string;
      try {
        const { statusCode, body } = await pool.request({ path: SOAK_PATH, method: 'POST', headers: { 'content-type': 'application/json' }, body: CALLER_PAYLOAD });
        outcome = outcomeOf(statusCode, await body.text());
      } catch {
        transportErrors++;
        outcome = 'no answer';
      }
      latencies[index] = performance.now() - t0;
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
      if (++done % every === 0) progress = progress.then(() => onProgress(done));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await progress;
  const elapsedS = (performance.now() - started) / 1000;
  await pool.close();
  return { byOutcome, latencies, elapsedS, transportErrors };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2));
  const upstream = Child.start('upstream', './soak/upstream-server.ts', { SOAK_SLOW_MS: String(settings.slowMs) });
  const upstreamReady = await upstream.next();
  if (upstreamReady.type !== 'ready') throw new Error('the upstream did not start');
  const conduit = Child.start(
    'conduit',
    './soak/conduit-server.ts',
    { SOAK_UPSTREAM_PORT: String(upstreamReady.port), SOAK_UPSTREAM_TIMEOUT_MS: String(settings.upstreamTimeoutMs) },
    ['--expose-gc'],
  );
  const conduitReady = await conduit.next();
  if (conduitReady.type !== 'ready') throw new Error('the runtime did not start');
  const port = conduitReady.port;
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };

  try {
    say(
      `soak: ${settings.requests} requests (after ${settings.warmup} warm-up) to a 3-step composite, ${settings.concurrency} connections, ` +
        `10% of upstream calls failing (reset, reset mid-body, HTTP 500, slower than the ${settings.upstreamTimeoutMs} ms upstream timeout)`,
    );
    const started = await memory(conduit, false);
    if (settings.warmup > 0) await load(port, settings.warmup, settings.concurrency, settings.warmup, async () => {});
    const before = await memory(conduit, true);
    say(`RSS at start ${fmt(started.rssMb)} MB; after warm-up and GC ${fmt(before.rssMb)} MB (heap ${fmt(before.heapUsedMb)} MB)`);

    const samples: { done: number; rssMb: number }[] = [];
    const every = Math.max(1, Math.floor(settings.requests / Math.max(1, settings.samples)));
    const result = await load(port, settings.requests, settings.concurrency, every, async (done) => {
      if (conduit.exit !== null) return;
      const m = await memory(conduit, false);
      samples.push({ done, rssMb: m.rssMb });
      say(`  ${String(done).padStart(8)} requests: RSS ${fmt(m.rssMb)} MB, heap ${fmt(m.heapUsedMb)} MB`);
    });
    const crashedDuringRun = conduit.exit !== null;
    const endRaw = crashedDuringRun ? null : await memory(conduit, false);
    const after = crashedDuringRun ? null : await memory(conduit, true);

    const runtimeReport = crashedDuringRun ? null : await conduit.stop();
    const upstreamReport = await upstream.stop();
    const unhandled = runtimeReport?.type === 'report' ? runtimeReport.unhandledRejections + runtimeReport.uncaughtExceptions : 0;
    // A crash: the runtime exited before it was told to stop, or stopped with a failure code.
    const crashes = conduit.exit !== null && (!conduit.exit.expected || conduit.exit.code !== 0) ? 1 : 0;

    const sorted = Float64Array.from(result.latencies).sort();
    const answered = settings.requests - result.transportErrors;
    say('');
    say(`answers (${fmt(answered / result.elapsedS, 0)} req/s, p50 ${fmt(percentile(sorted, 50), 2)} ms, p99 ${fmt(percentile(sorted, 99), 2)} ms):`);
    for (const [outcome, count] of [...result.byOutcome].sort((a, b) => b[1] - a[1])) {
      say(`  ${String(count).padStart(8)}  ${fmt((100 * count) / settings.requests, 2).padStart(6)}%  ${outcome}`);
    }
    if (upstreamReport?.type === 'upstream-report') {
      const failed = Object.values(upstreamReport.faults).reduce((a, b) => a + b, 0);
      say(
        `upstream: ${upstreamReport.calls} calls, ${failed} failed (${fmt((100 * failed) / upstreamReport.calls, 2)}%): ` +
          Object.entries(upstreamReport.faults).map(([kind, n]) => `${kind} ${n}`).join(', '),
      );
    }
    const growthPct = after === null ? null : (100 * (after.rssMb - before.rssMb)) / before.rssMb;
    say(
      after === null || endRaw === null
        ? 'RSS at the end: the runtime was not running'
        : `RSS after GC: ${fmt(before.rssMb)} MB -> ${fmt(after.rssMb)} MB (${growthPct! >= 0 ? '+' : ''}${fmt(growthPct!, 2)}%, target < ${RSS_GROWTH_TARGET_PCT}%); ` +
            `heap ${fmt(before.heapUsedMb)} -> ${fmt(after.heapUsedMb)} MB; RSS at the end before GC ${fmt(endRaw.rssMb)} MB`,
    );
    say(
      `crashes: ${crashes} (runtime exit ${conduit.exit?.code ?? 'none'}${crashedDuringRun ? ' during the run' : ''}), ` +
        `unhandled rejections + uncaught exceptions in the runtime: ${runtimeReport?.type === 'report' ? unhandled : 'unknown'}, requests without an answer: ${result.transportErrors}`,
    );
    const met = growthPct !== null && growthPct < RSS_GROWTH_TARGET_PCT && crashes === 0 && unhandled === 0 && result.transportErrors === 0;
    say(`targets: ${met ? 'met' : 'NOT met'}`);
    printResult({
      bench: 'soak',
      checks: [
        { name: 'RSS growth after GC, warm-up to end', value: growthPct, unit: '%', target: `< ${RSS_GROWTH_TARGET_PCT} %`, met: growthPct !== null && growthPct < RSS_GROWTH_TARGET_PCT },
        { name: 'crashes', value: crashes, unit: '', target: '0', met: crashes === 0 },
        { name: 'unhandled rejections + uncaught exceptions', value: runtimeReport?.type === 'report' ? unhandled : null, unit: '', target: '0', met: unhandled === 0 && runtimeReport?.type === 'report' },
        { name: 'requests without an answer', value: result.transportErrors, unit: '', target: '0', met: result.transportErrors === 0 },
      ],
      figures: {
        requests: settings.requests,
        warmup: settings.warmup,
        concurrency: settings.concurrency,
        upstreamTimeoutMs: settings.upstreamTimeoutMs,
        rps: answered / result.elapsedS,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        rssStartMb: started.rssMb,
        rssBeforeMb: before.rssMb,
        rssAfterMb: after?.rssMb ?? null,
        rssEndBeforeGcMb: endRaw?.rssMb ?? null,
        heapBeforeMb: before.heapUsedMb,
        heapAfterMb: after?.heapUsedMb ?? null,
        rssSamplesMb: samples,
        outcomes: Object.fromEntries(result.byOutcome),
        upstream: upstreamReport?.type === 'upstream-report' ? { calls: upstreamReport.calls, faults: upstreamReport.faults } : null,
      },
    });
    return met ? 0 : 1;
  } finally {
    if (conduit.exit === null) conduit.process.kill('SIGKILL');
    if (upstream.exit === null) upstream.process.kill('SIGKILL');
  }
}

process.exitCode = await main();
