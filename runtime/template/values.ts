// Builders for template input values. The value model (what compiled templates compute with):
//
//   Python        JS representation
//   None          null
//   True/False    boolean
//   str           string (UTF-16; str operations index by code point)
//   int           number when |n| ≤ 2^53-1 (integral, never -0), else bigint
//   float         a JS number when its value is fractional, NaN or ±Infinity; an integral-valued
//                 float (1.0, -0.0, 1e300) is a PyFloat box, so `1` and `1.0` stay distinct and
//                 print as Python does ("1" vs "1.0") with no allocation for ordinary numbers
//   list          Array
//   tuple         Tuple (an Array subclass)
//   dict          Map (insertion-ordered; keys as written, integer-like keys included)
//   Undefined     an Undefined instance (./undefined.ts)
//   other         the classes of ./py-values.ts (Markup, PyRange, PyIterator, Namespace, ...)
//
// Callers (the executor, `conduit render`) build inputs with the helpers below, never by hand.
import { normInt, toFloat } from './numbers.js';
import { parseJsonForReuse } from './json.js';
import { ProfileFields, READ_ONLY } from './py-values.js';
import type { TemplateVars } from './types.js';

/**
 * Converts plain JS data (JWT claims, parsed config) to template values: objects become dicts
 * (key order as Object.keys gives it), undefined becomes None, integral numbers are ints.
 * JSON text should go through parseJsonValue instead, which keeps `1.0`, big ints and key order.
 */
export function fromJsValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isInteger(value) && !Number.isSafeInteger(value) ? toFloat(value) : value + 0;
    case 'bigint':
      return normInt(value);
    case 'object':
      if (Array.isArray(value)) return value.map(fromJsValue);
      if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, fromJsValue(v)]));
      if (value instanceof Date) return value.toISOString();
      return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJsValue(v)]));
    default:
      return String(value);
  }
}

/** The value of `user.profile_fields`: a dict whose `by_id(N)` returns field N (a number or numeric string id). */
export function makeProfileFields(fields: Readonly<Record<string, unknown>>): unknown {
  const dict = new ProfileFields();
  for (const [k, v] of Object.entries(fields)) dict.set(k, fromJsValue(v));
  return dict;
}

/**
 * JSON text → template values exactly as Python's json.loads builds them (see ./json.ts), in the
 * form that is fastest to read many times (a context built once). Throws
 * TemplateRenderError('value-error') on bad JSON.
 */
export function parseJsonValue(text: string): unknown {
  return parseJsonForReuse(text);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A body as templates see it (SPEC §2): its UTF-8 text, or None when the bytes are not valid UTF-8. */
export function bodyText(bytes: Uint8Array): string | null {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return null;
  }
}

/** A headers dict with lower-cased names (later duplicates joined with ', '). */
export function headersDict(headers: Iterable<readonly [string, string]> | Readonly<Record<string, string>>): Map<string, string> {
  const pairs: Iterable<readonly [string, string]> =
    Symbol.iterator in headers ? (headers as Iterable<readonly [string, string]>) : Object.entries(headers as Record<string, string>);
  const map = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const prev = map.get(key);
    map.set(key, prev === undefined ? value : `${prev}, ${value}`);
  }
  return map;
}

/**
 * Marks a value (deeply: its dicts and lists) as shared beyond one render, e.g. a user dict cached
 * per token: templates can still read it, but dict/list methods that mutate (update, pop, append,
 * ...) fail instead of changing what other requests see. Returns the value.
 */
export function markShared<T>(value: T): T {
  if (value instanceof Map) {
    READ_ONLY.add(value);
    for (const v of value.values()) markShared(v);
  } else if (Array.isArray(value)) {
    READ_ONLY.add(value);
    for (const v of value) markShared(v);
  }
  return value;
}

/** Template variables from a record of already-built template values. */
export function templateVars(values: Readonly<Record<string, unknown>>): TemplateVars {
  return new Map(Object.entries(values));
}
