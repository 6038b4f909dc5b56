// Python's str() and repr() of template values: what `{{ value }}` prints. None/True/False,
// ints, floats as CPython's repr, lists/tuples/dicts as Python reprs with Python's quote choice.
import { PyCallable } from './callables.js';
import { Macro } from './macro.js';
import { floatRepr } from './float-format.js';
import { LoopContext } from './loop.js';
import { Cycler, DictView, GroupTuple, Joiner, Markup, Namespace, PyDateTime, PyFloat, PyIterator, PyRange, isTuple , PyBytes } from './py-values.js';
import { Undefined } from './undefined.js';
import { dateTimeString } from './date-time.js';

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const NEEDS_ESCAPE = /[\\'"\x00-\x1f\x7f-\uffff]/;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** repr() of a str: single quotes unless the text has ' and no ". */
export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  if (!NEEDS_ESCAPE.test(s)) return quote + s + quote;
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f) out += ch;
    else if (!NON_PRINTABLE.test(ch)) out += ch;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

/** Containers being printed: a container inside itself prints as [...] / {...}, as Python does. */
const printing = new Set<object>();

function reprContainer(x: unknown[] | ReadonlyMap<unknown, unknown>): string {
  if (printing.has(x)) return Array.isArray(x) ? '[...]' : '{...}';
  printing.add(x);
  try {
    return Array.isArray(x) ? `[${reprItems(x)}]` : reprDict(x as ReadonlyMap<unknown, unknown>);
  } finally {
    printing.delete(x);
  }
}

function reprItems(items: Iterable<unknown>): string {
  let out = '';
  let first = true;
  for (const item of items) {
    if (!first) out += ', ';
    out += repr(item);
    first = false;
  }
  return out;
}

function reprDict(map: ReadonlyMap<unknown, unknown>): string {
  let out = '{';
  let first = true;
  for (const [k, v] of map) {
    if (!first) out += ', ';
    out += `${repr(k)}: ${repr(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** Python's bytes repr: b'...' (b"..." when only that avoids escaping a quote). */
export function reprBytes(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `b${quote}${out}${quote}`;
}

export function repr(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return reprString(x);
    case 'number':
      return Number.isInteger(x) ? String(x + 0) : floatRepr(x);
    case 'boolean':
      return x ? 'True' : 'False';
    case 'bigint':
      return x.toString();
    case 'object':
      if (x === null) return 'None';
      if (isTuple(x)) return x.length === 1 ? `(${repr(x[0])},)` : `(${reprItems(x)})`;
      if (Array.isArray(x) || x instanceof Map) return reprContainer(x);
      if (x instanceof PyFloat) return floatRepr(x.value);
      if (x instanceof Markup) return `Markup(${reprString(x.text)})`;
      if (x instanceof PyBytes) return reprBytes(x.bytes);
      if (x instanceof Undefined) return 'Undefined';
      return reprObject(x);
    default:
      return String(x);
  }
}

function reprObject(x: object): string {
  if (x instanceof DictView) {
    const name = `dict_${x.kind}`;
    return `${name}([${reprItems(x)}])`;
  }
  if (x instanceof PyRange) return x.step === 1 ? `range(${x.start}, ${x.stop})` : `range(${x.start}, ${x.stop}, ${x.step})`;
  if (x instanceof Namespace) return `<Namespace ${reprDict(x.attrs)}>`;
  if (x instanceof LoopContext) return `<LoopContext ${x.index0 + 1}/${x.length}>`;
  if (x instanceof PyIterator) return `<${x.reprName}>`;
  if (x instanceof PyCallable) return x.reprText;
  if (x instanceof Cycler) return '<jinja2.utils.Cycler object>';
  if (x instanceof Joiner) return '<jinja2.utils.Joiner object>';
  if (x instanceof PyDateTime) return `datetime(${dateTimeString(x.date)})`;
  return '<object>';
}

/** Python str(): what `{{ x }}` and `~` write. */
export function str(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'number') return Number.isInteger(x) ? String(x + 0) : floatRepr(x);
  if (x instanceof PyFloat) return floatRepr(x.value);
  if (x instanceof Undefined) return x.printed;
  if (x instanceof Markup) return x.text;
  if (x instanceof PyDateTime) return dateTimeString(x.date);
  return repr(x);
}

/** The Python type name of a value (for error messages and Jinja2's object_type_repr). */
export function pyTypeName(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return 'str';
    case 'number':
      return Number.isInteger(x) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    default:
      if (x === null) return 'NoneType';
      if (x instanceof GroupTuple) return '_GroupTuple';
      if (isTuple(x)) return 'tuple';
      if (Array.isArray(x)) return 'list';
      if (x instanceof Map) return 'dict';
      if (x instanceof PyFloat) return 'float';
      if (x instanceof Markup) return 'Markup';
      if (x instanceof PyBytes) return 'bytes';
      if (x instanceof Undefined) return 'Undefined';
      if (x instanceof DictView) return `dict_${x.kind}`;
      if (x instanceof PyRange) return 'range';
      if (x instanceof Namespace) return 'Namespace';
      if (x instanceof LoopContext) return 'LoopContext';
      if (x instanceof PyIterator) return 'generator';
      if (x instanceof Macro) return 'Macro';
      if (x instanceof PyCallable) return 'builtin_function_or_method';
      if (x instanceof Cycler) return 'Cycler';
      if (x instanceof Joiner) return 'Joiner';
      if (x instanceof PyDateTime) return 'datetime';
      return 'object';
  }
}

/** Jinja2's object_type_repr: `dict object`, `None`. */
export function objectTypeRepr(x: unknown): string {
  return x === null ? 'None' : `${pyTypeName(x)} object`;
}
