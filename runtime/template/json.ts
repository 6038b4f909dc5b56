// JSON as Python's json module reads and writes it, over template values:
// - parseJson (from_json, json.loads): objects become dicts keeping every key in written order
//   (integer-like keys included, which JS objects would reorder; a repeated key keeps its first
//   position and last value), `1.0` stays a float, ints beyond 2^53 stay exact (bigint),
//   NaN/Infinity/-Infinity are accepted as Python accepts them.
// - dumpsJson (json_encode, tojson): json.dumps with its separators, ensure_ascii escaping,
//   float repr, optional sort_keys and indent.
import { floatRepr } from './float-format.js';
import { normInt, toFloat } from './numbers.js';
import { DictView, Markup, PyFloat } from './py-values.js';
import { renderError, typeError } from './render-errors.js';
import { pyTypeName } from './python-repr.js';
import { compare } from './compare.js';
import { compareStrings } from './code-points.js';
import { repeated } from './render-budget.js';

/** 10^0 … 10^15, all exact doubles. */
const POWERS_OF_TEN: readonly number[] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Whether a char code is an ASCII digit. */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * json.loads over a string, one left-to-right pass building template values directly (no native
 * JSON.parse then conversion: that was two passes, plus a regex over the whole text to decide
 * whether native parsing was exact). Errors carry Python's message and position.
 */
class JsonParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw renderError('value-error', `${message}: line 1 column ${this.pos + 1} (char ${this.pos})`);
  }

  /** Skips JSON whitespace (space, \n, \r, \t) and returns the next char code (NaN at the end). */
  private ws(): number {
    const { text } = this;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++pos);
    this.pos = pos;
    return c;
  }

  parseDocument(): unknown {
    this.ws();
    if (this.pos >= this.text.length) this.fail('Expecting value');
    const value = this.value(this.text.charCodeAt(this.pos));
    this.ws();
    if (this.pos < this.text.length) this.fail('Extra data');
    return value;
  }

  /** The value starting at `pos`, whose first char code is `c`. */
  private value(c: number): unknown {
    switch (c) {
      case 34: // "
        return this.string();
      case 123: // {
        return this.object();
      case 91: // [
        return this.array();
      case 110: // n
        return this.word('null', null);
      case 116: // t
        return this.word('true', true);
      case 102: // f
        return this.word('false', false);
      case 78: // N
        return this.word('NaN', NaN);
      case 73: // I
        return this.word('Infinity', Infinity);
      default:
        if (c === 45 && this.text.startsWith('-Infinity', this.pos)) {
          this.pos += 9;
          return -Infinity;
        }
        if (c === 45 || isDigit(c)) return this.number();
        return this.fail('Expecting value');
    }
  }

  private word(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) this.fail('Expecting value');
    this.pos += word.length;
    return value;
  }

  /** Python's NUMBER_RE `(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?`, read by hand. */
  private number(): unknown {
    const { text } = this;
    const start = this.pos;
    let pos = start;
    const negative = text.charCodeAt(pos) === 45;
    if (negative) pos++;
    let c = text.charCodeAt(pos);
    // Up to 15 digits are exact in a double: such an int is summed as it is read.
    let value = c - 48;
    if (c === 48) c = text.charCodeAt(++pos);
    else if (c >= 49 && c <= 57) {
      c = text.charCodeAt(++pos);
      while (isDigit(c)) {
        value = value * 10 + (c - 48);
        c = text.charCodeAt(++pos);
      }
    } else {
      return this.fail('Expecting value');
    }
    const intEnd = pos;
    const digits = intEnd - start - (negative ? 1 : 0);
    let float = false;
    let fraction = 0;
    if (text.charCodeAt(pos) === 46 && isDigit(text.charCodeAt(pos + 1))) {
      c = text.charCodeAt(++pos);
      while (isDigit(c)) {
        value = value * 10 + (c - 48);
        c = text.charCodeAt(++pos);
      }
      fraction = pos - intEnd - 1;
      float = true;
    }
    if (c === 101 || c === 69) {
      let p = pos + 1;
      c = text.charCodeAt(p);
      if (c === 43 || c === 45) c = text.charCodeAt(++p);
      if (isDigit(c)) {
        while (isDigit(text.charCodeAt(++p)));
        pos = p;
        // Exponents take the general path below.
        fraction = -1;
        float = true;
      }
    }
    this.pos = pos;
    if (float) {
      // Up to 15 significant digits and a power of ten up to 1e15 are both exact doubles, so
      // their quotient is correctly rounded, as Python's float() is (Clinger's fast path).
      if (fraction >= 0 && digits + fraction <= 15) return toFloat(negative ? -(value / POWERS_OF_TEN[fraction]!) : value / POWERS_OF_TEN[fraction]!);
      return toFloat(Number(text.slice(start, pos)));
    }
    // `0 - value`, not `-value`: -0 is the int 0.
    if (digits <= 15) return negative ? 0 - value : value;
    const raw = text.slice(start, intEnd);
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n + 0 : normInt(BigInt(raw));
  }

  private string(): string {
    const { text } = this;
    const start = ++this.pos;
    // Fast path: no escapes and no control characters before the closing quote.
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return text.slice(start, i);
      }
      if (c === 92 || c < 32) break;
    }
    let out = '';
    // Plain runs are copied whole, between escapes.
    let run = start;
    let i = start;
    for (;;) {
      if (i >= text.length) {
        this.pos = start - 1;
        this.fail('Unterminated string starting at');
      }
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) {
        this.pos = i;
        this.fail('Invalid control character at');
      }
      if (c !== 92) {
        i++;
        continue;
      }
      out += text.slice(run, i);
      const e = text[i + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = i;
            this.fail('Invalid \\uXXXX escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.pos = i;
          this.fail('Invalid \\escape');
      }
      i += 2;
      run = i;
    }
    this.pos = i + 1;
    return out + text.slice(run, i);
  }

  /**
   * The value of member `name` of a document that is an object, without building the object:
   * NO_MEMBER when the document is something else or lacks the member (the caller then parses
   * it whole). Other members' values are parsed and dropped, so bad JSON anywhere still fails,
   * with the same message as parseDocument (the scan is the same).
   */
  memberOfDocument(name: string): unknown {
    let c = this.ws();
    if (c !== 123) return NO_MEMBER;
    this.pos++;
    c = this.ws();
    let found: unknown = NO_MEMBER;
    if (c === 125) {
      this.pos++;
    } else {
      for (;;) {
        if (c !== 34) this.fail('Expecting property name enclosed in double quotes');
        const key = this.string();
        if (this.ws() !== 58) this.fail("Expecting ':' delimiter");
        this.pos++;
        const value = this.value(this.ws());
        // A repeated key: the last value, as Python's dict keeps.
        if (key === name) found = value;
        c = this.ws();
        if (c === 125) {
          this.pos++;
          break;
        }
        if (c !== 44) this.fail("Expecting ',' delimiter");
        this.pos++;
        c = this.ws();
      }
    }
    this.ws();
    if (this.pos < this.text.length) this.fail('Extra data');
    return found;
  }

  private object(): Map<unknown, unknown> {
    const map = new Map<unknown, unknown>();
    this.pos++;
    let c = this.ws();
    if (c === 125) {
      this.pos++;
      return map;
    }
    for (;;) {
      if (c !== 34) this.fail('Expecting property name enclosed in double quotes');
      const key = this.string();
      if (this.ws() !== 58) this.fail("Expecting ':' delimiter");
      this.pos++;
      const value = this.value(this.ws());
      // A repeated key keeps its first position and takes the last value, as Python's dict does.
      map.set(key, value);
      c = this.ws();
      if (c === 125) {
        this.pos++;
        return map;
      }
      if (c !== 44) this.fail("Expecting ',' delimiter");
      this.pos++;
      c = this.ws();
    }
  }

  private array(): unknown[] {
    const items: unknown[] = [];
    this.pos++;
    let c = this.ws();
    if (c === 93) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value(c));
      c = this.ws();
      if (c === 93) {
        this.pos++;
        return items;
      }
      if (c !== 44) this.fail("Expecting ',' delimiter");
      this.pos++;
      c = this.ws();
    }
  }
}

/** json.loads(text) as template values. */
export function parseJson(text: string): unknown {
  return new JsonParser(text).parseDocument();
}

/** A number token (or digits inside a string, which only cost the slower path). */
const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/**
 * JSON.parse reads text exactly as Python does once converted, unless a number token is a float
 * with an integral value (`1.0`, `1e3`, `1.99999999999999999`: Python's float, JSON.parse's int)
 * or an integer of 16+ digits (beyond 2^53 it loses digits).
 */
function needsExactParse(text: string): boolean {
  NUMBER_TOKEN.lastIndex = 0;
  for (let m = NUMBER_TOKEN.exec(text); m !== null; m = NUMBER_TOKEN.exec(text)) {
    const token = m[0];
    const digits = token.charCodeAt(0) === 45 ? token.length - 1 : token.length;
    if (/[.eE]/.test(token) ? Number.isInteger(Number(token)) : digits >= 16) return true;
  }
  return false;
}

/** JS objects list integer-like keys first, in numeric order: such objects need the exact parser. */
const REORDERED: unique symbol = Symbol('reordered');

function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/** Plain JSON.parse output → template values (objects to dicts, -0 to 0); REORDERED when key order was lost. */
function fromPlainJson(x: unknown): unknown {
  if (typeof x === 'number') return x + 0;
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const v = fromPlainJson(x[i]);
      if (v === REORDERED) return REORDERED;
      x[i] = v;
    }
    return x;
  }
  const obj = x as Record<string, unknown>;
  const map = new Map<unknown, unknown>();
  let first = true;
  // for-in over a JSON.parse object: own keys only, integer-like ones first (so the first tells).
  for (const key in obj) {
    if (first && isIndexKey(key)) return REORDERED;
    first = false;
    const v = fromPlainJson(obj[key]);
    if (v === REORDERED) return REORDERED;
    map.set(key, v);
  }
  return map;
}

/**
 * json.loads(text) for values that are read many times, such as a render context built once
 * (parseJsonValue): native JSON.parse when it gives exactly Python's values, converted to
 * template values, else parseJson. Slower to build than parseJson, but what it builds is faster
 * to read: JSON.parse internalises keys (a Map lookup with a template's constant name then
 * compares pointers, not characters) and copies strings flat (parseJson's slices of 13+
 * characters point into the whole text).
 */
export function parseJsonForReuse(text: string): unknown {
  if (!needsExactParse(text)) {
    let plain: unknown;
    try {
      plain = JSON.parse(text);
    } catch {
      return parseJson(text);
    }
    const value = fromPlainJson(plain);
    if (value !== REORDERED) return value;
  }
  return parseJson(text);
}

/** What memberOfJson gives when the document is no object or has no such member. */
export const NO_MEMBER: unique symbol = Symbol('no member');

/** json.loads(text)[name] when the document is an object with that member, else NO_MEMBER. */
export function memberOfJson(text: string, name: string): unknown {
  return new JsonParser(text).memberOfDocument(name);
}

export interface DumpOptions {
  readonly sortKeys: boolean;
  /** null: compact on one line with ", " / ": " separators; else pretty-printed. */
  readonly indent: string | null;
  /** Escape < > & ' inside strings as \u003c ... (Jinja2's tojson). */
  readonly htmlSafe: boolean;
}

const NEEDS_JSON_ESCAPE = /["\\\x00-\x1f\x7f-\uffff]/;
const NEEDS_HTML_SAFE_JSON_ESCAPE = /["\\\x00-\x1f\x7f-\uffff<>&']/;
const NON_ASCII = /[\x7f-\uffff]/g;
const HTML_UNSAFE = /[<>&']/g;

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A JSON string as Python's json.dumps writes it (ensure_ascii: everything beyond ASCII escaped);
 * `htmlSafe` also escapes < > & ' as Jinja2's tojson does.
 */
function escapeJsonString(s: string, htmlSafe: boolean): string {
  if (!(htmlSafe ? NEEDS_HTML_SAFE_JSON_ESCAPE : NEEDS_JSON_ESCAPE).test(s)) return `"${s}"`;
  // JSON.stringify escapes quotes, backslashes and control characters exactly as Python does
  // (\b \f \n \r \t, else \u00XX lower-case); only non-ASCII and DEL remain to escape.
  const json = JSON.stringify(s).replace(NON_ASCII, unicodeEscape);
  return htmlSafe ? json.replace(HTML_UNSAFE, unicodeEscape) : json;
}

function floatJson(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return floatRepr(x);
}

function keyText(key: unknown): string {
  if (typeof key === 'string') return key;
  if (key instanceof Markup) return key.text;
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (key === null) return 'null';
  if (typeof key === 'number') return Number.isInteger(key) ? String(key + 0) : floatJson(key);
  if (typeof key === 'bigint') return key.toString();
  if (key instanceof PyFloat) return floatJson(key.value);
  throw typeError(`keys must be str, int, float, bool or None, not ${pyTypeName(key)}`);
}

function compareKeys(a: unknown, b: unknown): number {
  return typeof a === 'string' && typeof b === 'string' ? compareStrings(a, b) : compare(a, b, '<');
}

/** A dict's keys in sorted order (Python sorts the original keys, so mixed types fail). */
function sortedKeys(map: ReadonlyMap<unknown, unknown>): unknown[] {
  const keys: unknown[] = [];
  for (const k of map.keys()) keys.push(k);
  if (keys.length > 12) return keys.sort(compareKeys);
  // Insertion sort: small dicts are the norm and this avoids Array#sort's comparator calls.
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && compareKeys(keys[j], k) > 0) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** Deeper nesting than this is a cycle in practice (Python's json.dumps checks for cycles). */
const MAX_DEPTH = 1000;

function writeJson(x: unknown, options: DumpOptions, depth: number): string {
  switch (typeof x) {
    case 'string':
      return escapeJsonString(x, options.htmlSafe);
    case 'number':
      return Number.isInteger(x) ? String(x + 0) : floatJson(x);
    case 'bigint':
      return x.toString();
    case 'boolean':
      return x ? 'true' : 'false';
    default:
      break;
  }
  if (x === null) return 'null';
  if (x instanceof PyFloat) return floatJson(x.value);
  if (x instanceof Markup) return escapeJsonString(x.text, options.htmlSafe);
  const isList = Array.isArray(x);
  if (!isList && !(x instanceof Map)) throw typeError(`Object of type ${pyTypeName(x)} is not JSON serializable`);
  if (depth > MAX_DEPTH) throw renderError('value-error', 'Circular reference detected');
  const { indent } = options;
  const inner = indent === null ? '' : `\n${repeated(indent, depth + 1)}`;
  const outer = indent === null ? '' : `\n${repeated(indent, depth)}`;
  const sep = indent === null ? ', ' : `,${inner}`;
  if (isList) {
    const items = x as unknown[];
    if (items.length === 0) return '[]';
    let out = `[${inner}${writeJson(items[0], options, depth + 1)}`;
    for (let i = 1; i < items.length; i++) out += sep + writeJson(items[i], options, depth + 1);
    return `${out}${outer}]`;
  }
  const map = x as Map<unknown, unknown>;
  if (map.size === 0) return '{}';
  let out = `{${inner}`;
  let first = true;
  // No per-call closures here: this runs for every dict a template prints.
  if (options.sortKeys && map.size > 1) {
    for (const k of sortedKeys(map)) {
      out += `${first ? '' : sep}${escapeJsonString(keyText(k), options.htmlSafe)}: ${writeJson(map.get(k), options, depth + 1)}`;
      first = false;
    }
  } else {
    for (const [k, v] of map) {
      out += `${first ? '' : sep}${escapeJsonString(keyText(k), options.htmlSafe)}: ${writeJson(v, options, depth + 1)}`;
      first = false;
    }
  }
  return `${out}${outer}}`;
}

/** json.dumps(value) with ensure_ascii. */
export function dumpsJson(value: unknown, options: DumpOptions): string {
  return writeJson(value, options, 0);
}

/** Template value → plain JS data (for jwt_encode and other JS APIs): dicts become objects. */
export function toPlainJs(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value;
  if (value instanceof PyFloat) return value.value;
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(toPlainJs);
  if (value instanceof Map) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of value) obj[keyText(k)] = toPlainJs(v);
    return obj;
  }
  if (value instanceof DictView) return [...value].map(toPlainJs);
  throw typeError(`Object of type ${pyTypeName(value)} is not JSON serializable`);
}
