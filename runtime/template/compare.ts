// Python truthiness, ==, ordering and dict-key equivalence over template values.
import { compareStrings } from './code-points.js';
import { bigValue, floatValue, isFloat, isNumeric } from './numbers.js';
import { DictView, Markup, PyFloat, PyRange, isTuple , PyBytes } from './py-values.js';
import { typeError } from './render-errors.js';
import { pyTypeName } from './python-repr.js';
import { Undefined } from './undefined.js';
import { LoopContext } from './loop.js';

/** Python bool(x). */
export function truthy(x: unknown): boolean {
  switch (typeof x) {
    case 'boolean':
      return x;
    case 'string':
      return x.length > 0;
    case 'number':
      return x !== 0;
    case 'bigint':
      return x !== 0n;
    case 'object':
      if (x === null) return false;
      if (Array.isArray(x)) return x.length > 0;
      if (x instanceof Map) return x.size > 0;
      if (x instanceof Undefined) return false;
      if (x instanceof PyFloat) return x.value !== 0;
      if (x instanceof Markup) return x.text.length > 0;
      if (x instanceof PyBytes) return x.bytes.length > 0;
      if (x instanceof DictView) return x.dict.size > 0;
      if (x instanceof PyRange) return x.length > 0;
      if (x instanceof LoopContext) return x.length > 0;
      return true;
    default:
      return x !== undefined;
  }
}

function numericEq(a: unknown, b: unknown): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    // Exact int/float comparison: a float equals a big int only when integral and equal.
    const fa = isFloat(a);
    const fb = isFloat(b);
    if (fa || fb) {
      const f = floatValue(fa ? a : b);
      if (!Number.isInteger(f)) return false;
      return BigInt(f) === bigValue(fa ? b : a);
    }
    return bigValue(a) === bigValue(b);
  }
  return floatValue(a) === floatValue(b);
}

/** Python a == b. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta === 'string') return b instanceof Markup ? a === b.text : false;
  if (ta === 'number' && typeof b === 'number') return false;
  if (isNumeric(a)) return isNumeric(b) && numericEq(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a instanceof Markup && typeof b === 'string' ? a.text === b : false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      const other = dictGet(b, k);
      if (other === undefined || !eq(v, other)) return false;
    }
    return true;
  }
  if (a instanceof Undefined) return b instanceof Undefined;
  if (a instanceof Markup) return b instanceof Markup ? a.text === b.text : false;
  if (a instanceof PyBytes) return b instanceof PyBytes && Buffer.from(a.bytes).equals(b.bytes);
  if (a instanceof PyRange) {
    if (!(b instanceof PyRange) || a.length !== b.length) return false;
    return a.length === 0 || (a.start === b.start && (a.length === 1 || a.step === b.step));
  }
  if (a instanceof DictView && b instanceof DictView && a.kind === b.kind && a.kind !== 'values') {
    const left = [...a];
    const right = [...b];
    return left.length === right.length && left.every((x) => right.some((y) => eq(x, y)));
  }
  return false;
}

function unorderable(op: string, a: unknown, b: unknown): Error {
  return typeError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** -1/0/1 for Python's ordering, or throws TypeError when the types are not orderable. */
export function compare(a: unknown, b: unknown, op: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (a instanceof Undefined) throw a.error();
  if (b instanceof Undefined) throw b.error();
  if (isNumeric(a) && isNumeric(b)) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      if (!isFloat(a) && !isFloat(b)) {
        const x = bigValue(a);
        const y = bigValue(b);
        return x < y ? -1 : x > y ? 1 : 0;
      }
    }
    const x = floatValue(a);
    const y = floatValue(b);
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  }
  const sa = typeof a === 'string' ? a : a instanceof Markup ? a.text : null;
  const sb = typeof b === 'string' ? b : b instanceof Markup ? b.text : null;
  if (sa !== null && sb !== null) return compareStrings(sa, sb);
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!eq(a[i], b[i])) return compare(a[i], b[i], op);
    }
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }
  throw unorderable(op, a, b);
}

// Two JS numbers (ints or fractional floats) compare natively; everything else goes through compare().
export function lt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a < b : compare(a, b, '<') < 0;
}
export function le(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a <= b : compare(a, b, '<=') <= 0;
}
export function gt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a > b : compare(a, b, '>') > 0;
}
export function ge(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a >= b : compare(a, b, '>=') >= 0;
}

/** Raises Python's "unhashable type" for values that cannot be dict keys or set members. */
export function checkHashable(key: unknown): void {
  if (isTuple(key)) {
    for (const item of key) checkHashable(item);
    return;
  }
  if (Array.isArray(key) || key instanceof Map || key instanceof DictView) {
    throw typeError(`unhashable type: '${pyTypeName(key)}'`);
  }
}

/** dict[key] lookup with Python key equivalence (1 == 1.0 == True, equal tuples); undefined when absent. */
export function dictGet(map: ReadonlyMap<unknown, unknown>, key: unknown): unknown {
  const direct = map.get(key);
  if (direct !== undefined || typeof key === 'string') return direct;
  const k = findKey(map, key);
  return k === NOT_FOUND ? undefined : map.get(k);
}

const NOT_FOUND: unique symbol = Symbol('not found');

/** The stored key equivalent to `key`, or NOT_FOUND. */
function findKey(map: ReadonlyMap<unknown, unknown>, key: unknown): unknown {
  if (map.has(key)) return key;
  if (key instanceof Markup) return map.has(key.text) ? key.text : NOT_FOUND;
  if (!(isNumeric(key) || isTuple(key) || key === null || key instanceof Undefined)) return NOT_FOUND;
  for (const k of map.keys()) if (typeof k !== 'string' && eq(k, key)) return k;
  return NOT_FOUND;
}

export function dictHas(map: ReadonlyMap<unknown, unknown>, key: unknown): boolean {
  checkHashable(key);
  return findKey(map, key) !== NOT_FOUND;
}

/** dict[key] = value keeping the first-inserted equivalent key (Python keeps the original key object). */
export function dictSet(map: Map<unknown, unknown>, key: unknown, value: unknown): void {
  // A str key is only ever equal to the same str (Markup keys are stored as their text).
  if (typeof key === 'string') {
    map.set(key, value);
    return;
  }
  checkHashable(key);
  const k = findKey(map, key);
  map.set(k === NOT_FOUND ? (key instanceof Markup ? key.text : key) : k, value);
}

export function dictDelete(map: Map<unknown, unknown>, key: unknown): boolean {
  const k = findKey(map, key);
  return k !== NOT_FOUND && map.delete(k);
}
