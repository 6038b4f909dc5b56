// Path parameters travel in one header, urlencoded like a query string (SPEC §5). The runtime
// checks each value against its rule; the SDK refuses what can never be a value, before sending.
import { ConnectorBoundaryError } from './connector-boundary-error.js';
import { describeType, isPlainObject } from './plain-object.js';

export const PATH_PARAMS_HEADER = 'X-Path-Params';

/** Proxies and CDNs cap single headers around 8–16 KiB; this leaves headroom (as the reference SDK). */
export const MAX_PATH_PARAMS_HEADER_LENGTH = 4096;

/** The header value, or null when there are no path parameters to send. */
export function encodePathParams(field: string, params: unknown): string | null {
  if (params === undefined) return null;
  if (!isPlainObject(params)) {
    throw new ConnectorBoundaryError(field, `must be an object of parameter names to strings or numbers, got ${describeType(params)}`);
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (name.trim() === '') throw new ConnectorBoundaryError(`${field}[${JSON.stringify(name)}]`, 'a parameter name must not be empty');
    const where = `${field}.${name}`;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ConnectorBoundaryError(where, `must be a finite number, got ${value}`);
    } else if (typeof value !== 'string') {
      throw new ConnectorBoundaryError(where, `must be a string or a number, got ${describeType(value)}`);
    }
    search.append(name, String(value));
  }
  const text = search.toString();
  if (text.length > MAX_PATH_PARAMS_HEADER_LENGTH) {
    throw new ConnectorBoundaryError(field, `encode to ${text.length} characters, more than the ${MAX_PATH_PARAMS_HEADER_LENGTH} a header may carry`);
  }
  return text === '' ? null : text;
}
