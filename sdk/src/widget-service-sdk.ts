// `new WidgetServiceSDK(config?)` (SPEC §6): the object widget code calls connectors through.
import { ConnectorBoundaryError } from './connector-boundary-error.js';
import { ConnectorError } from './connector-error.js';
import type { CompositeExecuteOptions, RegularExecuteOptions } from './execute-options.js';
import type { JsonValue } from './json-value.js';
import { prepareCompositeRequest, prepareRegularRequest } from './prepare-request.js';
import type { CompositePermalink, RegistryTypes, RegularPermalink, UntypedRegistry } from './registry-types.js';
import type { HeaderMap } from './execute-options.js';
import { describeType, isPlainObject } from './plain-object.js';
import { type HeaderEntry, validateHeaders } from './request-headers.js';
import { type ResolvedConfig, type WidgetServiceSDKConfig, resolveConfig, resolveCsrfToken, resolveTimeout } from './sdk-config.js';
import { sendRequest } from './send-request.js';

const CONFIGURE_KEYS = new Set(['csrfToken', 'headers', 'timeout']);

export interface CompositeConnectors<R extends RegistryTypes = UntypedRegistry> {
  /**
   * `POST {baseUrl}/api/connectors/composite/{permalink}` with the payload as JSON. Throws
   * ConnectorBoundaryError (synchronously) for invalid options; rejects with ConnectorError.
   */
  execute<P extends CompositePermalink<R>>(options: CompositeExecuteOptions<R, P>): Promise<JsonValue>;
}

/** What `configure()` changes (SPEC §6, the reference client's settings). */
export interface ConnectorClientSettings {
  readonly csrfToken?: string;
  /** Replaces the headers sent with every request. */
  readonly headers?: HeaderMap;
  /** Milliseconds; the default timeout of later requests. */
  readonly timeout?: number;
}

export interface RegularConnectors<R extends RegistryTypes = UntypedRegistry> {
  /**
   * `{METHOD} {baseUrl}/api/connectors/{permalink}`. Throws ConnectorBoundaryError (synchronously)
   * for invalid options; resolves with the parsed body; rejects with ConnectorError (a non-2xx
   * answer of the upstream comes with its body as `error.body`).
   */
  execute<P extends RegularPermalink<R>>(options: RegularExecuteOptions<R, P>): Promise<JsonValue>;
  readonly composite: CompositeConnectors<R>;
  /** Changes the CSRF token, the default headers (replaced) and/or the default timeout. */
  configure(settings: ConnectorClientSettings): void;
  /** Adds or replaces default headers (case-insensitive names); the others stay. */
  updateHeaders(headers: HeaderMap): void;
  /** The default timeout of later requests, in milliseconds (default 30000). */
  setDefaultTimeout(ms: number): void;
  /** The headers sent with every request, as configured. */
  getHeaders(): Record<string, string>;
  getDefaultTimeout(): number;
  /** '' when the runtime is the page's origin. */
  getBaseUrl(): string;
}

/**
 * @typeParam R - the generated registry types (`RegistryConnectors` from generated/sdk-types.d.ts);
 *   without it, permalinks and parameter names are plain strings.
 */
export class WidgetServiceSDK<R extends RegistryTypes = UntypedRegistry> {
  /** Exposed on the class so script-tag widgets can test `error instanceof WidgetServiceSDK.ConnectorError`. */
  static readonly ConnectorError = ConnectorError;
  static readonly ConnectorBoundaryError = ConnectorBoundaryError;

  readonly connectors: RegularConnectors<R>;

  /** Throws ConnectorBoundaryError when the config is invalid. */
  constructor(config?: WidgetServiceSDKConfig) {
    // The client's settings: configure() and friends change them for later requests.
    const settings: { -readonly [K in keyof ResolvedConfig]: ResolvedConfig[K] } = { ...resolveConfig(config) };
    const send = (options: unknown, prepare: typeof prepareRegularRequest): Promise<JsonValue> => {
      // Not async: preparing throws synchronously, before any request is made.
      const request = prepare(options, settings);
      return sendRequest(request, settings.getToken, settings.timeoutMs);
    };
    const mergeHeaders = (extra: readonly HeaderEntry[]): HeaderEntry[] => {
      const merged = new Map(settings.headers.map((entry) => [entry[0].toLowerCase(), entry] as const));
      for (const entry of extra) merged.set(entry[0].toLowerCase(), entry);
      return [...merged.values()];
    };
    // Plain closures, so `const { execute } = sdk.connectors` works too.
    this.connectors = {
      execute: (options) => send(options, prepareRegularRequest),
      composite: { execute: (options) => send(options, prepareCompositeRequest) },
      configure: (update) => {
        if (!isPlainObject(update)) throw new ConnectorBoundaryError('configure', `takes an object, got ${describeType(update)}`);
        for (const key of Object.keys(update)) {
          if (!CONFIGURE_KEYS.has(key)) throw new ConnectorBoundaryError(`configure.${key}`, 'is not a setting (settings: csrfToken, headers, timeout)');
        }
        // Everything is checked before anything changes.
        const csrfToken = update['csrfToken'] === undefined ? settings.csrfToken : resolveCsrfToken(update['csrfToken']);
        const headers = update['headers'] === undefined ? settings.headers : validateHeaders('configure.headers', update['headers']);
        const timeoutMs = update['timeout'] === undefined ? settings.timeoutMs : resolveTimeout(update['timeout']);
        Object.assign(settings, { csrfToken, headers, timeoutMs });
      },
      updateHeaders: (headers) => {
        settings.headers = mergeHeaders(validateHeaders('updateHeaders', headers));
      },
      setDefaultTimeout: (ms) => {
        settings.timeoutMs = resolveTimeout(ms);
      },
      getHeaders: () => Object.fromEntries(settings.headers.map(([name, value]) => [name, value])),
      getDefaultTimeout: () => settings.timeoutMs,
      getBaseUrl: () => settings.baseUrl,
    };
  }
}
