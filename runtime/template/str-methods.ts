// The Python str methods templates may call (`s.upper()`, `s.split(',')`, ...). Only the names
// in this table exist on strings; everything else is Undefined, as in a sandbox.
import { asInt, asOptIndex, asOptStr, asStr, positional } from './arg-checks.js';
import type { KwArgs } from './callables.js';
import { codePoints, cpLength } from './code-points.js';
import { Markup, isTuple, tuple } from './py-values.js';
import { pyStrFormat, type FormatField } from './str-format.js';
import {
  isSpaceChar,
  pyCapitalize,
  pyCenter,
  pyCount,
  pyExpandtabs,
  pyFind,
  pyIsLower,
  pyIsTitle,
  pyIsUpper,
  pyLjust,
  pyReplace,
  pyRjust,
  pyRsplit,
  pySplit,
  pySplitlines,
  pyStrip,
  pySwapcase,
  pyTitle,
  pyZfill,
} from './python-str.js';
import { typeError, valueError } from './render-errors.js';
import { pyTypeName } from './python-repr.js';
import { iterate } from './sequences.js';
import { dictGet, dictHas, truthy } from './compare.js';
import { chargeBytes } from './render-budget.js';

export type StrMethod = (self: string, args: readonly unknown[], kwargs: KwArgs) => unknown;

/** str.translate(table): each character's code point looked up in a dict or a sequence; missing keeps it. */
function pyTranslate(s: string, table: unknown): string {
  const sequence = Array.isArray(table) || typeof table === 'string' ? iterate(table) : null;
  if (!(table instanceof Map) && sequence === null) throw typeError(`'${pyTypeName(table)}' object is not subscriptable`);
  let out = '';
  for (const c of codePoints(s)) {
    const code = c.codePointAt(0)!;
    let mapped: unknown;
    if (table instanceof Map) {
      if (!dictHas(table, code)) {
        out += c;
        continue;
      }
      mapped = dictGet(table, code);
    } else {
      if (code >= sequence!.length) {
        out += c;
        continue;
      }
      mapped = sequence![code];
    }
    if (mapped === null) continue;
    if (typeof mapped === 'string' || mapped instanceof Markup) {
      const text = typeof mapped === 'string' ? mapped : mapped.text;
      chargeBytes(text.length);
      out += text;
    }
    else if (typeof mapped === 'number' && Number.isInteger(mapped)) {
      if (mapped < 0 || mapped > 0x10ffff) throw valueError('character mapping must be in range(0x110000)');
      out += String.fromCodePoint(mapped);
    } else throw typeError('character mapping must return integer, None or str');
  }
  return out;
}

/** str.format_map(mapping): format's fields read from the mapping only. */
export function formatMap(s: string, args: readonly unknown[], kwargs: KwArgs, formatField?: FormatField): string {
  positional('format_map', args, kwargs, 1, 1);
  const mapping = args[0];
  if (!(mapping instanceof Map)) throw typeError(`format_map() argument must be a mapping, not ${pyTypeName(mapping)}`);
  if (/\{(?:[!:}]|\d)/.test(s.replace(/\{\{/g, ''))) throw valueError('Format string contains positional fields');
  return pyStrFormat(s, [], mapping as KwArgs, formatField);
}

/** Binds (positional or keyword) args for the few str methods that accept keywords. */
function withKeywords(name: string, params: readonly string[], args: readonly unknown[], kwargs: KwArgs): unknown[] {
  if (args.length > params.length) throw typeError(`${name}() takes at most ${params.length} arguments (${args.length} given)`);
  const out: unknown[] = [...args];
  if (kwargs !== null) {
    for (const [key, value] of kwargs) {
      const i = params.indexOf(key);
      if (i < 0) throw typeError(`${name}() got an unexpected keyword argument '${key}'`);
      if (i < args.length) throw typeError(`argument for ${name}() given by name ('${key}') and position (${i + 1})`);
      out[i] = value;
    }
  }
  return out;
}

function fillChar(x: unknown, name: string): string {
  const s = asStr(x, `${name}() argument 2`);
  if (cpLength(s) !== 1) throw typeError('The fill character must be exactly one character long');
  return s;
}

function prefixes(x: unknown, name: string): string[] {
  if (isTuple(x)) return x.map((p) => asStr(p, `tuple for ${name} must only contain str`));
  if (typeof x === 'string' || x instanceof Markup) return [asStr(x, name)];
  throw typeError(`${name} first arg must be str or a tuple of str, not ${pyTypeName(x)}`);
}

function startsOrEnds(self: string, args: readonly unknown[], kwargs: KwArgs, name: string, atEnd: boolean): boolean {
  positional(name, args, kwargs, 1, 3);
  const start = asOptIndex(args[1], 'start');
  const end = asOptIndex(args[2], 'end');
  const cps = start !== null || end !== null ? codePoints(self) : null;
  let window = self;
  if (cps !== null) {
    const n = cps.length;
    let lo = start ?? 0;
    let hi = end ?? n;
    if (lo < 0) lo = Math.max(0, lo + n);
    if (hi < 0) hi = Math.max(0, hi + n);
    hi = Math.min(hi, n);
    if (lo > n) return false;
    window = cps.slice(lo, Math.max(lo, hi)).join('');
    if (hi < lo) return false;
  }
  return prefixes(args[0], name).some((p) => (atEnd ? window.endsWith(p) : window.startsWith(p)));
}

function findLike(self: string, args: readonly unknown[], kwargs: KwArgs, name: string, fromRight: boolean, raise: boolean): number {
  positional(name, args, kwargs, 1, 3);
  const sub = asStr(args[0], `${name}() argument 1`);
  const i = pyFind(self, sub, asOptIndex(args[1], 'start'), asOptIndex(args[2], 'end'), fromRight);
  if (i < 0 && raise) throw valueError('substring not found');
  return i;
}

const every = (re: RegExp) => (self: string, args: readonly unknown[], kwargs: KwArgs) => {
  positional('is', args, kwargs, 0, 0);
  return self !== '' && re.test(self);
};

const DIGIT_RE = /^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]+$/u;

export const STR_METHODS: ReadonlyMap<string, StrMethod> = new Map<string, StrMethod>([
  ['upper', (s, a, k) => (positional('upper', a, k, 0, 0), s.toUpperCase())],
  ['lower', (s, a, k) => (positional('lower', a, k, 0, 0), s.toLowerCase())],
  ['casefold', (s, a, k) => (positional('casefold', a, k, 0, 0), s.toUpperCase().toLowerCase())],
  ['title', (s, a, k) => (positional('title', a, k, 0, 0), pyTitle(s))],
  ['capitalize', (s, a, k) => (positional('capitalize', a, k, 0, 0), pyCapitalize(s))],
  ['swapcase', (s, a, k) => (positional('swapcase', a, k, 0, 0), pySwapcase(s))],
  [
    'strip',
    (s, a, k) => (positional('strip', a, k, 0, 1), pyStrip(s, asOptStr(a[0], 'strip arg'), 'both')),
  ],
  ['lstrip', (s, a, k) => (positional('lstrip', a, k, 0, 1), pyStrip(s, asOptStr(a[0], 'lstrip arg'), 'left'))],
  ['rstrip', (s, a, k) => (positional('rstrip', a, k, 0, 1), pyStrip(s, asOptStr(a[0], 'rstrip arg'), 'right'))],
  [
    'split',
    (s, a, k) => {
      const [sep = null, maxsplit = -1] = withKeywords('split', ['sep', 'maxsplit'], a, k);
      return pySplit(s, asOptStr(sep, 'sep'), asInt(maxsplit, 'maxsplit'));
    },
  ],
  [
    'rsplit',
    (s, a, k) => {
      const [sep = null, maxsplit = -1] = withKeywords('rsplit', ['sep', 'maxsplit'], a, k);
      return pyRsplit(s, asOptStr(sep, 'sep'), asInt(maxsplit, 'maxsplit'));
    },
  ],
  [
    'splitlines',
    (s, a, k) => {
      const [keepends = false] = withKeywords('splitlines', ['keepends'], a, k);
      return pySplitlines(s, truthy(keepends));
    },
  ],
  [
    'join',
    (s, a, k) => {
      positional('join', a, k, 1, 1);
      const items = iterate(a[0]);
      let size = s.length * items.length;
      const parts = items.map((item, i) => {
        const part = typeof item === 'string' ? item : item instanceof Markup ? item.text : null;
        if (part === null) throw typeError(`sequence item ${i}: expected str instance, ${pyTypeName(item)} found`);
        size += part.length;
        return part;
      });
      // Charged before the join allocates it: a long separator times many items.
      chargeBytes(size);
      return parts.join(s);
    },
  ],
  [
    'replace',
    (s, a, k) => {
      positional('replace', a, k, 2, 3);
      const count = a.length > 2 ? asInt(a[2], 'count') : -1;
      return pyReplace(s, asStr(a[0], 'replace() argument 1'), asStr(a[1], 'replace() argument 2'), count);
    },
  ],
  ['startswith', (s, a, k) => startsOrEnds(s, a, k, 'startswith', false)],
  ['endswith', (s, a, k) => startsOrEnds(s, a, k, 'endswith', true)],
  ['find', (s, a, k) => findLike(s, a, k, 'find', false, false)],
  ['rfind', (s, a, k) => findLike(s, a, k, 'rfind', true, false)],
  ['index', (s, a, k) => findLike(s, a, k, 'index', false, true)],
  ['rindex', (s, a, k) => findLike(s, a, k, 'rindex', true, true)],
  [
    'count',
    (s, a, k) => {
      positional('count', a, k, 1, 3);
      return pyCount(s, asStr(a[0], 'count() argument 1'), asOptIndex(a[1], 'start'), asOptIndex(a[2], 'end'));
    },
  ],
  ['center', (s, a, k) => (positional('center', a, k, 1, 2), pyCenter(s, asInt(a[0], 'width'), a.length > 1 ? fillChar(a[1], 'center') : ' '))],
  ['ljust', (s, a, k) => (positional('ljust', a, k, 1, 2), pyLjust(s, asInt(a[0], 'width'), a.length > 1 ? fillChar(a[1], 'ljust') : ' '))],
  ['rjust', (s, a, k) => (positional('rjust', a, k, 1, 2), pyRjust(s, asInt(a[0], 'width'), a.length > 1 ? fillChar(a[1], 'rjust') : ' '))],
  ['zfill', (s, a, k) => (positional('zfill', a, k, 1, 1), pyZfill(s, asInt(a[0], 'width')))],
  [
    'partition',
    (s, a, k) => {
      positional('partition', a, k, 1, 1);
      const sep = asStr(a[0], 'partition arg');
      if (sep === '') throw valueError('empty separator');
      const i = s.indexOf(sep);
      return i < 0 ? tuple([s, '', '']) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
    },
  ],
  [
    'rpartition',
    (s, a, k) => {
      positional('rpartition', a, k, 1, 1);
      const sep = asStr(a[0], 'rpartition arg');
      if (sep === '') throw valueError('empty separator');
      const i = s.lastIndexOf(sep);
      return i < 0 ? tuple(['', '', s]) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
    },
  ],
  [
    'removeprefix',
    (s, a, k) => {
      positional('removeprefix', a, k, 1, 1);
      const p = asStr(a[0], 'removeprefix() argument');
      return p !== '' && s.startsWith(p) ? s.slice(p.length) : s;
    },
  ],
  [
    'removesuffix',
    (s, a, k) => {
      positional('removesuffix', a, k, 1, 1);
      const p = asStr(a[0], 'removesuffix() argument');
      return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    },
  ],
  [
    'expandtabs',
    (s, a, k) => {
      const [tabsize = 8] = withKeywords('expandtabs', ['tabsize'], a, k);
      return pyExpandtabs(s, asInt(tabsize, 'tabsize'));
    },
  ],
  ['format', (s, a, k) => pyStrFormat(s, a, k)],
  ['format_map', (s, a, k) => formatMap(s, a, k)],
  ['translate', (s, a, k) => (positional('translate', a, k, 1, 1), pyTranslate(s, a[0]))],
  ['isalpha', every(/^\p{L}+$/u)],
  ['isalnum', every(/^[\p{L}\p{N}]+$/u)],
  ['isdecimal', every(/^\p{Nd}+$/u)],
  ['isdigit', every(DIGIT_RE)],
  ['isnumeric', every(/^\p{N}+$/u)],
  ['isidentifier', (s, a, k) => (positional('isidentifier', a, k, 0, 0), /^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(s))],
  ['isascii', (s, a, k) => (positional('isascii', a, k, 0, 0), /^[\x00-\x7f]*$/.test(s))],
  [
    'isprintable',
    (s, a, k) => (positional('isprintable', a, k, 0, 0), !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u.test(s.replace(/ /g, ''))),
  ],
  [
    'isspace',
    (s, a, k) => {
      positional('isspace', a, k, 0, 0);
      if (s === '') return false;
      for (const c of s) if (!isSpaceChar(c.codePointAt(0)!)) return false;
      return true;
    },
  ],
  ['islower', (s, a, k) => (positional('islower', a, k, 0, 0), pyIsLower(s))],
  ['isupper', (s, a, k) => (positional('isupper', a, k, 0, 0), pyIsUpper(s))],
  ['istitle', (s, a, k) => (positional('istitle', a, k, 0, 0), pyIsTitle(s))],
]);
