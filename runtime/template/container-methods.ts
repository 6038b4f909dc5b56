// The Python list, tuple and dict methods templates may call (`d.items()`, `xs.append(x)`, ...).
import { positional } from './arg-checks.js';
import type { KwArgs } from './callables.js';
import { checkHashable, compare, dictDelete, dictGet, dictHas, dictSet, eq, truthy } from './compare.js';
import { DictView, READ_ONLY, tuple } from './py-values.js';
import { intNumber, isIntLike } from './numbers.js';
import { renderError, typeError, valueError } from './render-errors.js';
import { pyTypeName, repr } from './python-repr.js';
import { iterate } from './sequences.js';
import { chargeBytes } from './render-budget.js';

export type Method = (self: unknown, args: readonly unknown[], kwargs: KwArgs) => unknown;

function index(x: unknown): number {
  if (isIntLike(x)) return intNumber(x);
  throw typeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
}

function findIndex(items: readonly unknown[], args: readonly unknown[], name: string): number {
  const n = items.length;
  let start = args.length > 1 ? index(args[1]) : 0;
  let stop = args.length > 2 ? index(args[2]) : n;
  if (start < 0) start = Math.max(0, start + n);
  if (stop < 0) stop = Math.max(0, stop + n);
  for (let i = start; i < Math.min(stop, n); i++) if (eq(items[i], args[0])) return i;
  throw valueError(`${name}.index(x): x not in ${name}`);
}

function countOf(items: readonly unknown[], x: unknown): number {
  let n = 0;
  for (const item of items) if (eq(item, x)) n++;
  return n;
}

const list = (self: unknown): unknown[] => self as unknown[];

/** The receiver of a mutating method, refused when shared beyond this render (see READ_ONLY). */
function mutable<T extends object>(self: unknown, type: string): T {
  if (READ_ONLY.has(self as object)) throw typeError(`this ${type} is shared between requests and cannot be changed; copy it first`);
  return self as T;
}

const mutableList = (self: unknown): unknown[] => mutable<unknown[]>(self, 'list');

export const LIST_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['append', (s, a, k) => (positional('append', a, k, 1, 1), mutableList(s).push(a[0]), null)],
  [
    'extend',
    (s, a, k) => {
      positional('extend', a, k, 1, 1);
      const items = iterate(a[0]);
      const target = mutableList(s);
      chargeBytes(8 * items.length);
      // One push per item: push(...items) overflows the stack past ~100k items.
      for (let i = 0, n = items.length; i < n; i++) target.push(items[i]);
      return null;
    },
  ],
  [
    'insert',
    (s, a, k) => {
      positional('insert', a, k, 2, 2);
      const items = mutableList(s);
      let i = index(a[0]);
      if (i < 0) i = Math.max(0, i + items.length);
      items.splice(Math.min(i, items.length), 0, a[1]);
      return null;
    },
  ],
  [
    'pop',
    (s, a, k) => {
      positional('pop', a, k, 0, 1);
      const items = mutableList(s);
      if (items.length === 0) throw renderError('lookup-error', 'pop from empty list');
      let i = a.length > 0 ? index(a[0]) : items.length - 1;
      if (i < 0) i += items.length;
      if (i < 0 || i >= items.length) throw renderError('lookup-error', 'pop index out of range');
      return items.splice(i, 1)[0];
    },
  ],
  [
    'remove',
    (s, a, k) => {
      positional('remove', a, k, 1, 1);
      const items = mutableList(s);
      const i = items.findIndex((x) => eq(x, a[0]));
      if (i < 0) throw valueError('list.remove(x): x not in list');
      items.splice(i, 1);
      return null;
    },
  ],
  ['clear', (s, a, k) => (positional('clear', a, k, 0, 0), (mutableList(s).length = 0), null)],
  ['copy', (s, a, k) => (positional('copy', a, k, 0, 0), [...list(s)])],
  ['count', (s, a, k) => (positional('count', a, k, 1, 1), countOf(list(s), a[0]))],
  ['index', (s, a, k) => (positional('index', a, k, 1, 3), findIndex(list(s), a, 'list'))],
  ['reverse', (s, a, k) => (positional('reverse', a, k, 0, 0), mutableList(s).reverse(), null)],
  [
    'sort',
    (s, a, k) => {
      if (a.length > 0) throw typeError('sort() takes no positional arguments');
      let reverse = false;
      for (const [key, value] of k ?? []) {
        if (key === 'reverse') reverse = truthy(value);
        else if (key === 'key') {
          if (value !== null) throw typeError('sort(key=...) needs a function, which templates cannot define');
        } else throw typeError(`'${key}' is an invalid keyword argument for sort()`);
      }
      const items = mutableList(s);
      const sorted = [...items].sort((x, y) => (reverse ? compare(y, x, '<') : compare(x, y, '<')));
      for (let i = 0; i < items.length; i++) items[i] = sorted[i];
      return null;
    },
  ],
]);

export const TUPLE_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['count', (s, a, k) => (positional('count', a, k, 1, 1), countOf(s as unknown[], a[0]))],
  ['index', (s, a, k) => (positional('index', a, k, 1, 3), findIndex(s as unknown[], a, 'tuple'))],
]);

const dict = (self: unknown): Map<unknown, unknown> => self as Map<unknown, unknown>;
const mutableDict = (self: unknown): Map<unknown, unknown> => mutable<Map<unknown, unknown>>(self, 'dict');

/** dict(...) / dict.update(...) argument: a mapping or an iterable of pairs, then keywords. */
export function updateDict(target: Map<unknown, unknown>, source: unknown, kwargs: KwArgs): void {
  if (source instanceof Map) {
    for (const [key, value] of source) dictSet(target, key, value);
  } else if (source !== undefined) {
    const items = iterate(source);
    items.forEach((pair, i) => {
      const kv = iterate(pair);
      if (kv.length !== 2) throw valueError(`dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
      dictSet(target, kv[0], kv[1]);
    });
  }
  for (const [key, value] of kwargs ?? []) dictSet(target, key, value);
}

export const DICT_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['keys', (s, a, k) => (positional('keys', a, k, 0, 0), new DictView('keys', dict(s)))],
  ['values', (s, a, k) => (positional('values', a, k, 0, 0), new DictView('values', dict(s)))],
  ['items', (s, a, k) => (positional('items', a, k, 0, 0), new DictView('items', dict(s)))],
  [
    'get',
    (s, a, k) => {
      positional('get', a, k, 1, 2);
      checkHashable(a[0]);
      const v = dictGet(dict(s), a[0]);
      return v === undefined ? (a.length > 1 ? a[1] : null) : v;
    },
  ],
  [
    'pop',
    (s, a, k) => {
      positional('pop', a, k, 1, 2);
      checkHashable(a[0]);
      const v = dictGet(dict(s), a[0]);
      if (v === undefined) {
        if (a.length > 1) return a[1];
        throw renderError('lookup-error', repr(a[0]));
      }
      dictDelete(mutableDict(s), a[0]);
      return v;
    },
  ],
  [
    'popitem',
    (s, a, k) => {
      positional('popitem', a, k, 0, 0);
      const map = mutableDict(s);
      if (map.size === 0) throw renderError('lookup-error', 'popitem(): dictionary is empty');
      const last = [...map.keys()].pop();
      const value = map.get(last);
      map.delete(last);
      return tuple([last, value]);
    },
  ],
  [
    'setdefault',
    (s, a, k) => {
      positional('setdefault', a, k, 1, 2);
      const map = dict(s);
      if (dictHas(map, a[0])) return dictGet(map, a[0]);
      mutableDict(s);
      const value = a.length > 1 ? a[1] : null;
      dictSet(map, a[0], value);
      return value;
    },
  ],
  [
    'update',
    (s, a, k) => {
      if (a.length > 1) throw typeError(`update expected at most 1 argument, got ${a.length}`);
      updateDict(mutableDict(s), a[0], k);
      return null;
    },
  ],
  ['copy', (s, a, k) => (positional('copy', a, k, 0, 0), new Map(dict(s)))],
  ['clear', (s, a, k) => (positional('clear', a, k, 0, 0), mutableDict(s).clear(), null)],
]);
