// Everything about a call that can be checked without waiting: the options are validated and turned
// into a ready-to-send request synchronously, so execute() throws ConnectorBoundaryError at the call
// site and no request leaves for invalid input.
import { ConnectorBoundaryError } from './connector-boundary-error.js';
import { CSRF_TOKEN_HEADER, pageDocument, readCsrfToken } from './csrf-token.js';
import { type HttpMethod, HTTP_METHODS, METHODS_WITH_BODY, toHttpMethod } from './http-method.js';
import { PATH_PARAMS_HEADER, encodePathParams } from './path-params-header.js';
import { describeType, isPlainObject } from './plain-object.js';
import { encodeQueryParams } from './query-string.js';
import { type HeaderEntry, isValidHeaderValue, validateHeaders } from './request-headers.js';
import { type EncodedPayload, type RequestBody, encodeCompositePayload, encodeRegularPayload } from './request-payload.js';
import type { ResolvedConfig } from './sdk-config.js';

export interface PreparedRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** Every header except Authorization, which may need an async getToken. */
  readonly headers: readonly HeaderEntry[];
  readonly body: RequestBody | null;
  readonly signal: AbortSignal | null;
}

/** A permalink (SPEC §1 slug) or a numeric id; nothing that could change the path. */
const PERMALINK = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const REGULAR_OPTIONS = new Set(['permalink', 'method', 'payload', 'queryParams', 'pathParams', 'headers', 'signal']);
const COMPOSITE_OPTIONS = new Set(['permalink', 'method', 'payload', 'queryParams', 'headers', 'signal']);

function checkOptionKeys(options: Record<string, unknown>, allowed: ReadonlySet<string>, composite: boolean): void {
  for (const key of Object.keys(options)) {
    if (allowed.has(key)) continue;
    if (composite && key === 'pathParams') {
      if (options[key] === undefined) continue;
      throw new ConnectorBoundaryError('pathParams', 'composite connectors take no path parameters; pass the values in payload or queryParams');
    }
    throw new ConnectorBoundaryError(key, `is not an option of ${composite ? 'connectors.composite.execute' : 'connectors.execute'} (options: ${[...allowed].join(', ')})`);
  }
}

function checkPermalink(value: unknown): string {
  if (typeof value !== 'string') {
    throw new ConnectorBoundaryError('permalink', value === undefined ? 'is required' : `must be a string, got ${describeType(value)}`);
  }
  if (!PERMALINK.test(value)) {
    throw new ConnectorBoundaryError('permalink', `${JSON.stringify(value)} is not a permalink (lower-case letters, digits and single hyphens) or a numeric id`);
  }
  return value;
}

function checkMethod(value: unknown): HttpMethod {
  const method = typeof value === 'string' ? toHttpMethod(value) : null;
  if (method === null) {
    throw new ConnectorBoundaryError('method', value === undefined ? `is required (one of ${HTTP_METHODS.join(', ')})` : `must be one of ${HTTP_METHODS.join(', ')}, got ${typeof value === 'string' ? JSON.stringify(value) : describeType(value)}`);
  }
  return method;
}

function checkSignal(value: unknown): AbortSignal | null {
  if (value === undefined) return null;
  const candidate = value as Partial<AbortSignal> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.aborted !== 'boolean' || typeof candidate.addEventListener !== 'function') {
    throw new ConnectorBoundaryError('signal', `must be an AbortSignal, got ${describeType(value)}`);
  }
  return value as AbortSignal;
}

function checkOptions(options: unknown, name: string): Record<string, unknown> {
  if (!isPlainObject(options)) throw new ConnectorBoundaryError('options', `${name} takes an options object, got ${describeType(options)}`);
  return options;
}

/**
 * Header precedence: config headers < per-request headers < what the SDK derives (X-CSRFToken,
 * X-Path-Params). Content-Type for a JSON payload is set only when the caller did not choose one.
 */
function mergeHeaders(
  config: ResolvedConfig,
  requestHeaders: readonly HeaderEntry[],
  payload: EncodedPayload | null,
  pathParams: string | null,
): HeaderEntry[] {
  const merged = new Map<string, HeaderEntry>();
  for (const entry of [...config.headers, ...requestHeaders]) merged.set(entry[0].toLowerCase(), entry);
  if (payload?.contentType != null && !merged.has('content-type')) merged.set('content-type', ['Content-Type', payload.contentType]);
  const csrf = config.csrfToken === undefined ? readCsrfToken(pageDocument()) : config.csrfToken;
  // A token read from the page is untrusted text: skip it rather than break every call.
  if (csrf !== null && isValidHeaderValue(csrf)) merged.set(CSRF_TOKEN_HEADER.toLowerCase(), [CSRF_TOKEN_HEADER, csrf]);
  if (pathParams !== null) merged.set(PATH_PARAMS_HEADER.toLowerCase(), [PATH_PARAMS_HEADER, pathParams]);
  return [...merged.values()];
}

function connectorUrl(config: ResolvedConfig, path: string, query: string): string {
  const base = config.baseUrl;
  // A relative URL only means something in a page; elsewhere fetch would fail with an obscure error.
  if (!/^https?:\/\//i.test(base) && typeof (globalThis as { location?: unknown }).location === 'undefined') {
    throw new ConnectorBoundaryError('config.baseUrl', 'must be an absolute http(s) URL outside a browser page');
  }
  return `${base}${path}${query}`;
}

/** `connectors.execute(options)`: `{METHOD} {baseUrl}/api/connectors/{permalink}`. */
export function prepareRegularRequest(rawOptions: unknown, config: ResolvedConfig): PreparedRequest {
  const options = checkOptions(rawOptions, 'connectors.execute');
  checkOptionKeys(options, REGULAR_OPTIONS, false);
  const permalink = checkPermalink(options.permalink);
  const method = checkMethod(options.method);
  // The payload is checked for every method (a bad payload is a bug either way) but sent only with a body method.
  const encoded = encodeRegularPayload('payload', options.payload);
  const payload = METHODS_WITH_BODY.has(method) ? encoded : null;
  const query = encodeQueryParams('queryParams', options.queryParams);
  const pathParams = encodePathParams('pathParams', options.pathParams);
  const headers = validateHeaders('headers', options.headers);
  const signal = checkSignal(options.signal);
  return {
    method,
    url: connectorUrl(config, `/api/connectors/${permalink}`, query),
    headers: mergeHeaders(config, headers, payload, pathParams),
    body: payload?.body ?? null,
    signal,
  };
}

/** `connectors.composite.execute(options)`: always `POST {baseUrl}/api/connectors/composite/{permalink}`. */
export function prepareCompositeRequest(rawOptions: unknown, config: ResolvedConfig): PreparedRequest {
  const options = checkOptions(rawOptions, 'connectors.composite.execute');
  checkOptionKeys(options, COMPOSITE_OPTIONS, true);
  const permalink = checkPermalink(options.permalink);
  if (options.method !== undefined && (typeof options.method !== 'string' || options.method.toUpperCase() !== 'POST')) {
    throw new ConnectorBoundaryError('method', 'composite connectors are always called with POST; leave method out');
  }
  const payload = encodeCompositePayload('payload', options.payload);
  const query = encodeQueryParams('queryParams', options.queryParams);
  const headers = validateHeaders('headers', options.headers);
  const signal = checkSignal(options.signal);
  return {
    method: 'POST',
    url: connectorUrl(config, `/api/connectors/composite/${permalink}`, query),
    headers: mergeHeaders(config, headers, payload, null),
    body: payload?.body ?? null,
    signal,
  };
}
