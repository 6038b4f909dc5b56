// Jinja2 filters over single values (numbers, conversion, JSON, base64, escaping), plus
// Conduit's from_json/json_encode/base64_* filters.
import { absolute, bigValue, floatValue, isFloat, isIntLike, isNumeric, normInt, toFloat, truncToInt } from './numbers.js';
import { roundFloat } from './float-format.js';
import { dumpsJson, parseJson } from './json.js';
import { escapeHtml } from './html.js';
import { Markup, PyFloat , PyBytes } from './py-values.js';
import { renderError, typeError, valueError } from './render-errors.js';
import { pyTypeName, str } from './python-repr.js';
import { Undefined } from './undefined.js';
import { truthy } from './compare.js';
import { formatFixed } from './float-format.js';
import { isSpaceChar } from './python-str.js';

import { chargeWork, repeated, chargeTextWork } from './render-budget.js';

/** Text a filter reads or writes whole, charged as work (one unit per UTF-16 unit). */
function chargedText(s: string): string {
  chargeTextWork(s.length);
  return s;
}

export function doAbs(value: unknown): unknown {
  const r = absolute(value);
  if (r !== null) return r;
  if (value instanceof Undefined) throw value.error();
  throw typeError(`bad operand type for abs(): '${pyTypeName(value)}'`);
}

export function doDefault(value: unknown, defaultValue: unknown = '', boolean: unknown = false): unknown {
  if (value instanceof Undefined) return defaultValue;
  if (boolean === false) return value;
  return truthy(boolean) && !truthy(value) ? defaultValue : value;
}

function stripPy(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpaceChar(s.charCodeAt(a))) a++;
  while (b > a && isSpaceChar(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

const NON_ASCII_DIGIT = /\p{Nd}/gu;

/** Python's int()/float() read any Unicode decimal digit ('٣' is 3): map them to ASCII. */
function asciiDigits(s: string): string {
  if (!/[^\x00-\x7f]/.test(s)) return s;
  return s.replace(NON_ASCII_DIGIT, (d) => {
    const cp = d.codePointAt(0)!;
    if (cp < 0x80) return d;
    // Decimal digits come in runs of ten: count back to the run's zero.
    let start = cp;
    while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String((cp - start) % 10);
  });
}

/** Python float(str); null when it does not parse. */
export function parsePyFloat(text: string): number | null {
  const s = asciiDigits(stripPy(text));
  const m = /^([+-]?)(?:(inf|infinity)|(nan)|((?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?))$/i.exec(s);
  if (m === null) return null;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2] !== undefined) return sign * Infinity;
  if (m[3] !== undefined) return NaN;
  const body = m[4]!;
  if (!/\d/.test(body.split(/[eE]/)[0]!)) return null;
  return sign * Number(body.replace(/_/g, ''));
}

/** Python int(str, base); null when it does not parse. */
export function parsePyInt(text: string, base: number): number | bigint | null {
  const s = asciiDigits(stripPy(text));
  const m = /^([+-]?)(0[xXoObB])?(.*)$/.exec(s)!;
  const sign = m[1] === '-' ? -1n : 1n;
  let digits = m[3]!;
  let b = base;
  const prefix = m[2]?.toLowerCase();
  if (prefix !== undefined) {
    const prefixBase = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
    if (b === 0) b = prefixBase;
    else if (b !== prefixBase) {
      // '0b1' in base 16 is the hex number 0xb1.
      digits = m[2]!.slice(1) + digits;
      if (b <= 10 || !/^[0-9a-zA-Z]/.test(digits)) return null;
      digits = `0${digits}`;
    }
    if (digits.startsWith('_')) digits = digits.slice(1);
  } else if (b === 0) {
    if (/^0+(?:_?0)*$/.test(digits)) return 0;
    if (digits.startsWith('0')) return null;
    b = 10;
  }
  if (b < 2 || b > 36) throw valueError('int() base must be >= 2 and <= 36, or 0');
  if (!/^[0-9a-zA-Z](?:_?[0-9a-zA-Z])*$/.test(digits)) return null;
  const clean = digits.replace(/_/g, '').toLowerCase();
  const bits = POWER_OF_TWO_BITS[b];
  // CPython refuses to read more than 4,300 digits in a base that is no power of two (ValueError):
  // the conversion is quadratic, and so it is here.
  if (bits === undefined && clean.length > MAX_INT_STR_DIGITS) return null;
  for (let i = 0; i < clean.length; i++) if (DIGIT_VALUE.indexOf(clean[i]!) >= b) return null;
  return normInt(sign * digitsValue(clean, b, bits));
}

/** Python's sys.get_int_max_str_digits() default. */
export const MAX_INT_STR_DIGITS = 4300;
const DIGIT_VALUE = '0123456789abcdefghijklmnopqrstuvwxyz';
const POWER_OF_TWO_BITS: Readonly<Record<number, number>> = { 2: 1, 4: 2, 8: 3, 16: 4, 32: 5 };

/** The value of validated lower-case digits: linear in their count (BigInt reads 0x/0o/0b and decimal text natively). */
function digitsValue(clean: string, base: number, bits: number | undefined): bigint {
  if (base === 10) return BigInt(clean);
  if (base === 16) return BigInt(`0x${clean}`);
  if (base === 8) return BigInt(`0o${clean}`);
  if (base === 2) return BigInt(`0b${clean}`);
  if (bits !== undefined) {
    // Bases 4 and 32: each digit is `bits` binary digits.
    let binary = '';
    for (let i = 0; i < clean.length; i++) binary += parseInt(clean[i]!, 36).toString(2).padStart(bits, '0');
    return BigInt(`0b${binary}`);
  }
  let n = 0n;
  const bb = BigInt(base);
  for (let i = 0; i < clean.length; i++) n = n * bb + BigInt(parseInt(clean[i]!, 36));
  return n;
}

/** Python int(x) for non-strings: the TypeError/ValueError cases return null. */
function intOfValue(value: unknown): number | bigint | null {
  if (value instanceof Undefined) throw value.error();
  if (isIntLike(value)) return typeof value === 'boolean' ? (value ? 1 : 0) : (value as number | bigint);
  if (isFloat(value)) {
    const f = floatValue(value);
    if (f !== f) return null;
    return truncToInt(f);
  }
  return null;
}

function floatOfValue(value: unknown): number | null {
  if (value instanceof Undefined) throw value.error();
  if (typeof value === 'string' || value instanceof Markup) return parsePyFloat(typeof value === 'string' ? value : value.text);
  if (isNumeric(value)) return floatValue(value);
  return null;
}

export function doInt(value: unknown, defaultValue: unknown = 0, base: unknown = 10): unknown {
  let first: number | bigint | null;
  if (typeof value === 'string' || value instanceof Markup) {
    if (!isIntLike(base)) throw typeError(`'${pyTypeName(base)}' object cannot be interpreted as an integer`);
    first = parsePyInt(chargedText(typeof value === 'string' ? value : value.text), Number(bigValue(base)));
  } else {
    first = intOfValue(value);
  }
  if (first !== null) return first;
  const f = floatOfValue(value);
  if (f === null || !Number.isFinite(f)) return defaultValue;
  return truncToInt(f);
}

export function doFloat(value: unknown, defaultValue: unknown = new PyFloat(0)): unknown {
  const f = floatOfValue(value);
  return f === null ? defaultValue : toFloat(f);
}

function roundInt(value: bigint, ndigits: number): bigint {
  if (ndigits >= 0) return value;
  const unit = 10n ** BigInt(-ndigits);
  const neg = value < 0n;
  const abs = neg ? -value : value;
  let q = abs / unit;
  const r = abs % unit;
  if (r * 2n > unit || (r * 2n === unit && q % 2n === 1n)) q += 1n;
  return (neg ? -q : q) * unit;
}

export function doRound(value: unknown, precision: unknown = 0, method: unknown = 'common'): unknown {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
    throw renderError('filter-argument', 'method must be common, ceil or floor');
  }
  if (value instanceof Undefined) throw value.error();
  if (!isIntLike(precision)) throw typeError(`'${pyTypeName(precision)}' object cannot be interpreted as an integer`);
  const p = Number(bigValue(precision));
  if (!isNumeric(value)) {
    if (method === 'common') throw typeError(`type ${pyTypeName(value)} doesn't define __round__ method`);
    throw typeError(`can't multiply sequence by non-int of type 'int'`);
  }
  if (method === 'common') {
    if (isFloat(value)) return toFloat(roundFloat(floatValue(value), p));
    return normInt(roundInt(bigValue(value), p));
  }
  // math.ceil/floor(value * 10**precision) / 10**precision: int ** negative is a float.
  const scale = p >= 0 ? 10 ** p : 10 ** p;
  const scaled = floatValue(value) * scale;
  const whole = method === 'ceil' ? Math.ceil(scaled) : Math.floor(scaled);
  return toFloat(whole / scale);
}

export function doString(value: unknown): unknown {
  return value instanceof Markup ? value : str(value);
}

export function doSafe(value: unknown): Markup {
  return value instanceof Markup ? value : new Markup(str(value));
}

export function doEscape(value: unknown): Markup {
  return value instanceof Markup ? value : new Markup(escapeHtml(str(value)));
}

/** escape's text, for output positions. */
export function escapeText(value: unknown): string {
  return value instanceof Markup ? value.text : escapeHtml(str(value));
}

export function doForceescape(value: unknown): Markup {
  return new Markup(escapeHtml(value instanceof Markup ? value.text : str(value)));
}

function indentOf(indent: unknown): string | null {
  if (indent === null) return null;
  if (typeof indent === 'string') return indent;
  if (isIntLike(indent)) return repeated(' ', Math.max(0, Number(bigValue(indent))));
  throw typeError(`indent must be an int or str, not ${pyTypeName(indent)}`);
}

const TOJSON_COMPACT = { sortKeys: true, indent: null, htmlSafe: true } as const;

const NOT_PLAIN_JSON_TEXT = /[^\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\x5b\x5d-\x7e]/;

/** A str whose JSON text is itself in quotes (printable ASCII without " \ < > & '). */
function isPlainJsonText(s: string): boolean {
  // Short texts are checked faster char by char than through a regex call (as escapeHtml does).
  if (s.length <= 8) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x26 || c === 0x27 || c === 0x3c || c === 0x3e || c === 0x5c) return false;
    }
    return true;
  }
  return !NOT_PLAIN_JSON_TEXT.test(s);
}

/** tojson's text, for output positions where the Markup wrapper would be unwrapped at once. */
export function tojsonText(value: unknown): string {
  if (typeof value === 'string') {
    if (isPlainJsonText(value)) return `"${value}"`;
  } else if (typeof value === 'number' && Number.isInteger(value)) {
    // An int (integral floats are PyFloat): its digits.
    return String(value);
  }
  return chargedText(dumpsJson(value, TOJSON_COMPACT));
}

/** Jinja2's tojson: json.dumps(sort_keys=True) with <, >, &, ' escaped. */
export function doTojson(value: unknown, indent: unknown = null): Markup {
  if (indent === null && typeof value === 'string' && isPlainJsonText(value)) return new Markup(`"${value}"`);
  return new Markup(chargedText(dumpsJson(value, indent === null ? TOJSON_COMPACT : { sortKeys: true, indent: indentOf(indent), htmlSafe: true })));
}

const UNSORTED_COMPACT = { sortKeys: false, indent: null, htmlSafe: false } as const;

/** Conduit: Python's json.dumps(value) with default options, as a safe value (SPEC §2: never escaped). */
export function doJsonEncode(value: unknown): Markup {
  return new Markup(chargedText(dumpsJson(value, UNSORTED_COMPACT)));
}

/** Conduit: json.loads(value). */
export function doFromJson(value: unknown): unknown {
  if (typeof value === 'string') return parseJson(chargedText(value));
  if (value instanceof Markup) return parseJson(chargedText(value.text));
  if (value instanceof PyBytes) return parseJson(Buffer.from(value.bytes).toString('utf8'));
  throw typeError(`the JSON object must be str, bytes or bytearray, not ${pyTypeName(value)}`);
}

/** Conduit: base64 of the UTF-8 bytes of str(value). */
export function doBase64Encode(value: unknown): string {
  // bytes (body_raw) are encoded as they are; anything else as its UTF-8 text.
  if (value instanceof PyBytes) return Buffer.from(value.bytes).toString('base64');
  return Buffer.from(chargedText(str(value)), 'utf8').toString('base64');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Conduit: Python's base64.b64decode(value).decode('utf-8') (non-alphabet characters skipped, padding required). */
export function doBase64Decode(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Markup)) throw typeError(`argument should be a bytes-like object or ASCII string, not '${pyTypeName(value)}'`);
  const text = chargedText(typeof value === 'string' ? value : value.text);
  if (/[^\x00-\x7f]/.test(text)) throw valueError('string argument should contain only ASCII characters');
  const cleaned = text.replace(/[^A-Za-z0-9+/=]/g, '');
  const firstPad = cleaned.indexOf('=');
  const data = firstPad < 0 ? cleaned : cleaned.slice(0, firstPad);
  const padding = firstPad < 0 ? '' : cleaned.slice(firstPad);
  if (data.length % 4 === 1) throw valueError(`Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`);
  const needed = (4 - (data.length % 4)) % 4;
  if (padding.replace(/[^=]/g, '').length < needed) throw valueError('Incorrect padding');
  try {
    return UTF8.decode(Buffer.from(data, 'base64'));
  } catch {
    throw valueError("'utf-8' codec can't decode the base64 data");
  }
}

const SIZE_PREFIXES_DECIMAL = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const SIZE_PREFIXES_BINARY = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

export function doFilesizeformat(value: unknown, binary: unknown = false): string {
  const bytes = floatOfValue(value);
  if (bytes === null) {
    if (typeof value === 'string') throw valueError(`could not convert string to float: '${value}'`);
    throw typeError(`float() argument must be a string or a real number, not '${pyTypeName(value)}'`);
  }
  const bin = truthy(binary);
  const base = bin ? 1024 : 1000;
  const prefixes = bin ? SIZE_PREFIXES_BINARY : SIZE_PREFIXES_DECIMAL;
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${String(truncToInt(bytes))} Bytes`;
  let unit = 0;
  let prefix = '';
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i]!;
    if (bytes < unit) return `${formatFixed((base * bytes) / unit, 1)} ${prefix}`;
  }
  return `${formatFixed((base * bytes) / unit, 1)} ${prefix}`;
}
