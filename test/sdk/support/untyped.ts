// Widgets are often plain JavaScript: these views of the SDK let tests pass what TypeScript would refuse.
import type { WidgetServiceSDK } from '../../../sdk/src/index.js';

export interface UntypedConnectors {
  execute(options?: unknown): Promise<unknown>;
  composite: { execute(options?: unknown): Promise<unknown> };
}

export function untyped(sdk: WidgetServiceSDK): UntypedConnectors {
  return sdk.connectors as unknown as UntypedConnectors;
}

/** The constructor, accepting any config. */
export function constructUntyped(SDK: typeof WidgetServiceSDK, config?: unknown): WidgetServiceSDK {
  return new (SDK as unknown as new (config?: unknown) => WidgetServiceSDK)(config);
}
