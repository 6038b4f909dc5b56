// The caller's query parameters, appended to the connector URL (SPEC §5).
import { ConnectorBoundaryError } from './connector-boundary-error.js';
import { describeType, isPlainObject } from './plain-object.js';

function scalarText(where: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ConnectorBoundaryError(where, `must be a finite number, got ${value}`);
    return String(value);
  }
  throw new ConnectorBoundaryError(where, `must be a string, number, boolean or an array of them, got ${describeType(value)}`);
}

/** `''` when there is nothing to send, else `?a=1&b=2` (an array value repeats its key). */
export function encodeQueryParams(field: string, params: unknown): string {
  if (params === undefined) return '';
  if (!isPlainObject(params)) {
    throw new ConnectorBoundaryError(field, `must be an object of parameter names to values, got ${describeType(params)}`);
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const where = `${field}.${key}`;
    if (key.trim() === '') throw new ConnectorBoundaryError(`${field}[${JSON.stringify(key)}]`, 'a parameter name must not be empty');
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => search.append(key, scalarText(`${where}[${i}]`, item)));
    } else {
      search.append(key, scalarText(where, value));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
