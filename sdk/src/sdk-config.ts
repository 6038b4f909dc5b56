// `new WidgetServiceSDK(config)` (SPEC §6): checked once, in the constructor, so a bad config fails
// where it is written rather than at the first call.
import { ConnectorBoundaryError } from './connector-boundary-error.js';
import type { HeaderMap } from './execute-options.js';
import { describeType, isPlainObject } from './plain-object.js';
import { type HeaderEntry, isValidHeaderValue, validateHeaders } from './request-headers.js';

/** Returns the user's token (a JWT from the host site), or null/undefined/'' for an anonymous call. */
export type TokenSource = () => string | null | undefined | PromiseLike<string | null | undefined>;

interface CommonConfig {
  /** Where the runtime is served: '' (the page's origin, default), '/prefix', or 'https://host[/prefix]'. */
  readonly baseUrl?: string;
  /** Sent as X-CSRFToken; defaults to the value of the element with id `csrftoken`, read per request. */
  readonly csrfToken?: string;
  /** Sent with every request; per-request headers with the same name replace them. */
  readonly headers?: HeaderMap;
  /** Milliseconds until a request is abandoned (rejects with scope 'Timeout'). Default 30000. */
  readonly timeout?: number;
}

/** `token` (fixed) or `getToken` (called per request, may be async): sent as `Authorization: Bearer …`. */
export type WidgetServiceSDKConfig = CommonConfig &
  ({ readonly token?: string; readonly getToken?: never } | { readonly token?: never; readonly getToken?: TokenSource });

export const DEFAULT_TIMEOUT_MS = 30_000;
/** setTimeout's upper bound; a longer delay would fire immediately. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

export interface ResolvedConfig {
  /** Without trailing slashes. */
  readonly baseUrl: string;
  /** null: anonymous. */
  readonly getToken: TokenSource | null;
  /** undefined: read `#csrftoken` per request; null: send none. */
  readonly csrfToken: string | null | undefined;
  readonly headers: readonly HeaderEntry[];
  readonly timeoutMs: number;
}

const CONFIG_KEYS = new Set(['baseUrl', 'token', 'getToken', 'csrfToken', 'headers', 'timeout']);
const BASE_URL = /^(?:https?:\/\/[^/?#\s]+|\/)[^?#\s]*$|^$/i;

function resolveBaseUrl(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new ConnectorBoundaryError('config.baseUrl', `must be a string, got ${describeType(value)}`);
  if (!BASE_URL.test(value)) {
    throw new ConnectorBoundaryError('config.baseUrl', "must be '', a path starting with '/', or an http(s) URL without query or fragment");
  }
  return value.replace(/\/+$/, '');
}

function resolveTokenSource(token: unknown, getToken: unknown): TokenSource | null {
  if (token !== undefined && getToken !== undefined) {
    throw new ConnectorBoundaryError('config.token', 'pass either token or getToken, not both');
  }
  if (getToken !== undefined) {
    if (typeof getToken !== 'function') throw new ConnectorBoundaryError('config.getToken', `must be a function, got ${describeType(getToken)}`);
    return getToken as TokenSource;
  }
  if (token === undefined) return null;
  if (typeof token !== 'string') throw new ConnectorBoundaryError('config.token', `must be a string, got ${describeType(token)}`);
  if (!isValidHeaderValue(token)) throw new ConnectorBoundaryError('config.token', 'must not contain line breaks, NUL or characters above U+00FF');
  return token === '' ? null : () => token;
}

export function resolveCsrfToken(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ConnectorBoundaryError('config.csrfToken', `must be a string, got ${describeType(value)}`);
  if (!isValidHeaderValue(value)) throw new ConnectorBoundaryError('config.csrfToken', 'must not contain line breaks, NUL or characters above U+00FF');
  return value === '' ? null : value;
}

export function resolveTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new ConnectorBoundaryError('config.timeout', `must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}, got ${typeof value === 'number' ? value : describeType(value)}`);
  }
  return value;
}

/** Checks a config as untrusted input (widgets are often plain JavaScript). */
export function resolveConfig(config: unknown): ResolvedConfig {
  if (config === undefined) config = {};
  if (!isPlainObject(config)) throw new ConnectorBoundaryError('config', `must be an object, got ${describeType(config)}`);
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) {
      throw new ConnectorBoundaryError(`config.${key}`, `is not an option (options: ${[...CONFIG_KEYS].join(', ')})`);
    }
  }
  return {
    baseUrl: resolveBaseUrl(config.baseUrl),
    getToken: resolveTokenSource(config.token, config.getToken),
    csrfToken: resolveCsrfToken(config.csrfToken),
    headers: validateHeaders('config.headers', config.headers),
    timeoutMs: resolveTimeout(config.timeout),
  };
}
