// The SDK's public surface (ESM build `sdk/dist/widget-sdk.mjs` and its `.d.ts`).
export { WidgetServiceSDK } from './widget-service-sdk.js';
export type { CompositeConnectors, ConnectorClientSettings, RegularConnectors } from './widget-service-sdk.js';
export { ConnectorError, SdkErrorScope } from './connector-error.js';
export type { ConnectorErrorDetails } from './connector-error.js';
export { ConnectorBoundaryError } from './connector-boundary-error.js';
export type { ConnectorStepTiming, ConnectorTiming, ConnectorTimingBreakdown } from './connector-timing.js';
export { HTTP_METHODS } from './http-method.js';
export type { HttpMethod } from './http-method.js';
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from './json-value.js';
export type {
  CompositeExecuteOptions,
  CompositePayload,
  HeaderMap,
  PathParamValue,
  QueryParamScalar,
  QueryParamValue,
  RegularExecuteOptions,
  RegularPayload,
} from './execute-options.js';
export type {
  CompositeConnectorTypes,
  CompositePermalink,
  RegistryTypes,
  RegularConnectorTypes,
  RegularPermalink,
  UntypedRegistry,
} from './registry-types.js';
export type { TokenSource, WidgetServiceSDKConfig } from './sdk-config.js';
