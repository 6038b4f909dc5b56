// Caller headers (config defaults and per request), checked before any request: fetch would otherwise
// fail later with an opaque TypeError, or a CR/LF could smuggle a second header.
import { ConnectorBoundaryError } from './connector-boundary-error.js';
import { describeType, isPlainObject } from './plain-object.js';

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Header values are byte strings: Latin-1, and never CR, LF or NUL. */
const HEADER_VALUE = /^[^\r\n\0\u0100-\uffff]*$/;

/** Headers the SDK derives from other options; callers set them through those options. */
const RESERVED: ReadonlyMap<string, string> = new Map([['x-path-params', 'pass path parameters as pathParams']]);

export type HeaderEntry = readonly [name: string, value: string];

/** Checks a header map; returns its entries (undefined values left out). */
export function validateHeaders(field: string, headers: unknown): HeaderEntry[] {
  if (headers === undefined) return [];
  if (!isPlainObject(headers)) {
    throw new ConnectorBoundaryError(field, `must be an object of header names to strings, got ${describeType(headers)}`);
  }
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const where = `${field}.${name}`;
    if (!HEADER_NAME.test(name)) throw new ConnectorBoundaryError(where, 'is not a valid header name');
    const reserved = RESERVED.get(name.toLowerCase());
    if (reserved !== undefined) throw new ConnectorBoundaryError(where, `is set by the SDK: ${reserved}`);
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new ConnectorBoundaryError(where, `must be a string, got ${describeType(value)}`);
    if (!HEADER_VALUE.test(value)) {
      throw new ConnectorBoundaryError(where, 'must not contain line breaks, NUL or characters above U+00FF (encode the value first)');
    }
    entries.push([name, value]);
  }
  return entries;
}

/** Is `value` safe to send as a header value (used for tokens that arrive at request time)? */
export function isValidHeaderValue(value: string): boolean {
  return HEADER_VALUE.test(value);
}
