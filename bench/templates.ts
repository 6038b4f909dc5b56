// Render throughput of Conduit-compiled templates vs nunjucks' precompiled templates for the same
// ten realistic connector templates, in one run, printed as ratios. Conduit runs in both
// autoescape modes (on, as a registry file renders unless it says `autoescape: false`, and off),
// alternating with nunjucks round by round, so the three figures of a template share the
// machine's conditions. Both sides compile once up front; the loop measures rendering only, each
// with its own native context (template values for Conduit, plain objects for nunjucks).
// nunjucks runs in a worker thread of its own (./templates/nunjucks-worker.ts says why).
//
// Checks (issue 13): median template ≥ 6× nunjucks with autoescaping on; the JSON-heavy templates
// (bodies built with from_json/tojson) each ≥ 2×; autoescaping on costs ≤ 10% more time per
// render than off on the median template.
//
//   npx tsx bench/templates.ts [--ms 1000]   (milliseconds per template and engine)
import { Worker } from 'node:worker_threads';
import { compileTemplate } from '../compiler/template/compile-template.js';
import { parseTemplate } from '../compiler/template/parse.js';
import { rt } from '../runtime/template/helpers.js';
import type { TemplateEnv, TemplateFunction } from '../runtime/template/types.js';
import { parseJsonValue } from '../runtime/template/values.js';
import { printResult } from './result-line.js';
import { CONTEXT_JSON, JSON_HEAVY, SECRETS, TEMPLATES, VARIABLES } from './templates/cases.js';
import type { NunjucksAnswer, NunjucksRequest } from './templates/nunjucks-worker.js';
import { opsPerSecond, WARMUP_RENDERS } from './templates/render-rate.js';

/**
 * Compiled as `conduit build` compiles registry templates: told the names the context provides
 * (the build passes the runtime's variables), so other names are known not to be context variables.
 */
function compileConduit(source: string, autoescape: boolean, contextNames: readonly string[]): TemplateFunction {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.error.message}`);
  const { code } = compileTemplate(parsed.ast, { source, autoescape, contextNames });
  return new Function('rt', `return ${code}`)(rt) as TemplateFunction;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const MEDIAN_TARGET = 6;
const JSON_HEAVY_TARGET = 2;
/** Most extra time per render autoescaping may cost, in percent. */
const AUTOESCAPE_COST_TARGET = 10;

interface Row {
  readonly name: string;
  readonly nunjucks: number;
  readonly on: number;
  readonly off: number;
  /** Conduit (autoescape on) / nunjucks. */
  readonly ratioOn: number;
  readonly ratioOff: number;
  /** Extra time per render with autoescaping on, in percent of the time with it off. */
  readonly autoescapeCost: number;
}

/** The nunjucks worker: one template rendered for about `ms` ms (0: warm-up only), answered with renders per second. */
function nunjucksSide(): { measure: (index: number, ms: number) => Promise<number>; stop: () => Promise<number> } {
  // The worker registers tsx itself before loading its TypeScript entry (a worker does not take
  // over this process's `--import tsx` hooks on Node 20).
  const entry = new URL('./templates/nunjucks-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
  let pending: { resolve: (opsPerSecond: number) => void; reject: (err: Error) => void } | null = null;
  worker.on('message', (answer: NunjucksAnswer) => pending?.resolve(answer.opsPerSecond));
  worker.on('error', (err) => pending?.reject(err));
  return {
    measure: (index, ms) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage({ index, ms } satisfies NunjucksRequest);
      }),
    stop: () => worker.terminate(),
  };
}

async function measure(ms: number): Promise<Row[]> {
  const vars = parseJsonValue(CONTEXT_JSON) as Map<string, unknown>;
  const env: TemplateEnv = { getSecret: (n) => SECRETS[n], getVariable: (n) => VARIABLES[n], now: () => new Date(0) };
  const contextNames = [...vars.keys()] as string[];
  const conduitOn = TEMPLATES.map((t) => compileConduit(t.source, true, contextNames));
  const conduitOff = TEMPLATES.map((t) => compileConduit(t.source, false, contextNames));
  const nunjucks = nunjucksSide();

  // Rounds alternate between the engines and each keeps its best round, so a burst of load on
  // a shared machine does not decide a ratio (rates are per CPU second: ./templates/render-rate.ts).
  const rounds = 10;
  const rows: Row[] = [];
  for (const [i, t] of TEMPLATES.entries()) {
    const fnOn = conduitOn[i]!;
    const fnOff = conduitOff[i]!;
    const renderOn = (): string => fnOn(vars, env);
    const renderOff = (): string => fnOff(vars, env);
    for (let w = 0; w < WARMUP_RENDERS; w++) {
      renderOn();
      renderOff();
    }
    await nunjucks.measure(i, 0);
    const slice = ms / rounds;
    // One untimed round more: the optimising compiler finishes in the background, and a first
    // timed round still running partly unoptimised code decided the autoescape cost of short
    // templates (±10% from run to run).
    opsPerSecond(renderOn, slice);
    opsPerSecond(renderOff, slice);
    await nunjucks.measure(i, slice);
    let on = 0;
    let off = 0;
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      // Which Conduit mode goes first alternates too: neither always runs right after nunjucks.
      if (r % 2 === 0) {
        on = Math.max(on, opsPerSecond(renderOn, slice));
        off = Math.max(off, opsPerSecond(renderOff, slice));
      } else {
        off = Math.max(off, opsPerSecond(renderOff, slice));
        on = Math.max(on, opsPerSecond(renderOn, slice));
      }
      n = Math.max(n, await nunjucks.measure(i, slice));
    }
    rows.push({ name: t.name, nunjucks: n, on, off, ratioOn: on / n, ratioOff: off / n, autoescapeCost: (off / on - 1) * 100 });
  }
  await nunjucks.stop();
  return rows;
}

async function main(): Promise<void> {
  const msArg = process.argv.indexOf('--ms');
  const ms = msArg >= 0 ? Number(process.argv[msArg + 1]) : 1000;
  const rows = await measure(ms);
  const ops = (x: number): string => Math.round(x).toLocaleString('en').padStart(12);
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const header = ['nunjucks ops/s', 'on ops/s', 'ratio', 'off ops/s', 'ratio', 'escaping'];
  process.stdout.write(`${'template'.padEnd(nameWidth)}  ${header.map((h, i) => (i === 2 || i === 4 ? h.padStart(6) : h.padStart(14))).join('  ')}\n`);
  for (const r of rows) {
    const cost = `${r.autoescapeCost >= 0 ? '+' : ''}${r.autoescapeCost.toFixed(0)}%`;
    const cells = [ops(r.nunjucks), ops(r.on), `${r.ratioOn.toFixed(1)}×`, ops(r.off), `${r.ratioOff.toFixed(1)}×`, cost];
    process.stdout.write(`${r.name.padEnd(nameWidth)}  ${cells.map((c, i) => (i === 2 || i === 4 ? c.padStart(6) : c.padStart(14))).join('  ')}\n`);
  }
  const medianOn = median(rows.map((r) => r.ratioOn));
  const medianOff = median(rows.map((r) => r.ratioOff));
  const jsonHeavy = rows.filter((r) => JSON_HEAVY.has(r.name));
  const jsonMin = Math.min(...jsonHeavy.map((r) => r.ratioOn));
  const cost = median(rows.map((r) => r.autoescapeCost));
  const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
  process.stdout.write(
    [
      '',
      `median ratio, autoescape on:  ${medianOn.toFixed(1)}× (target ≥ ${MEDIAN_TARGET}×) ${verdict(medianOn >= MEDIAN_TARGET)}`,
      `median ratio, autoescape off: ${medianOff.toFixed(1)}×`,
      `JSON-heavy templates (${jsonHeavy.map((r) => r.name).join(', ')}), lowest ratio with autoescape on: ${jsonMin.toFixed(1)}× (target ≥ ${JSON_HEAVY_TARGET}×) ${verdict(jsonMin >= JSON_HEAVY_TARGET)}`,
      `autoescaping on vs off, extra time per render on the median template: ${cost.toFixed(1)}% (target ≤ ${AUTOESCAPE_COST_TARGET}%) ${verdict(cost <= AUTOESCAPE_COST_TARGET)}`,
      '',
    ].join('\n'),
  );
  printResult({
    bench: 'templates',
    checks: [
      { name: 'render speed vs nunjucks, median template (autoescape on)', value: medianOn, unit: '×', target: `>= ${MEDIAN_TARGET}×`, met: medianOn >= MEDIAN_TARGET },
      { name: 'render speed vs nunjucks, slowest JSON-heavy template', value: jsonMin, unit: '×', target: `>= ${JSON_HEAVY_TARGET}×`, met: jsonMin >= JSON_HEAVY_TARGET },
      { name: 'autoescape on vs off, median template', value: cost, unit: '%', target: `<= ${AUTOESCAPE_COST_TARGET}%`, met: cost <= AUTOESCAPE_COST_TARGET },
    ],
    figures: {
      msPerTemplate: ms,
      medianRatioAutoescapeOff: medianOff,
      templates: rows.map((r) => ({
        name: r.name,
        nunjucksOpsPerS: r.nunjucks,
        conduitOpsPerS: r.on,
        ratio: r.ratioOn,
        conduitAutoescapeOffOpsPerS: r.off,
        ratioAutoescapeOff: r.ratioOff,
        autoescapeCostPercent: r.autoescapeCost,
      })),
    },
  });
}

await main();
