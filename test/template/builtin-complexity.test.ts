// Issue 14 item 1: every builtin (filter, test, str/list/dict method, operator) is linear or
// n log n in its input. Each case runs on a 1 MiB input and must stay within a generous multiple
// of a linear baseline measured in the same test on an input of the same size: a quadratic
// algorithm is ~10^5 times slower at this size, far beyond any noise of a shared machine. Every
// builtin in the runtime's tables must have a case here, so a new one cannot skip the check.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FILTERS, TESTS } from '../../runtime/template/builtins.js';
import { DICT_METHODS, LIST_METHODS } from '../../runtime/template/container-methods.js';
import { add, contains, mod, mul } from '../../runtime/template/operators.js';
import { Markup, tuple } from '../../runtime/template/py-values.js';
import { beginRender, configureRenderLimits, currentRenderLimits, type RenderLimits } from '../../runtime/template/render-budget.js';
import { STR_METHODS } from '../../runtime/template/str-methods.js';
import { TemplateRenderError } from '../../runtime/template/types.js';

const MIB = 1024 * 1024;
/** A list of this many items takes 1 MiB of slots. */
const ITEMS = MIB / 8;
/** Far above what a linear builtin needs on a noisy machine, far below what a quadratic one takes. */
const MAX_RATIO = 150;
// Sorting 131k items on a loaded 2-core machine takes seconds: these are not unit-test sized.
vi.setConfig({ testTimeout: 120_000 });

function build(size: number, unit: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const part = unit(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join('').slice(0, size);
}

const PROSE_WORDS = ['lorem', 'ipsum', 'dolor-sit', 'amet,', '<b>bold</b>', 'https://example.com/a?b=c', 'mail@example.org', 'x--y', 'Ünïcödé', '😀', '\t', '\n', '%', '{', '}'];
const TEXT = build(MIB, (i) => `${PROSE_WORDS[(i * 7) % PROSE_WORDS.length]}${i % 13 === 0 ? '\n' : ' '}`);
const ONE_WORD = 'x'.repeat(MIB);
const HYPHENS = `a${'-'.repeat(MIB - 2)}b`;
const SPACES = `a${' '.repeat(MIB - 2)}b`;
const DIGITS = '7'.repeat(MIB);
const TAGS = build(MIB, (i) => (i % 2 === 0 ? '<' : 'a'));
const INTS = Array.from({ length: ITEMS }, (_, i) => (i * 7919) % ITEMS);
const STRS = INTS.map((n) => `s${n}`);
const DICTS = INTS.map((n) => new Map<string, unknown>([['name', `n${n % 1000}`], ['n', n]]));
const DICT = new Map<unknown, unknown>(INTS.map((n) => [`k${n}`, n]));
const JSON_TEXT = JSON.stringify(INTS);

type Case = readonly [label: string, run: () => unknown];

const filter = (name: string, ...args: unknown[]): (() => unknown) => {
  const fn = FILTERS[name]!.fn as (...a: unknown[]) => unknown;
  const sig = FILTERS[name]!.sig;
  return () => (sig.varargs ? fn(args[0], args.slice(1), null) : fn(...args));
};
const test = (name: string, ...args: unknown[]): (() => unknown) => () => (TESTS[name]!.fn as (...a: unknown[]) => unknown)(...args);

/** Each filter with the 1 MiB input(s) it reads; some get several shapes known to hurt naive code. */
const FILTER_CASES: Readonly<Record<string, readonly Case[]>> = {
  abs: [['a 4,300-digit int', filter('abs', -(10n ** 4299n))]],
  attr: [['a dict of 131k keys', filter('attr', DICT, 'k5')]],
  batch: [
    ['131k ints by 3', filter('batch', INTS, 3)],
    ['131k ints by 100k, filled', filter('batch', INTS, 100_000, 0)],
  ],
  capitalize: [['1 MiB text', filter('capitalize', TEXT)]],
  center: [['1 MiB text to 2 MiB', filter('center', TEXT, 2 * MIB)]],
  count: [['131k ints', filter('count', INTS)]],
  d: [['1 MiB text', filter('d', TEXT)]],
  default: [['1 MiB text', filter('default', TEXT, '', true)]],
  dictsort: [['a dict of 131k keys', filter('dictsort', DICT)]],
  e: [['1 MiB text', filter('e', TEXT)]],
  escape: [['1 MiB of tags', filter('escape', TAGS)]],
  filesizeformat: [['1 MiB of digits', filter('filesizeformat', DIGITS.slice(0, 300))], ['a 4,300-digit int', filter('filesizeformat', 10n ** 4299n)]],
  first: [['131k ints', filter('first', INTS)]],
  float: [['1 MiB of digits', filter('float', DIGITS)]],
  forceescape: [['1 MiB text', filter('forceescape', TEXT)]],
  format: [
    ['1 MiB format string', () => (FILTERS.format!.fn as (...a: unknown[]) => unknown)(build(MIB, () => '%s '), Array.from({ length: Math.ceil(MIB / 3) }, (_, i) => i), null)],
    ['a 1 MiB width', filter('format', `%${MIB}s`, 'x')],
  ],
  groupby: [['131k dicts', filter('groupby', DICTS, 'name')]],
  indent: [['1 MiB text', filter('indent', TEXT, 4, true, true)]],
  int: [
    ['1 MiB of digits', filter('int', DIGITS)],
    ['1 MiB of hex digits', filter('int', `0x${'f'.repeat(MIB)}`, 0, 16)],
    ['1 MiB of base-36 digits', filter('int', 'z'.repeat(MIB), 0, 36)],
    ['1 MiB of digits with a fraction', filter('int', `${DIGITS}.5`)],
  ],
  items: [['a dict of 131k keys', filter('items', DICT)]],
  join: [['131k strings', filter('join', STRS, ', ')], ['131k dicts by attribute', filter('join', DICTS, ',', 'name')]],
  last: [['1 MiB text', filter('last', TEXT)]],
  length: [['1 MiB text', filter('length', TEXT)]],
  list: [['1 MiB text', filter('list', TEXT)]],
  lower: [['1 MiB text', filter('lower', TEXT)]],
  map: [['131k ints through string', filter('map', INTS, 'string')], ['131k dicts by attribute', () => (FILTERS.map!.fn as (...a: unknown[]) => unknown)(DICTS, [], new Map([['attribute', 'name']]))]],
  max: [['131k ints', filter('max', INTS)]],
  min: [['131k strings', filter('min', STRS)]],
  pprint: [['131k ints', filter('pprint', INTS)], ['1 MiB text', filter('pprint', TEXT)]],
  random: [['131k ints', filter('random', INTS)]],
  reject: [['131k ints', filter('reject', INTS, 'odd')]],
  rejectattr: [['131k dicts', filter('rejectattr', DICTS, 'n', 'odd')]],
  replace: [
    ['1 MiB text', filter('replace', TEXT, ' ', '__')],
    ['1 MiB text, empty old', filter('replace', TEXT, '', '-')],
  ],
  reverse: [['1 MiB text', filter('reverse', TEXT)], ['131k ints', filter('reverse', INTS)]],
  round: [['a 4,300-digit int', filter('round', 10n ** 4299n, -100)]],
  safe: [['1 MiB text', filter('safe', TEXT)]],
  select: [['131k ints', filter('select', INTS, 'even')]],
  selectattr: [['131k dicts', filter('selectattr', DICTS, 'n', 'even')]],
  slice: [['131k ints in 100k slices', filter('slice', INTS, 100_000, 0)]],
  sort: [['131k ints', filter('sort', INTS)], ['131k strings reversed', filter('sort', STRS, true)], ['131k dicts by attribute', filter('sort', DICTS, false, false, 'name,n')]],
  string: [['131k ints', filter('string', INTS)]],
  striptags: [['1 MiB text', filter('striptags', TEXT)], ['1 MiB of unclosed tags', filter('striptags', TAGS)]],
  sum: [['131k ints', filter('sum', INTS)]],
  title: [['1 MiB text', filter('title', TEXT)]],
  tojson: [['131k dicts', filter('tojson', DICTS)], ['131k ints, indented', filter('tojson', INTS, 2)], ['1 MiB text', filter('tojson', TEXT)]],
  trim: [['1 MiB of spaces', filter('trim', SPACES)], ['1 MiB text with chars', filter('trim', TEXT, 'lorem')]],
  truncate: [['1 MiB text', filter('truncate', TEXT, MIB / 2)], ['1 MiB word', filter('truncate', ONE_WORD, 100)]],
  unique: [['131k ints', filter('unique', INTS)], ['131k strings', filter('unique', STRS)], ['131k dicts by attribute', filter('unique', DICTS, false, 'n')]],
  upper: [['1 MiB text', filter('upper', TEXT)]],
  urlencode: [['1 MiB text', filter('urlencode', TEXT)], ['a dict of 131k keys', filter('urlencode', DICT)]],
  urlize: [['1 MiB text', filter('urlize', TEXT)], ['1 MiB word', filter('urlize', ONE_WORD)], ['1 MiB of hyphens', filter('urlize', HYPHENS)]],
  wordcount: [['1 MiB text', filter('wordcount', TEXT)]],
  wordwrap: [
    ['1 MiB text', filter('wordwrap', TEXT, 80)],
    ['1 MiB word', filter('wordwrap', ONE_WORD, 80)],
    ['1 MiB of hyphens', filter('wordwrap', HYPHENS, 80)],
    ['1 MiB of spaces', filter('wordwrap', SPACES, 80)],
  ],
  xmlattr: [['a dict of 131k keys', filter('xmlattr', DICT)]],
  from_json: [['1 MiB of JSON', filter('from_json', JSON_TEXT)]],
  json_encode: [['131k dicts', filter('json_encode', DICTS)]],
  base64_encode: [['1 MiB text', filter('base64_encode', TEXT)]],
  base64_decode: [['1 MiB of base64', filter('base64_decode', Buffer.from(TEXT.slice(0, (MIB / 4) * 3)).toString('base64'))]],
};

const TEST_CASES: Readonly<Record<string, readonly Case[]>> = Object.fromEntries(
  Object.keys(TESTS).map((name): [string, readonly Case[]] => {
    switch (name) {
      case 'odd':
      case 'even':
        return [name, [['a 4,300-digit int', test(name, 10n ** 4299n)]]];
      case 'divisibleby':
        return [name, [['a 4,300-digit int', test(name, 10n ** 4299n, 7)]]];
      case 'in':
        return [name, [['131k ints', test(name, -1, INTS)], ['1 MiB text', test(name, 'zzz', TEXT)]]];
      case 'sameas':
        return [name, [['131k ints', test(name, INTS, INTS)]]];
      case 'filter':
      case 'test':
        return [name, [['1 MiB name', test(name, ONE_WORD)]]];
      default:
        // Comparisons and type tests: equal 1 MiB strings and 131k-item lists compared whole.
        return [name, [['1 MiB text', test(name, TEXT, `${TEXT}`)], ['131k ints', test(name, INTS, [...INTS])]]];
    }
  }),
);

const strMethod = (name: string, self: string, ...args: unknown[]): (() => unknown) => () => STR_METHODS.get(name)!(self, args, null);
const STR_METHOD_ARGS: Readonly<Record<string, readonly unknown[]>> = {
  startswith: ['lorem'],
  endswith: [tuple(['a', 'b'])],
  find: ['zzz'],
  rfind: ['zzz'],
  index: ['lorem'],
  rindex: ['lorem'],
  count: ['lorem'],
  center: [2 * MIB],
  ljust: [2 * MIB],
  rjust: [2 * MIB, '*'],
  zfill: [2 * MIB],
  split: [' '],
  rsplit: [' ', 1000],
  replace: [' ', '__'],
  join: [STRS],
  strip: [' lorem'],
  lstrip: [' '],
  rstrip: [' '],
  partition: ['zzz'],
  rpartition: ['zzz'],
  removeprefix: ['lorem'],
  removesuffix: ['lorem'],
  expandtabs: [8],
  format: [],
  format_map: [new Map()],
  encode: [],
  translate: [new Map()],
};

const listMethod = (name: string, make: () => unknown[], ...args: unknown[]): (() => unknown) => {
  return () => LIST_METHODS.get(name)!(make(), args, null);
};
const LIST_METHOD_ARGS: Readonly<Record<string, readonly unknown[]>> = {
  append: [1],
  count: [-1],
  index: [ITEMS - 1],
  insert: [0, 1],
  remove: [ITEMS - 1],
  extend: [INTS],
  pop: [0],
};
const DICT_METHOD_ARGS: Readonly<Record<string, readonly unknown[]>> = {
  get: ['k5'],
  pop: ['k5'],
  setdefault: ['zz', 1],
  update: [DICT],
  fromkeys: [STRS],
};

const OPERATOR_CASES: readonly Case[] = [
  ['1 MiB text + 1 MiB text', () => add(TEXT, TEXT)],
  ['131k ints + 131k ints', () => add(INTS, INTS)],
  ['1 MiB text * 2', () => mul(TEXT, 2)],
  ['131k ints * 8', () => mul(INTS, 8)],
  ['1 MiB format string % a tuple', () => mod(build(MIB, () => '%s '), tuple(Array.from({ length: Math.ceil(MIB / 3) }, (_, i) => i)))],
  ['1 MiB dict format % a dict', () => mod(build(MIB, () => '%(k1)s '), DICT)],
  ['"in" 131k ints', () => contains(INTS, -1)],
  ['"in" 1 MiB text', () => contains(TEXT, 'zzzz')],
  ['"in" 1 MiB of "a" with a near miss', () => contains('a'.repeat(MIB), `${'a'.repeat(1000)}b`)],
  ['1 MiB Markup + 1 MiB text', () => add(new Markup(TAGS), TAGS)],
];

/** Milliseconds of fn(), consuming a lazy result, with a fresh render budget. */
function timed(fn: () => unknown): number {
  beginRender();
  const start = performance.now();
  const out = fn();
  if (out !== null && typeof out === 'object' && !(out instanceof Map) && Symbol.iterator in out && !Array.isArray(out)) [...(out as Iterable<unknown>)];
  return performance.now() - start;
}

/**
 * The linear baseline: one pass over 1 MiB that allocates as builtins do (a string per code
 * point, as Python iteration yields them), measured (warm) in the test that uses it.
 */
function baseline(): number {
  timed(() => Array.from(TEXT.slice(0, 4096)).length);
  return Math.max(timed(() => Array.from(TEXT).length), 1);
}

/** Runs a case once (a rendering error is an answer too: it must come as fast). */
function caseMs(run: () => unknown): number {
  return timed(() => {
    try {
      return run();
    } catch (err) {
      if (!(err instanceof TemplateRenderError)) throw err;
      return null;
    }
  });
}

function expectLinear(cases: readonly Case[]): void {
  const base = baseline();
  for (const [label, run] of cases) {
    const ms = caseMs(run);
    expect(ms, `${label}: ${ms.toFixed(1)} ms against a ${base.toFixed(1)} ms linear baseline`).toBeLessThan(base * MAX_RATIO);
  }
}

let saved: RenderLimits;
beforeAll(() => {
  saved = currentRenderLimits();
  // These cases measure the algorithms: the budget (tested elsewhere) would stop some early.
  configureRenderLimits({ maxWork: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER });
});
afterAll(() => configureRenderLimits(saved));

describe('every filter is linear (or n log n) in its input', () => {
  it('has a case for every filter', () => {
    expect(Object.keys(FILTERS).filter((name) => FILTER_CASES[name] === undefined)).toEqual([]);
  });
  for (const [name, cases] of Object.entries(FILTER_CASES)) it(name, () => expectLinear(cases));
});

describe('every test is linear in its input', () => {
  for (const [name, cases] of Object.entries(TEST_CASES)) it(name, () => expectLinear(cases));
});

/** Methods whose cost depends on runs of whitespace also get 1 MiB of spaces. */
const WHITESPACE_METHODS = new Set(['split', 'rsplit', 'strip', 'lstrip', 'rstrip', 'splitlines', 'title', 'capitalize', 'expandtabs', 'istitle']);

describe('every str method is linear in its input', () => {
  for (const name of STR_METHODS.keys()) {
    it(name, () => {
      const args = STR_METHOD_ARGS[name] ?? [];
      // join walks its argument; the 1 MiB input is the 131k strings it joins.
      const self = name === 'join' ? ', ' : TEXT;
      const cases: Case[] = [[`${name}: 1 MiB text`, strMethod(name, self, ...args)]];
      if (WHITESPACE_METHODS.has(name)) cases.push([`${name}: 1 MiB of spaces`, strMethod(name, SPACES, ...args)]);
      expectLinear(cases);
    });
  }
});

describe('every list and dict method is linear in its input', () => {
  for (const name of LIST_METHODS.keys()) {
    it(`list.${name}`, () => expectLinear([[`list.${name}: 131k ints`, listMethod(name, () => [...INTS], ...(LIST_METHOD_ARGS[name] ?? []))]]));
  }
  for (const name of DICT_METHODS.keys()) {
    it(`dict.${name}`, () => expectLinear([[`dict.${name}: 131k keys`, () => DICT_METHODS.get(name)!(new Map(DICT), DICT_METHOD_ARGS[name] ?? [], null)]]));
  }
});

describe('every operator is linear in its operands', () => {
  it('+, *, % and in', () => expectLinear(OPERATOR_CASES));
});
