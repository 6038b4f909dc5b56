// Generated connector modules declare their steps in a getter: a server with thousands of
// connectors then parses (V8 only pre-parses a function body it has not called) and builds at
// start-up just what routing needs — kind, permalink, id, method — and a connector's steps on
// its first request. The getter calls this once; the steps become a plain data property.
import type { CompiledConnector, CompiledStep } from './connector.js';

/** Replaces the `steps` getter of `connector` with the built steps, and returns them. */
export function settleSteps(connector: CompiledConnector, steps: readonly CompiledStep[]): readonly CompiledStep[] {
  Object.defineProperty(connector, 'steps', { value: steps, enumerable: true, writable: false, configurable: false });
  return steps;
}
