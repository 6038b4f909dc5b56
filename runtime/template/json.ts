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

class JsonParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw renderError('value-error', `${message}: line 1 column ${this.pos + 1} (char ${this.pos})`);
  }

  private ws(): void {
    const { text } = this;
    let c = text.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++this.pos);
  }

  parseDocument(): unknown {
    this.ws();
    if (this.pos >= this.text.length) this.fail('Expecting value');
    const value = this.value();
    this.ws();
    if (this.pos < this.text.length) this.fail('Extra data');
    return value;
  }

  private value(): unknown {
    const { text } = this;
    const c = text.charCodeAt(this.pos);
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
        if (c === 45 && text.startsWith('-Infinity', this.pos)) {
          this.pos += 9;
          return -Infinity;
        }
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail('Expecting value');
    }
  }

  private word(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) this.fail('Expecting value');
    this.pos += word.length;
    return value;
  }

  private number(): unknown {
    const re = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (m === null) this.fail('Expecting value');
    this.pos = re.lastIndex;
    const raw = m[0];
    if (m[1] !== undefined || m[2] !== undefined) return toFloat(Number(raw));
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
        out += text[i];
        i++;
        continue;
      }
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
    }
    this.pos = i + 1;
    return out;
  }

  private object(): Map<unknown, unknown> {
    const map = new Map<unknown, unknown>();
    this.pos++;
    this.ws();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return map;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 34) this.fail('Expecting property name enclosed in double quotes');
      const key = this.string();
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 58) this.fail("Expecting ':' delimiter");
      this.pos++;
      this.ws();
      const value = this.value();
      // A repeated key keeps its first position and takes the last value, as Python's dict does.
      map.set(key, value);
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      if (c === 125) {
        this.pos++;
        return map;
      }
      if (c !== 44) this.fail("Expecting ',' delimiter");
      this.pos++;
      this.ws();
    }
  }

  private array(): unknown[] {
    const items: unknown[] = [];
    this.pos++;
    this.ws();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value());
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      if (c === 93) {
        this.pos++;
        return items;
      }
      if (c !== 44) this.fail("Expecting ',' delimiter");
      this.pos++;
      this.ws();
    }
  }
}

/**
 * Text JSON.parse reads exactly as Python does once converted: no number token that is a float
 * with an integral value (`1.0`, `1e3`), no integer of 16+ digits, no integer-like object key
 * (JS objects would reorder it). Matches inside string values only cost the slow path.
 */
const NEEDS_EXACT_PARSE = /\d\.0+(?![0-9])|\d[eE]|\d{16}|"(?:0|[1-9]\d*)"\s*:/;

/** Plain JSON.parse output → template values (objects to dicts, -0 to 0). */
function fromPlainJson(x: unknown): unknown {
  if (typeof x === 'number') return x + 0;
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) x[i] = fromPlainJson(x[i]);
    return x;
  }
  const obj = x as Record<string, unknown>;
  const map = new Map<unknown, unknown>();
  for (const key of Object.keys(obj)) map.set(key, fromPlainJson(obj[key]));
  return map;
}

/** json.loads(text) as template values: native JSON.parse when that gives the same values, else an exact parser. */
export function parseJson(text: string): unknown {
  if (!NEEDS_EXACT_PARSE.test(text)) {
    let plain: unknown;
    try {
      plain = JSON.parse(text);
    } catch {
      return parseJsonExactly(text);
    }
    return fromPlainJson(plain);
  }
  return parseJsonExactly(text);
}

/** json.loads(text) with the exact parser (exported so tests can compare both paths). */
export function parseJsonExactly(text: string): unknown {
  return new JsonParser(text).parseDocument();
}

export interface DumpOptions {
  readonly sortKeys: boolean;
  /** null: compact on one line with ", " / ": " separators; else pretty-printed. */
  readonly indent: string | null;
}

const NEEDS_JSON_ESCAPE = /["\\\x00-\x1f\x7f-\uffff]/;
const NON_ASCII = /[\x7f-\uffff]/g;

/** A JSON string as Python's json.dumps writes it (ensure_ascii: everything beyond ASCII escaped). */
function escapeJsonString(s: string): string {
  if (!NEEDS_JSON_ESCAPE.test(s)) return `"${s}"`;
  // JSON.stringify escapes quotes, backslashes and control characters exactly as Python does
  // (\b \f \n \r \t, else \u00XX lower-case); only non-ASCII and DEL remain to escape.
  return JSON.stringify(s).replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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

function writeJson(x: unknown, options: DumpOptions, depth: number, seen: Set<object> | null): string {
  switch (typeof x) {
    case 'string':
      return escapeJsonString(x);
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
  if (x instanceof Markup) return escapeJsonString(x.text);
  const isList = Array.isArray(x);
  if (!isList && !(x instanceof Map)) throw typeError(`Object of type ${pyTypeName(x)} is not JSON serializable`);
  const obj = x as object;
  const visiting = seen ?? new Set<object>();
  if (visiting.has(obj)) throw renderError('value-error', 'Circular reference detected');
  visiting.add(obj);
  const { indent } = options;
  const inner = indent === null ? '' : `\n${indent.repeat(depth + 1)}`;
  const outer = indent === null ? '' : `\n${indent.repeat(depth)}`;
  const sep = indent === null ? ', ' : `,${inner}`;
  let out: string;
  if (isList) {
    const items = x as unknown[];
    if (items.length === 0) out = '[]';
    else {
      out = `[${inner}`;
      for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : sep) + writeJson(items[i], options, depth + 1, visiting);
      out += `${outer}]`;
    }
  } else {
    const map = x as Map<unknown, unknown>;
    if (map.size === 0) out = '{}';
    else {
      let entries: Iterable<[unknown, unknown]> = map;
      if (options.sortKeys && map.size > 1) entries = [...map].sort((a, b) => compare(a[0], b[0], '<'));
      out = `{${inner}`;
      let first = true;
      for (const [k, v] of entries) {
        out += `${first ? '' : sep}${escapeJsonString(keyText(k))}: ${writeJson(v, options, depth + 1, visiting)}`;
        first = false;
      }
      out += `${outer}}`;
    }
  }
  visiting.delete(obj);
  return out;
}

/** json.dumps(value) with ensure_ascii. */
export function dumpsJson(value: unknown, options: DumpOptions): string {
  return writeJson(value, options, 0, null);
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
