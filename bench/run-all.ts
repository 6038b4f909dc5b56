// `npm run bench`: runs every benchmark, one after another, each in its own process with a time
// limit, collects the `RESULT {json}` line each prints (./result-line.ts), prints a summary of
// every figure against its target, and writes bench/RESULTS.md with the machine, the command and
// the date. A benchmark that is not there, fails, runs out of time or prints no RESULT line is
// reported as such; its figures are never made up.
//
//   node --import tsx bench/run-all.ts [--quick] [--only name,name] [--out FILE]
//
// --quick shortens every benchmark (for trying the harness; figures are not representative) and
// writes no file unless --out is given. --only refreshes the named benchmarks in the results file
// and keeps the rows and output of the others from the file as it was, saying from which run they
// are. Exit code 0 only when every benchmark ran and met its targets.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseResult, RESULT_PREFIX, type BenchResult } from './result-line.js';

interface BenchSpec {
  readonly name: string;
  /** What it compares, for the summary. */
  readonly measures: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly quickArgs: readonly string[];
  readonly timeoutMs: number;
}

const MINUTE = 60_000;

const BENCHES: readonly BenchSpec[] = [
  { name: 'templates', measures: 'template render vs nunjucks', file: 'templates.ts', args: ['--ms', '1000'], quickArgs: ['--ms', '100'], timeoutMs: 5 * MINUTE },
  {
    name: 'runtime',
    measures: 'runtime vs hand-written baseline (3-step composite)',
    file: 'runtime.ts',
    args: ['--duration', '4', '--rounds', '5'],
    quickArgs: ['--duration', '1', '--rounds', '1', '--warmup', '0.5'],
    timeoutMs: 5 * MINUTE,
  },
  {
    name: 'regular',
    measures: 'regular connector: conduit vs Node proxy vs nginx vs upstream',
    file: 'regular.ts',
    args: ['--duration', '4', '--rounds', '5', '--concurrency', '32'],
    quickArgs: ['--duration', '1', '--rounds', '1', '--warmup', '0.5'],
    timeoutMs: 5 * MINUTE,
  },
  {
    name: 'cache',
    measures: 'cacheable GET, response cache on vs off',
    file: 'cache.ts',
    args: ['--duration', '5', '--rounds', '2'],
    quickArgs: ['--duration', '1', '--rounds', '1', '--warmup', '0.5'],
    timeoutMs: 5 * MINUTE,
  },
  {
    name: 'parallel',
    measures: 'composite of 4 independent 20 ms steps + 1: execution: parallel vs sequential',
    file: 'parallel.ts',
    args: ['--requests', '200'],
    quickArgs: ['--requests', '20', '--warmup', '2'],
    timeoutMs: 5 * MINUTE,
  },
  { name: 'compile', measures: 'conduit build of 1,000 connectors', file: 'compile.ts', args: [], quickArgs: ['--connectors', '100'], timeoutMs: 10 * MINUTE },
  { name: 'check', measures: 'conduit check of 1,000 connectors', file: 'check.ts', args: ['--runs', '3'], quickArgs: ['--connectors', '100', '--runs', '1'], timeoutMs: 5 * MINUTE },
  {
    name: 'cold-start',
    measures: 'bundle of 1,000 connectors: start to first answer, idle RSS',
    file: 'cold-start.ts',
    args: ['--runs', '5'],
    quickArgs: ['--connectors', '100', '--runs', '2'],
    timeoutMs: 10 * MINUTE,
  },
  {
    name: 'fleet',
    measures: '3 instances behind nginx vs 1; tracing off vs the build without it',
    file: 'fleet.ts',
    args: ['--duration', '5', '--rounds', '2'],
    quickArgs: ['--duration', '1', '--rounds', '1', '--warmup', '0.5'],
    timeoutMs: 5 * MINUTE,
  },
  {
    name: 'soak',
    measures: '200,000 requests, 10% of upstream calls failing',
    file: 'soak.ts',
    args: ['--requests', '200000'],
    quickArgs: ['--requests', '10000', '--warmup', '2000', '--samples', '2'],
    timeoutMs: 40 * MINUTE,
  },
];

type Outcome =
  | { readonly kind: 'ok'; readonly result: BenchResult }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly reason: string; readonly result: BenchResult | null };

interface Run {
  readonly spec: BenchSpec;
  readonly command: string;
  readonly outcome: Outcome;
  readonly output: string;
  readonly seconds: number;
}

interface Options {
  readonly quick: boolean;
  readonly only: ReadonlySet<string> | null;
  readonly out: string | null;
}

const DEFAULT_OUT = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

function optionsFrom(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? null : (argv[i + 1] ?? null);
  };
  const only = at('--only');
  const names = only === null ? null : new Set(only.split(',').map((n) => n.trim()));
  for (const name of names ?? []) if (!BENCHES.some((b) => b.name === name)) throw new Error(`--only: no benchmark named '${name}'`);
  return { quick, only: names, out: at('--out') ?? (quick ? null : DEFAULT_OUT) };
}

/** Runs one benchmark in its own process group (so its servers go too), echoing its output. */
function runBench(spec: BenchSpec, args: readonly string[]): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(spec.file, import.meta.url)), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer, to: NodeJS.WriteStream) => {
    const text = chunk.toString('utf8');
    output += text;
    to.write(text.split('\n').map((l, i, all) => (i === all.length - 1 && l === '' ? '' : `  [${spec.name}] ${l}`)).join('\n'));
  };
  child.stdout!.on('data', (c: Buffer) => collect(c, process.stdout));
  child.stderr!.on('data', (c: Buffer) => collect(c, process.stderr));
  let timedOut = false;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    setTimeout(() => killGroup('SIGKILL'), 5_000).unref();
  }, spec.timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      // Whatever the bench left behind (a server it did not stop) goes with it.
      killGroup('SIGKILL');
      resolve({ code, output, timedOut });
    });
  });
}

async function run(spec: BenchSpec, options: Options): Promise<Run> {
  const args = options.quick ? spec.quickArgs : spec.args;
  const command = ['node --import tsx', `bench/${spec.file}`, ...args].join(' ');
  if (!existsSync(fileURLToPath(new URL(spec.file, import.meta.url)))) {
    process.stdout.write(`\n== ${spec.name}: bench/${spec.file} is missing\n`);
    return { spec, command, outcome: { kind: 'missing' }, output: '', seconds: 0 };
  }
  process.stdout.write(`\n== ${spec.name}: ${command}\n`);
  const started = performance.now();
  const { code, output, timedOut } = await runBench(spec, args);
  const seconds = (performance.now() - started) / 1000;
  const result = parseResult(output);
  let outcome: Outcome;
  if (timedOut) outcome = { kind: 'failed', reason: `stopped after the ${spec.timeoutMs / MINUTE} min limit`, result };
  else if (result === null) outcome = { kind: 'failed', reason: code === 0 ? 'printed no RESULT line' : `exited with ${code} and no RESULT line`, result: null };
  else if (code !== 0 && result.checks.every((c) => c.met)) outcome = { kind: 'failed', reason: `exited with ${code}`, result };
  else outcome = { kind: 'ok', result };
  return { spec, command, outcome, output, seconds };
}

function formatValue(value: number | null, unit: string): string {
  if (value === null) return 'n/a';
  if (Number.isInteger(value) && unit === '') return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit === '' ? '' : unit === '×' || unit === '%' ? unit : ` ${unit}`}`;
}

interface Row {
  readonly bench: string;
  readonly measures: string;
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  readonly status: string;
}

function rowsOf(runs: readonly Run[]): Row[] {
  const rows: Row[] = [];
  for (const { spec, outcome } of runs) {
    const base = { bench: spec.name, measures: spec.measures };
    if (outcome.kind === 'missing') {
      rows.push({ ...base, figure: '—', value: '—', target: '—', status: `MISSING (bench/${spec.file} does not exist)` });
      continue;
    }
    const result = outcome.result;
    if (outcome.kind === 'failed') rows.push({ ...base, figure: '—', value: '—', target: '—', status: `FAILED: ${outcome.reason}` });
    for (const check of result?.checks ?? []) {
      rows.push({ ...base, figure: check.name, value: formatValue(check.value, check.unit), target: check.target, status: check.met ? 'met' : 'NOT met' });
    }
  }
  return rows;
}

function textTable(rows: readonly Row[]): string {
  const header: Row = { bench: 'bench', measures: 'measures', figure: 'figure', value: 'value', target: 'target', status: 'status' };
  const keys = ['bench', 'figure', 'value', 'target', 'status'] as const;
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => keys.map((k, i) => r[k].padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function markdownRows(rows: readonly Row[]): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return rows.map((r) => `| ${[r.bench, r.measures, r.figure, r.value, r.target, r.status].map(cell).join(' | ')} |`);
}

/** What an earlier results file holds for the benchmarks not run now: their summary rows and output sections. */
interface EarlierResults {
  readonly date: string;
  /** Its `- Machine:` and `- Load average …` lines. */
  readonly setting: string;
  readonly rows: ReadonlyMap<string, readonly string[]>;
  readonly sections: ReadonlyMap<string, string>;
}

const KEPT_MARK = '_Kept from the run of';

function earlierResults(text: string): EarlierResults {
  const date = /^- Date: (\S+)/m.exec(text)?.[1] ?? 'an earlier run';
  const machine = /^- Machine: (.+)$/m.exec(text)?.[1] ?? 'unknown machine';
  const load = /^- Load average \(1\/5\/15 min\) at start: ([^;]+);/m.exec(text)?.[1] ?? 'unknown';
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const bench = /^\| ([a-z-]+) \|/.exec(line)?.[1];
    if (bench === undefined || bench === 'bench') continue;
    rows.set(bench, [...(rows.get(bench) ?? []), line]);
  }
  const sections = new Map<string, string>();
  const output = text.indexOf('\n## Output of each benchmark');
  for (const part of (output < 0 ? '' : text.slice(output)).split(/\n(?=### )/).slice(1)) {
    const name = /^### ([a-z-]+) /.exec(part)?.[1];
    if (name !== undefined) sections.set(name, part.trim());
  }
  return { date, setting: `${machine}, load average at start ${load}`, rows, sections };
}

interface Machine {
  readonly cpus: number;
  readonly model: string;
  readonly ramGb: number;
  readonly os: string;
  readonly node: string;
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    model: cpus[0]?.model.trim() ?? 'unknown',
    ramGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
  };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

function markdown(runs: readonly Run[], options: Options, started: Date, loadBefore: string, loadAfter: string, totalS: number, earlier: EarlierResults | null): string {
  const m = machine();
  const argv = process.argv.slice(2);
  const ranNow = new Map(runs.map((r) => [r.spec.name, r]));
  const sectionOf = ({ spec, command, outcome, output, seconds }: Run) => {
    const body = output
      .split('\n')
      .filter((l) => !l.startsWith(RESULT_PREFIX))
      .join('\n')
      .trim();
    const status = outcome.kind === 'missing' ? 'missing' : outcome.kind === 'failed' ? `failed: ${outcome.reason}` : `${seconds.toFixed(0)} s`;
    return [`### ${spec.name} — ${spec.measures} (${status})`, '', `\`${command}\``, '', body === '' ? '_no output_' : ['```', body, '```'].join('\n')].join('\n');
  };
  // In the order of BENCHES: what ran now, else what the earlier file had (marked as such).
  const kept = (name: string) => earlier !== null && !ranNow.has(name) && earlier.rows.has(name);
  const summaryRows = BENCHES.flatMap((spec) => {
    const run = ranNow.get(spec.name);
    if (run !== undefined) return markdownRows(rowsOf([run]));
    return kept(spec.name) ? [...earlier!.rows.get(spec.name)!] : [];
  });
  const sections = BENCHES.flatMap((spec) => {
    const run = ranNow.get(spec.name);
    if (run !== undefined) return [sectionOf(run)];
    const section = kept(spec.name) ? earlier!.sections.get(spec.name) : undefined;
    if (section === undefined) return [];
    // A section kept twice still names the run it came from.
    return [section.includes(KEPT_MARK) ? section : `${section}\n\n${KEPT_MARK} ${earlier!.date}: ${earlier!.setting}._`];
  });
  const keptNames = BENCHES.filter((b) => kept(b.name)).map((b) => b.name);
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run-all.ts); rerun it to refresh this file rather than editing it.',
    '',
    `- Date: ${started.toISOString()}${keptNames.length === 0 ? '' : ` (${runs.map((r) => r.spec.name).join(', ')}; ${keptNames.join(', ')} kept from earlier runs, each section says which)`}`,
    `- Command: \`npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}\`${options.quick ? ' (quick: shortened runs, figures not representative)' : ''}`,
    `- Machine: ${m.cpus} CPUs (\`nproc\`), ${m.model}, ${m.ramGb.toFixed(1)} GiB RAM, ${m.os}`,
    `- Node: ${m.node}`,
    `- Load average (1/5/15 min) at start: ${loadBefore}; at end: ${loadAfter} — the machine may be shared, which shows in latency and throughput figures`,
    `- Total time: ${(totalS / 60).toFixed(1)} min`,
    '',
    '## Summary',
    '',
    '| bench | measures | figure | value | target | status |',
    '|---|---|---|---|---|---|',
    ...summaryRows,
    '',
    '## Output of each benchmark',
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const options = optionsFrom(process.argv.slice(2));
  const started = new Date();
  const t0 = performance.now();
  const loadBefore = loadAverage();
  const runs: Run[] = [];
  for (const spec of BENCHES) {
    if (options.only !== null && !options.only.has(spec.name)) continue;
    runs.push(await run(spec, options));
  }
  const loadAfter = loadAverage();
  const totalS = (performance.now() - t0) / 1000;
  const rows = rowsOf(runs);
  process.stdout.write(`\n== summary (${(totalS / 60).toFixed(1)} min, load average ${loadBefore} -> ${loadAfter})\n${textTable(rows)}\n`);
  if (options.out !== null) {
    const earlier = options.only !== null && existsSync(options.out) ? earlierResults(await readFile(options.out, 'utf8')) : null;
    await writeFile(options.out, markdown(runs, options, started, loadBefore, loadAfter, totalS, earlier));
    process.stdout.write(`\nwrote ${options.out}\n`);
  }
  const allGood = runs.every((r) => r.outcome.kind === 'ok') && rows.every((r) => r.status === 'met');
  return allGood ? 0 : 1;
}

process.exitCode = await main();
