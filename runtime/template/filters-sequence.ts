// Jinja2 filters over sequences and mappings. Those that are generators in Jinja2 (map, select,
// reject, selectattr, rejectattr, unique, batch, slice, items, reverse of a list) return lazy
// one-shot PyIterators here too, so consuming, printing and truthiness match Jinja2.
import type { KwArgs } from './callables.js';
import { codePoints, compareStrings } from './code-points.js';
import { checkHashable, compare, eq, truthy } from './compare.js';
import { getattr, getitem } from './lookup.js';
import { add } from './operators.js';
import { DictView, GroupTuple, Markup, PyIterator, PyRange, isTuple, pair, tuple, type Tuple } from './py-values.js';
import { intNumber, isIntLike } from './numbers.js';
import { renderError, typeError } from './render-errors.js';
import { pyTypeName, str } from './python-repr.js';
import { iterate, iterator, len } from './sequences.js';
import { chargeBytes, chargeWork, chargeTextWork } from './render-budget.js';
import { Undefined, undefinedHint } from './undefined.js';
import { isUnsafeMemberName } from './unsafe-names.js';
import { hashKey } from './hash-key.js';

/** The items a filter walks, charged to the render budget (one work unit each) before it walks them. */
/** A string a filter walks character by character, charged first. */
function charged(s: string): string {
  chargeTextWork(s.length);
  return s;
}

function walk(value: unknown): readonly unknown[] {
  const items = iterate(value);
  chargeWork(items.length);
  return items;
}

const PARTS_CACHE = new Map<string, readonly unknown[]>();

/** Jinja2's _prepare_attribute_parts: 'a.0.b' → ['a', 0, 'b']. */
function attributeParts(attribute: unknown): readonly unknown[] {
  if (attribute === null || attribute === undefined) return [];
  if (typeof attribute !== 'string') return [attribute];
  let parts = PARTS_CACHE.get(attribute);
  if (parts === undefined) {
    parts = attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (PARTS_CACHE.size < 1000) PARTS_CACHE.set(attribute, parts);
  }
  return parts;
}

function ignoreCase(x: unknown): unknown {
  if (typeof x === 'string') return x.toLowerCase();
  if (x instanceof Markup) return new Markup(x.text.toLowerCase());
  return x;
}

/**
 * Jinja2's make_attrgetter: reads `attribute` ('a.0.b' walks getitem per part) from items. A class
 * rather than a closure so building one per filter call stays cheap.
 */
export class AttrGetter {
  private readonly parts: readonly unknown[];
  /** The common `attribute='name'`: one checked name, read from dicts directly. */
  private readonly key: string | null;

  constructor(
    attribute: unknown,
    private readonly postprocess: ((x: unknown) => unknown) | null = null,
    private readonly defaultValue: unknown = null,
  ) {
    this.parts = attributeParts(attribute);
    const only = this.parts.length === 1 ? this.parts[0] : undefined;
    this.key = typeof only === 'string' && postprocess === null && defaultValue === null && !isUnsafeMemberName(only) ? only : null;
  }

  get(item: unknown): unknown {
    const key = this.key;
    if (key !== null) {
      if (item instanceof Map) {
        const v = item.get(key);
        if (v !== undefined) return v;
      }
      return getitem(item, key);
    }
    let value = item;
    for (const part of this.parts) {
      value = getitem(value, part);
      if (this.defaultValue !== null && value instanceof Undefined) value = this.defaultValue;
    }
    return this.postprocess === null ? value : this.postprocess(value);
  }
}

const PLAIN_GETTERS = new Map<string, AttrGetter>();

export function attrGetter(attribute: unknown, postprocess: ((x: unknown) => unknown) | null = null, defaultValue: unknown = null): AttrGetter {
  // Getters are immutable: the plain `attribute='name'` ones are shared.
  if (typeof attribute !== 'string' || postprocess !== null || defaultValue !== null) return new AttrGetter(attribute, postprocess, defaultValue);
  let getter = PLAIN_GETTERS.get(attribute);
  if (getter === undefined) {
    getter = new AttrGetter(attribute);
    if (PLAIN_GETTERS.size < 1000) PLAIN_GETTERS.set(attribute, getter);
  }
  return getter;
}

/** Jinja2's make_multi_attrgetter: 'a,b' → [item.a, item.b]. */
class MultiAttrGetter {
  private readonly getters: readonly AttrGetter[];

  constructor(attribute: unknown, postprocess: ((x: unknown) => unknown) | null) {
    const split = typeof attribute === 'string' ? attribute.split(',') : [attribute];
    this.getters = split.map((a) => new AttrGetter(a, postprocess));
  }

  get(item: unknown): unknown[] {
    const out: unknown[] = new Array(this.getters.length);
    for (let i = 0; i < this.getters.length; i++) out[i] = this.getters[i]!.get(item);
    return out;
  }
}

function lazy(name: string, gen: () => Generator<unknown>): PyIterator {
  return new PyIterator(name, gen());
}

export function doFirst(seq: unknown): unknown {
  const r = iterator(seq).next();
  return r.done === true ? undefinedHint('No first item, sequence was empty.') : r.value;
}

function reversedItems(seq: unknown): readonly unknown[] {
  if (typeof seq === 'string') return codePoints(charged(seq));
  if (seq instanceof Markup) return codePoints(charged(seq.text));
  if (Array.isArray(seq) || seq instanceof Map || seq instanceof DictView || seq instanceof PyRange || seq instanceof Undefined) return walk(seq);
  throw typeError(`'${pyTypeName(seq)}' object is not reversible`);
}

export function doLast(seq: unknown): unknown {
  const items = reversedItems(seq);
  return items.length === 0 ? undefinedHint('No last item, sequence was empty.') : items[items.length - 1];
}

export function doRandom(seq: unknown): unknown {
  if (seq instanceof PyIterator) throw typeError("object of type 'generator' has no len()");
  const n = len(seq);
  if (n === 0) return undefinedHint('No random item, sequence was empty.');
  return getitem(seq, Math.floor(Math.random() * n));
}

export function doLength(value: unknown): number {
  return len(value);
}

export function doList(value: unknown): unknown[] {
  return [...walk(value)];
}

export function doJoin(value: unknown, d: unknown = '', attribute: unknown = null): string {
  const items = walk(value);
  const get = attribute === null ? null : attrGetter(attribute);
  const sep = typeof d === 'string' ? d : str(d);
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const item = get === null ? items[i] : get.get(items[i]);
    const piece = i === 0 ? str(item) : sep + str(item);
    chargeBytes(piece.length);
    out += piece;
  }
  return out;
}

export function doReverse(value: unknown): unknown {
  if (typeof value === 'string') return codePoints(charged(value)).reverse().join('');
  if (value instanceof Markup) return new Markup(codePoints(charged(value.text)).reverse().join(''));
  if (Array.isArray(value) || value instanceof Map || value instanceof DictView || value instanceof PyRange || value instanceof Undefined) {
    const items = walk(value);
    const name =
      isTuple(value) ? 'reversed object' : Array.isArray(value) ? 'list_reverseiterator object' : value instanceof PyRange ? 'range_iterator object' : 'dict_reversekeyiterator object';
    return lazy(name, function* () {
      for (let i = items.length - 1; i >= 0; i--) yield items[i];
    });
  }
  try {
    return [...walk(value)].reverse();
  } catch {
    throw renderError('filter-argument', 'argument must be iterable');
  }
}

interface Decorated<T> {
  readonly item: T;
  readonly key: unknown;
}

function keyOrder(a: unknown, b: unknown): number {
  return typeof a === 'string' && typeof b === 'string' ? compareStrings(a, b) : compare(a, b, '<');
}

/**
 * Python's sorted(items, key=..., reverse=...): stable, `<` on keys; reverse keeps equal items in
 * their original order. Insertion sort for the small lists templates sort, Array#sort beyond.
 */
function byKey(a: Decorated<unknown>, b: Decorated<unknown>): number {
  return keyOrder(a.key, b.key);
}

function byKeyReversed(a: Decorated<unknown>, b: Decorated<unknown>): number {
  return keyOrder(b.key, a.key);
}

function sortDecorated<T>(items: Decorated<T>[], reverse: boolean): T[] {
  const cmp = reverse ? byKeyReversed : byKey;
  if (items.length > 16) items.sort(cmp);
  else {
    for (let i = 1; i < items.length; i++) {
      const x = items[i]!;
      let j = i - 1;
      while (j >= 0 && cmp(items[j]!, x) > 0) {
        items[j + 1] = items[j]!;
        j--;
      }
      items[j + 1] = x;
    }
  }
  const out: T[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = items[i]!.item;
  return out;
}

export function doSort(value: unknown, reverse: unknown = false, caseSensitive: unknown = false, attribute: unknown = null): unknown[] {
  const key = new MultiAttrGetter(attribute, truthy(caseSensitive) ? null : ignoreCase);
  const items = walk(value);
  const decorated: Decorated<unknown>[] = [];
  for (let i = 0; i < items.length; i++) decorated.push({ item: items[i], key: key.get(items[i]) });
  return sortDecorated(decorated, truthy(reverse));
}

export function doDictsort(value: unknown, caseSensitive: unknown = false, by: unknown = 'key', reverse: unknown = false): unknown[] {
  let pos: number;
  if (by === 'key') pos = 0;
  else if (by === 'value') pos = 1;
  else throw renderError('filter-argument', 'You can only sort by either "key" or "value"');
  if (!(value instanceof Map)) throw typeError(`'${pyTypeName(value)}' object has no attribute 'items'`);
  const cs = truthy(caseSensitive);
  const decorated: Decorated<Tuple>[] = [];
  for (const [k, v] of value) {
    const raw = pos === 0 ? k : v;
    decorated.push({ item: pair(k, v), key: cs ? raw : ignoreCase(raw) });
  }
  return sortDecorated(decorated, truthy(reverse)) as unknown[];
}

function minOrMax(value: unknown, caseSensitive: unknown, attribute: unknown, wantMax: boolean): unknown {
  const items = walk(value);
  if (items.length === 0) return undefinedHint('No aggregated item, sequence was empty.');
  const key = attrGetter(attribute, truthy(caseSensitive) ? null : ignoreCase);
  let best = items[0];
  let bestKey = key.get(best);
  for (let i = 1; i < items.length; i++) {
    const k = key.get(items[i]);
    const c = compare(k, bestKey, wantMax ? '>' : '<');
    if (wantMax ? c > 0 : c < 0) {
      best = items[i];
      bestKey = k;
    }
  }
  return best;
}

export function doMin(value: unknown, caseSensitive: unknown = false, attribute: unknown = null): unknown {
  return minOrMax(value, caseSensitive, attribute, false);
}

export function doMax(value: unknown, caseSensitive: unknown = false, attribute: unknown = null): unknown {
  return minOrMax(value, caseSensitive, attribute, true);
}

/**
 * A set of hashable template values with Python equality (1 == 1.0 == True): values with a hash
 * key (./hash-key.ts) are looked up in a Set, so `unique` stays linear; the rare rest (NaN,
 * tuples holding one) are compared one by one.
 */
class ValueSet {
  private readonly keys = new Set<string>();
  private readonly others: unknown[] = [];

  add(x: unknown): boolean {
    checkHashable(x);
    const key = hashKey(x);
    if (key !== null) {
      if (this.keys.has(key)) return false;
      this.keys.add(key);
      return true;
    }
    if (this.others.some((o) => eq(o, x))) return false;
    this.others.push(x);
    return true;
  }
}

export function doUnique(value: unknown, caseSensitive: unknown = false, attribute: unknown = null): PyIterator {
  return lazy('generator object sync_do_unique', function* () {
    const key = attrGetter(attribute, truthy(caseSensitive) ? null : ignoreCase);
    const seen = new ValueSet();
    for (const item of walk(value)) if (seen.add(key.get(item))) yield item;
  });
}

export function doGroupby(value: unknown, attribute: unknown, defaultValue: unknown = null, caseSensitive: unknown = false): unknown[] {
  const cs = truthy(caseSensitive);
  const expr = attrGetter(attribute, cs ? null : ignoreCase, defaultValue);
  const items = walk(value);
  const decorated: Decorated<unknown>[] = [];
  for (let i = 0; i < items.length; i++) decorated.push({ item: items[i], key: expr.get(items[i]) });
  const sorted = sortDecorated(decorated, false);
  const groups: GroupTuple[] = [];
  for (const item of sorted) {
    const key = expr.get(item);
    const last = groups[groups.length - 1];
    if (last !== undefined && eq(last[0], key)) (last[1] as unknown[]).push(item);
    else groups.push(GroupTuple.group(key, [item]));
  }
  if (cs) return groups;
  const output = attrGetter(attribute, null, defaultValue);
  return groups.map((g) => GroupTuple.group(output.get((g[1] as unknown[])[0]), g[1] as unknown[]));
}

export function doSum(iterable: unknown, attribute: unknown = null, start: unknown = 0): unknown {
  const items = walk(iterable);
  const get = attribute === null ? null : attrGetter(attribute);
  if (typeof start === 'string' || start instanceof Markup) throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
  let total = start;
  for (let i = 0; i < items.length; i++) total = add(total, get === null ? items[i] : get.get(items[i]));
  return total;
}

export function doBatch(value: unknown, linecount: unknown, fillWith: unknown = null): PyIterator {
  return lazy('generator object do_batch', function* () {
    let tmp: unknown[] = [];
    for (const item of walk(value)) {
      if (eq(tmp.length, linecount)) {
        yield tmp;
        tmp = [];
      }
      tmp.push(item);
    }
    if (tmp.length > 0) {
      if (fillWith !== null && compare(tmp.length, linecount, '<') < 0) {
        if (!isIntLike(linecount)) throw typeError("can't multiply sequence by non-int");
        // A caller-chosen size (200,000,000) must fail here, not abort the process.
        chargeBytes(8 * (intNumber(linecount) - tmp.length));
        while (tmp.length < intNumber(linecount)) tmp.push(fillWith);
      }
      yield tmp;
    }
  });
}

export function doSlice(value: unknown, slices: unknown, fillWith: unknown = null): PyIterator {
  return lazy('generator object sync_do_slice', function* () {
    const seq = [...walk(value)];
    if (!isIntLike(slices)) throw typeError(`'${pyTypeName(slices)}' object cannot be interpreted as an integer`);
    const n = intNumber(slices);
    if (n === 0) throw renderError('zero-division', 'integer division or modulo by zero');
    // One list per slice, however short the input.
    if (n > 0) chargeBytes(8 * n);
    const length = seq.length;
    const perSlice = Math.floor(length / n);
    const withExtra = ((length % n) + n) % n;
    let offset = 0;
    for (let i = 0; i < n; i++) {
      const start = offset + i * perSlice;
      if (i < withExtra) offset += 1;
      const end = offset + (i + 1) * perSlice;
      const tmp = seq.slice(start, Math.max(start, end));
      if (fillWith !== null && i >= withExtra) tmp.push(fillWith);
      yield tmp;
    }
  });
}

export function doItems(value: unknown): PyIterator {
  return lazy('generator object do_items', function* () {
    if (value instanceof Undefined) return;
    if (!(value instanceof Map)) throw typeError('Can only get item pairs from a mapping.');
    for (const [k, v] of value) yield tuple([k, v]);
  });
}

export function doAttr(obj: unknown, name: unknown): unknown {
  if (typeof name !== 'string') throw typeError(`attribute name must be string, not '${pyTypeName(name)}'`);
  if (obj instanceof Undefined) throw obj.error();
  if (isUnsafeMemberName(name)) return new Undefined(null, obj, name);
  // SPEC §2 (Conduit): attr() also reads keys of JSON objects; methods still win, as with `.name`.
  return getattr(obj, name);
}

// ---- map / select / reject (they call filters and tests by name at run time) -----------------

export type CallByName = (name: string, value: unknown, args: readonly unknown[], kwargs: KwArgs) => unknown;

function prepareMap(callFilter: CallByName, args: readonly unknown[], kwargs: KwArgs): (item: unknown) => unknown {
  if (args.length === 0 && kwargs !== null && kwargs.has('attribute')) {
    const rest = new Map(kwargs);
    const attribute = rest.get('attribute');
    rest.delete('attribute');
    const defaultValue = rest.has('default') ? rest.get('default') : null;
    rest.delete('default');
    if (rest.size > 0) throw renderError('filter-argument', `Unexpected keyword argument '${[...rest.keys()][0]}'`);
    const getter = attrGetter(attribute, null, defaultValue);
    return (item) => getter.get(item);
  }
  if (args.length === 0) throw renderError('filter-argument', 'map requires a filter argument');
  const [name, ...rest] = args;
  return (item) => callFilter(nameOf(name, 'filter'), item, rest, kwargs);
}

function nameOf(name: unknown, kind: string): string {
  if (typeof name === 'string') return name;
  if (name instanceof Markup) return name.text;
  if (name instanceof Undefined) throw renderError('runtime-error', `No ${kind} named Undefined.`);
  throw renderError('runtime-error', `No ${kind} named ${str(name)}.`);
}

export function doMap(callFilter: CallByName, value: unknown, args: readonly unknown[], kwargs: KwArgs): PyIterator {
  return lazy('generator object sync_do_map', function* () {
    if (!truthy(value)) return;
    const func = prepareMap(callFilter, args, kwargs);
    for (const item of walk(value)) yield func(item);
  });
}

function selectOrReject(
  callTest: CallByName,
  value: unknown,
  args: readonly unknown[],
  kwargs: KwArgs,
  keep: boolean,
  lookupAttr: boolean,
): PyIterator {
  return lazy(`generator object select_or_reject`, function* () {
    if (!truthy(value)) return;
    let off = 0;
    let trans: (x: unknown) => unknown = (x) => x;
    if (lookupAttr) {
      if (args.length === 0) throw renderError('filter-argument', 'Missing parameter for attribute name');
      const getter = attrGetter(args[0]);
      trans = (x) => getter.get(x);
      off = 1;
    }
    let func: (x: unknown) => unknown;
    if (args.length > off) {
      const testName = nameOf(args[off], 'test');
      const rest = args.slice(off + 1);
      func = (x) => callTest(testName, x, rest, kwargs);
    } else {
      func = truthy;
    }
    for (const item of walk(value)) {
      if (truthy(func(trans(item))) === keep) yield item;
    }
  });
}

export function doSelect(callTest: CallByName, value: unknown, args: readonly unknown[], kwargs: KwArgs): PyIterator {
  return selectOrReject(callTest, value, args, kwargs, true, false);
}
export function doReject(callTest: CallByName, value: unknown, args: readonly unknown[], kwargs: KwArgs): PyIterator {
  return selectOrReject(callTest, value, args, kwargs, false, false);
}
export function doSelectattr(callTest: CallByName, value: unknown, args: readonly unknown[], kwargs: KwArgs): PyIterator {
  return selectOrReject(callTest, value, args, kwargs, true, true);
}
export function doRejectattr(callTest: CallByName, value: unknown, args: readonly unknown[], kwargs: KwArgs): PyIterator {
  return selectOrReject(callTest, value, args, kwargs, false, true);
}
