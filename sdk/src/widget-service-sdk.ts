// `new WidgetServiceSDK(config?)` (SPEC §6): the object widget code calls connectors through.
import { ConnectorBoundaryError } from './connector-boundary-error.js';
import { ConnectorError } from './connector-error.js';
import type { CompositeExecuteOptions, RegularExecuteOptions } from './execute-options.js';
import type { JsonValue } from './json-value.js';
import { prepareCompositeRequest, prepareRegularRequest } from './prepare-request.js';
import type { CompositePermalink, RegistryTypes, RegularPermalink, UntypedRegistry } from './registry-types.js';
import { type ResolvedConfig, type WidgetServiceSDKConfig, resolveConfig } from './sdk-config.js';
import { sendRequest } from './send-request.js';

export interface CompositeConnectors<R extends RegistryTypes = UntypedRegistry> {
  /**
   * `POST {baseUrl}/api/connectors/composite/{permalink}` with the payload as JSON. Throws
   * ConnectorBoundaryError (synchronously) for invalid options; rejects with ConnectorError.
   */
  execute<P extends CompositePermalink<R>>(options: CompositeExecuteOptions<R, P>): Promise<JsonValue>;
}

export interface RegularConnectors<R extends RegistryTypes = UntypedRegistry> {
  /**
   * `{METHOD} {baseUrl}/api/connectors/{permalink}`. Throws ConnectorBoundaryError (synchronously)
   * for invalid options; resolves with the parsed body; rejects with ConnectorError.
   */
  execute<P extends RegularPermalink<R>>(options: RegularExecuteOptions<R, P>): Promise<JsonValue>;
  readonly composite: CompositeConnectors<R>;
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
    const resolved: ResolvedConfig = resolveConfig(config);
    const send = (options: unknown, prepare: typeof prepareRegularRequest): Promise<JsonValue> => {
      // Not async: preparing throws synchronously, before any request is made.
      const request = prepare(options, resolved);
      return sendRequest(request, resolved.getToken, resolved.timeoutMs);
    };
    // Plain closures, so `const { execute } = sdk.connectors` works too.
    this.connectors = {
      execute: (options) => send(options, prepareRegularRequest),
      composite: { execute: (options) => send(options, prepareCompositeRequest) },
    };
  }
}
