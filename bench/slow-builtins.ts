// The three builtins issue 14 found super-linear (int, unique, wordwrap), timed on inputs of a
// given size beside a linear baseline (one pass over the same input) measured in the same run.
//
//   npx tsx bench/slow-builtins.ts [--kib 1024]   (input size; unique gets kib*100 ints)
import { FILTERS } from '../runtime/template/builtins.js';
import { beginRender, configureRenderLimits } from '../runtime/template/render-budget.js';
import { iterate } from '../runtime/template/sequences.js';

const kibArg = process.argv.indexOf('--kib');
const kib = kibArg > 0 ? Number(process.argv[kibArg + 1]) : 1024;
const size = kib * 1024;
// Budgets would stop these inputs early: measure the algorithms themselves.
configureRenderLimits({ maxWork: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER });

type Filter = (...args: unknown[]) => unknown;
const filter = (name: string): Filter => FILTERS[name]!.fn as Filter;

function time(fn: () => unknown): number {
  beginRender();
  const start = process.hrtime.bigint();
  const out = fn();
  if (out !== null && typeof out === 'object' && Symbol.iterator in out) [...(out as Iterable<unknown>)];
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const digits = '7'.repeat(size);
const ints = Array.from({ length: Math.round(size / 10) }, (_, i) => i);
const word = 'x'.repeat(size);
const prose = 'lorem ipsum dolor sit amet, consectetur adipiscing elit '.repeat(Math.ceil(size / 56)).slice(0, size);

const baseline = time(() => iterate(digits).length);
const rows = [
  ['int', `${kib} KiB of digits`, time(() => filter('int')(digits))],
  ['unique', `${ints.length} ints`, time(() => filter('unique')(ints))],
  ['wordwrap(80)', `${kib} KiB of prose`, time(() => filter('wordwrap')(prose, 80))],
  ['wordwrap(80)', `${kib} KiB, one word`, time(() => filter('wordwrap')(word, 80))],
] as const;
console.log(`baseline (iterate ${kib} KiB): ${baseline.toFixed(1)} ms`);
for (const [name, input, ms] of rows) console.log(`${name.padEnd(13)} ${input.padEnd(22)} ${ms.toFixed(1).padStart(10)} ms  (${(ms / baseline).toFixed(1)}× baseline)`);
