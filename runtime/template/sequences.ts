// Python iteration and len() over template values.
import { codePoints, cpLength, hasSurrogates } from './code-points.js';
import { DictView, Markup, PyIterator, PyRange , PyBytes } from './py-values.js';
import { renderError, typeError } from './render-errors.js';
import { pyTypeName } from './python-repr.js';
import { Undefined } from './undefined.js';
import { LoopContext } from './loop.js';
import { chargeBytes } from './render-budget.js';

// Not frozen: frozen arrays are tuples. Callers never mutate what iterate() returns.
const EMPTY: readonly unknown[] = [];

/** Loops over ranges this long would exhaust memory (Jinja2's sandbox caps ranges far lower). */
const MAX_RANGE_ITEMS = 10_000_000;

function notIterable(x: unknown): Error {
  return typeError(`'${pyTypeName(x)}' object is not iterable`);
}

function stringItems(s: string): string[] {
  if (!hasSurrogates(s)) {
    const out: string[] = new Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s[i]!;
    return out;
  }
  return codePoints(s);
}

/**
 * The items `for x in value` visits, as an array. Arrays are returned as they are (callers must
 * not mutate the result); everything else is materialised.
 */
export function iterate(x: unknown): readonly unknown[] {
  if (Array.isArray(x)) return x;
  if (typeof x === 'string') return stringItems(x);
  if (x instanceof Map) return [...x.keys()];
  if (x instanceof Undefined) return EMPTY;
  if (x instanceof PyRange) {
    if (x.length > MAX_RANGE_ITEMS) throw renderError('overflow', `range of ${x.length} items is too large to iterate`);
    chargeBytes(8 * x.length);
  }
  if (x instanceof PyIterator || x instanceof DictView || x instanceof PyRange) return [...x];
  if (x instanceof Markup) return stringItems(x.text);
  if (x instanceof LoopContext) return x.items;
  if (x instanceof PyBytes) return [...x.bytes];
  throw notIterable(x);
}

/** Whether `iter(x)` succeeds. */
export function isIterable(x: unknown): boolean {
  return (
    Array.isArray(x) ||
    typeof x === 'string' ||
    x instanceof Map ||
    x instanceof Undefined ||
    x instanceof PyIterator ||
    x instanceof DictView ||
    x instanceof PyRange ||
    x instanceof Markup ||
    x instanceof LoopContext ||
    x instanceof PyBytes
  );
}

/** A lazy iterator over x (consumes PyIterators only as far as read). */
export function iterator(x: unknown): Iterator<unknown> {
  if (x instanceof PyIterator) return x[Symbol.iterator]();
  return iterate(x)[Symbol.iterator]();
}

/** Python len(). */
export function len(x: unknown): number {
  if (typeof x === 'string') return cpLength(x);
  if (Array.isArray(x)) return x.length;
  if (x instanceof Map) return x.size;
  if (x instanceof Undefined) return 0;
  if (x instanceof DictView) return x.dict.size;
  if (x instanceof PyRange) return x.length;
  if (x instanceof Markup) return cpLength(x.text);
  if (x instanceof LoopContext) return x.length;
  if (x instanceof PyBytes) return x.bytes.length;
  throw typeError(`object of type '${pyTypeName(x)}' has no len()`);
}

/** Whether len() works (Jinja2's `sequence` test also needs indexing). */
export function hasLen(x: unknown): boolean {
  return (
    typeof x === 'string' ||
    Array.isArray(x) ||
    x instanceof Map ||
    x instanceof Undefined ||
    x instanceof DictView ||
    x instanceof PyRange ||
    x instanceof Markup ||
    x instanceof LoopContext ||
    x instanceof PyBytes
  );
}
