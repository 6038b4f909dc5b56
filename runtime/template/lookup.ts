// Member access, subscripts and calls with Jinja2's rules (`x.name`: attribute first, then item;
// `x[key]`: item first, then attribute for string keys; a miss is Undefined) and Conduit's
// safety rules: dicts are read with Map.get, strings/lists/dicts expose only the whitelisted
// Python methods, no JS property is ever read by name, and unsafe names are always Undefined.
import { asOptIndex, asStr, positional } from './arg-checks.js';
import { BoundMethod, PyCallable, type KwArgs } from './callables.js';
import { Macro } from './macro.js';
import { markupMethod } from './markup-methods.js';
import { codePoints, hasSurrogates, sliceIndices, sliceSelect, sliceString } from './code-points.js';
import { dictGet, eq } from './compare.js';
import { DICT_METHODS, LIST_METHODS, TUPLE_METHODS, type Method } from './container-methods.js';
import { dateTimeAttribute, isoFormat, strftime, timestampSeconds } from './date-time.js';
import { LoopContext, loopChanged, loopCycle } from './loop.js';
import { intNumber, isIntLike, isFloat, floatValue, isNumeric } from './numbers.js';
import { Cycler, GroupTuple, Joiner, Markup, Namespace, ProfileFields, PyBytes, PyDateTime, PyFloat, PyRange, isTuple, tuple } from './py-values.js';
import { renderError, typeError } from './render-errors.js';
import { pyTypeName } from './python-repr.js';
import { STR_METHODS } from './str-methods.js';
import { Undefined } from './undefined.js';
import { isUnsafeMemberName } from './unsafe-names.js';
import type { TemplateEnv } from './types.js';

function missing(obj: unknown, name: unknown): Undefined {
  return new Undefined(null, obj, name);
}

const CYCLER_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  [
    'next',
    (s, a, k) => {
      positional('next', a, k, 0, 0);
      const c = s as Cycler;
      const value = c.items[c.pos];
      c.pos = (c.pos + 1) % c.items.length;
      return value;
    },
  ],
  ['reset', (s, a, k) => (positional('reset', a, k, 0, 0), ((s as Cycler).pos = 0), null)],
]);

const LOOP_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['cycle', (s, a, k) => (positional('cycle', a, k, 0, Infinity), loopCycle(a, (s as LoopContext).index0))],
  ['changed', (s, a, k) => (positional('changed', a, k, 0, Infinity), loopChanged(s as LoopContext, a, eq))],
]);

const DATETIME_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['timestamp', (s, a, k) => (positional('timestamp', a, k, 0, 0), timestampSeconds((s as PyDateTime).date))],
  ['isoformat', (s, a, k) => (positional('isoformat', a, k, 0, 0), isoFormat((s as PyDateTime).date))],
  ['strftime', (s, a, k) => (positional('strftime', a, k, 1, 1), strftime((s as PyDateTime).date, asStr(a[0], 'strftime() argument 1')))],
]);

const FLOAT_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['is_integer', (s, a, k) => (positional('is_integer', a, k, 0, 0), Number.isInteger(floatValue(s)))],
]);

const INT_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  [
    'bit_length',
    (s, a, k) => {
      positional('bit_length', a, k, 0, 0);
      const n = BigInt(typeof s === 'boolean' ? Number(s) : (s as number | bigint));
      return (n < 0n ? -n : n).toString(2).replace(/^0$/, '').length;
    },
  ],
]);

const DECODERS: ReadonlyMap<string, string> = new Map([
  ['utf-8', 'utf-8'], ['utf8', 'utf-8'], ['ascii', 'ascii'], ['latin-1', 'latin1'], ['latin1', 'latin1'], ['iso-8859-1', 'latin1'],
]);

/** `bytes.decode(encoding='utf-8', errors='strict')` and `bytes.hex()` (body_raw). */
const BYTES_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  [
    'decode',
    (s, a, k) => {
      const [encoding, errors] = positional('decode', a, k, 0, 2);
      const name = encoding === undefined ? 'utf-8' : asStr(encoding, 'encoding').toLowerCase().replace('_', '-');
      const codec = DECODERS.get(name);
      if (codec === undefined) throw renderError('lookup-error', `unknown encoding: ${name}`);
      const strict = errors === undefined || asStr(errors, 'errors') === 'strict';
      const bytes = (s as PyBytes).bytes;
      if (codec === 'ascii' && strict && bytes.some((b) => b > 0x7f)) {
        throw renderError('value-error', "'ascii' codec can't decode bytes: ordinal not in range(128)");
      }
      try {
        return new TextDecoder(codec === 'ascii' ? 'utf-8' : codec, { fatal: strict }).decode(bytes);
      } catch {
        throw renderError('value-error', `'${name}' codec can't decode the bytes`);
      }
    },
  ],
  ['hex', (s, a, k) => (positional('hex', a, k, 0, 0), Buffer.from((s as PyBytes).bytes).toString('hex'))],
]);

const RANGE_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  [
    'index',
    (s, a, k) => {
      positional('index', a, k, 1, 1);
      const r = s as PyRange;
      for (let i = 0; i < r.length; i++) if (eq(r.at(i), a[0])) return i;
      throw renderError('value-error', `${String(a[0])} is not in range`);
    },
  ],
  [
    'count',
    (s, a, k) => {
      positional('count', a, k, 1, 1);
      const r = s as PyRange;
      let n = 0;
      for (let i = 0; i < r.length; i++) if (eq(r.at(i), a[0])) n++;
      return n;
    },
  ],
]);

const byId: Method = (s, a, k) => {
  positional('by_id', a, k, 1, 1);
  const value = (s as ProfileFields).byId(a[0]);
  return value === undefined ? new Undefined(`no profile field ${String(a[0])}`) : value;
};

function bind(self: unknown, name: string, table: ReadonlyMap<string, Method>, owner: string): BoundMethod | null {
  const impl = table.get(name);
  return impl === undefined ? null : new BoundMethod(self, name, impl, owner);
}

function strMethod(self: string, name: string): BoundMethod | null {
  const impl = STR_METHODS.get(name);
  return impl === undefined ? null : new BoundMethod(self, name, (s, a, k) => impl(s as string, a, k), 'str');
}

/** The method table that applies to a receiver (strings handled separately). */
function methodsOf(obj: unknown): [ReadonlyMap<string, Method>, string] | null {
  if (obj instanceof Map) return [DICT_METHODS, 'dict'];
  if (isTuple(obj)) return [TUPLE_METHODS, 'tuple'];
  if (Array.isArray(obj)) return [LIST_METHODS, 'list'];
  if (obj instanceof Cycler) return [CYCLER_METHODS, 'Cycler'];
  if (obj instanceof LoopContext) return [LOOP_METHODS, 'LoopContext'];
  if (obj instanceof PyDateTime) return [DATETIME_METHODS, 'datetime'];
  if (obj instanceof PyRange) return [RANGE_METHODS, 'range'];
  if (obj instanceof PyBytes) return [BYTES_METHODS, 'bytes'];
  if (isNumeric(obj)) return isFloat(obj) ? [FLOAT_METHODS, 'float'] : [INT_METHODS, 'int'];
  return null;
}

/** Real (non-method) attributes of non-dict objects; undefined when there is none. */
function plainAttribute(obj: unknown, name: string): unknown {
  if (obj instanceof Macro) return obj.attribute(name);
  if (obj instanceof Namespace) return obj.attrs.get(name);
  if (obj instanceof LoopContext) {
    const v = obj.attribute(name);
    return v === null ? undefined : v;
  }
  if (obj instanceof GroupTuple) return name === 'grouper' ? obj[0] : name === 'list' ? obj[1] : undefined;
  if (obj instanceof Cycler) return name === 'current' ? obj.items[obj.pos] : name === 'items' ? tuple([...obj.items]) : undefined;
  if (obj instanceof PyDateTime) {
    const v = dateTimeAttribute(obj, name);
    return v === null ? undefined : v;
  }
  if (obj instanceof PyRange) return name === 'start' ? obj.start : name === 'stop' ? obj.stop : name === 'step' ? obj.step : undefined;
  if (isNumeric(obj) && (name === 'real' || name === 'imag')) {
    if (name === 'imag') return isFloat(obj) ? new PyFloat(0) : 0;
    return typeof obj === 'boolean' ? (obj ? 1 : 0) : obj;
  }
  return undefined;
}

/** getattr without the item fallback: a method, a real attribute, or undefined. */
function attribute(obj: unknown, name: string): unknown {
  if (typeof obj === 'string') return strMethod(obj, name) ?? undefined;
  if (obj instanceof Markup) return markupMethod(obj, name) ?? undefined;
  const table = methodsOf(obj);
  if (table !== null) {
    const m = bind(obj, name, table[0], table[1]);
    if (m !== null) return m;
  }
  return plainAttribute(obj, name);
}

/**
 * `x.name` for a name the compiler has checked (safe, not a dict method): a dict's own key
 * without further checks, everything else through getattr.
 */
export function getkey(obj: unknown, name: string): unknown {
  if (obj instanceof Map) {
    const v = obj.get(name);
    if (v !== undefined) return v;
    // A plain dict without the key: nothing else could answer a checked non-method name.
    if (obj.constructor === Map) return new Undefined(null, obj, name);
  }
  return getattr(obj, name);
}

/** Jinja2's environment.getattr: `x.name`. */
export function getattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) throw obj.error();
  if (isUnsafeMemberName(name)) return missing(obj, name);
  if (obj instanceof Map) {
    const method = DICT_METHODS.get(name);
    if (method !== undefined) return new BoundMethod(obj, name, method, 'dict');
    if (obj instanceof ProfileFields && name === 'by_id') return new BoundMethod(obj, name, byId, 'dict');
    const v = dictGet(obj, name);
    return v === undefined ? missing(obj, name) : v;
  }
  const v = attribute(obj, name);
  if (v !== undefined) return v;
  // The item fallback (obj[name]) only finds something on sequences for integer keys: not here.
  return missing(obj, name);
}

function seqIndex(length: number, key: unknown): number | null {
  if (!isIntLike(key)) return null;
  let i = intNumber(key);
  if (i < 0) i += length;
  return i >= 0 && i < length ? i : -1;
}

/** Jinja2's environment.getitem: `x[key]` (not slices). */
export function getitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) throw obj.error();
  if (typeof key === 'string' && isUnsafeMemberName(key)) return missing(obj, key);
  if (obj instanceof Map) {
    if (Array.isArray(key) && !isTuple(key)) return missing(obj, key);
    if (key instanceof Map) return missing(obj, key);
    const v = dictGet(obj, key);
    if (v !== undefined) return v;
  } else if (Array.isArray(obj)) {
    const i = seqIndex(obj.length, key);
    if (i !== null) return i < 0 ? missing(obj, key) : obj[i];
  } else if (typeof obj === 'string' || obj instanceof Markup) {
    const s = typeof obj === 'string' ? obj : obj.text;
    const chars = hasSurrogates(s) ? codePoints(s) : null;
    const i = seqIndex(chars ? chars.length : s.length, key);
    if (i !== null) {
      if (i < 0) return missing(obj, key);
      const ch = chars ? chars[i]! : s[i]!;
      // markupsafe wraps __getitem__: an item or slice of a Markup is a Markup.
      return obj instanceof Markup ? new Markup(ch) : ch;
    }
  } else if (obj instanceof PyBytes) {
    const i = seqIndex(obj.bytes.length, key);
    if (i !== null) return i < 0 ? missing(obj, key) : obj.bytes[i];
  } else if (obj instanceof PyRange) {
    const i = seqIndex(obj.length, key);
    if (i !== null) return i < 0 ? missing(obj, key) : obj.at(i);
  }
  if (typeof key === 'string') {
    const v = attribute(obj, key);
    if (v !== undefined) return v;
  }
  return missing(obj, key);
}

/**
 * `x[start:stop:step]`. Jinja2 compiles slices to a plain Python subscript (not through
 * environment.getitem), so bad bounds and unsliceable values are errors, not Undefined.
 */
export function getslice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof Undefined) throw obj.error();
  const lo = asOptIndex(start, 'start');
  const hi = asOptIndex(stop, 'stop');
  const st = asOptIndex(step, 'step');
  const by = st ?? 1;
  if (by === 0) throw renderError('value-error', 'slice step cannot be zero');
  if (typeof obj === 'string') return sliceString(obj, lo, hi, by);
  if (obj instanceof Markup) return new Markup(sliceString(obj.text, lo, hi, by));
  if (obj instanceof PyBytes) return new PyBytes(Uint8Array.from(sliceSelect([...obj.bytes], lo, hi, by) as number[]));
  if (isTuple(obj)) return tuple(sliceSelect(obj, lo, hi, by));
  if (Array.isArray(obj)) return sliceSelect(obj, lo, hi, by);
  if (obj instanceof PyRange) {
    const [first] = sliceIndices(obj.length, lo, hi, by);
    const count = sliceSelect([...Array(obj.length).keys()], lo, hi, by).length;
    const begin = count === 0 ? 0 : obj.at(first);
    return new PyRange(begin, begin + count * obj.step * by, obj.step * by);
  }
  if (obj instanceof Map) throw typeError("unhashable type: 'slice'");
  throw typeError(`'${pyTypeName(obj)}' object is not subscriptable`);
}

function notCallable(x: unknown): Error {
  return renderError('not-callable', `'${pyTypeName(x)}' object is not callable`);
}

/** `f(*args, **kwargs)` */
export function call(env: TemplateEnv, callee: unknown, args: readonly unknown[], kwargs: KwArgs): unknown {
  if (callee instanceof PyCallable) return callee.call(args, kwargs, env);
  if (callee instanceof Undefined) throw callee.error();
  if (callee instanceof Joiner) {
    positional('joiner', args, kwargs, 0, 0);
    if (!callee.used) {
      callee.used = true;
      return '';
    }
    return callee.sep;
  }
  if (callee instanceof LoopContext) {
    if (callee.recurse !== null) {
      positional('loop', args, kwargs, 1, 1);
      return callee.recurse(args[0], callee.depth + 1);
    }
    throw typeError("Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.");
  }
  throw notCallable(callee);
}

/** `obj.name(*args, **kwargs)` without allocating a bound method on the common paths. */
export function callMethod(env: TemplateEnv, obj: unknown, name: string, args: readonly unknown[], kwargs: KwArgs): unknown {
  if (typeof obj === 'string') {
    const impl = STR_METHODS.get(name);
    if (impl !== undefined && !isUnsafeMemberName(name)) return impl(obj, args, kwargs);
  } else if (obj instanceof Map) {
    const impl = DICT_METHODS.get(name);
    if (impl !== undefined) return impl(obj, args, kwargs);
  } else if (Array.isArray(obj) && !isTuple(obj)) {
    const impl = LIST_METHODS.get(name);
    if (impl !== undefined) return impl(obj, args, kwargs);
  }
  return call(env, getattr(obj, name), args, kwargs);
}

/** Whether Python's callable() is true. */
export function isCallable(x: unknown): boolean {
  return x instanceof PyCallable || x instanceof Joiner || x instanceof LoopContext || x instanceof Undefined;
}

