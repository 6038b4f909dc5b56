// The one place a connector's steps are built and prepared lazily. Generated modules declare a
// connector's steps in a plain getter that builds them on each read (V8 then only pre-parses them
// at start-up); a server of thousands of connectors should not build them all before it listens.
// So the runtime reads that getter here, once, on the connector's first request, CORS preflight
// or metrics scrape, prepares the steps (executor/prepared-connector.ts) and keeps the result.
// Routing reads only `kind` and `permalink`, which are plain properties from the start.
import type { CompiledConnector } from '../connector.js';
import { prepareConnector, type PreparedConnector, type PreparedStep } from '../executor/prepared-connector.js';

/** Replaces the lazy fields with their values, so later reads (every request) are plain property loads. */
function settle(target: PreparedConnector, prepared: PreparedConnector): PreparedConnector {
  const fixed = { enumerable: true, writable: false, configurable: false };
  Object.defineProperty(target, 'steps', { ...fixed, value: prepared.steps });
  Object.defineProperty(target, 'overridableHeaderNames', { ...fixed, value: prepared.overridableHeaderNames });
  Object.defineProperty(target, 'rendersNothing', { ...fixed, value: prepared.rendersNothing });
  return prepared;
}

export function preparedOnFirstUse(connector: CompiledConnector): PreparedConnector {
  const lazy: PreparedConnector = {
    connector,
    kind: connector.kind,
    permalink: connector.permalink,
    get steps(): readonly PreparedStep[] {
      return settle(lazy, prepareConnector(connector)).steps;
    },
    get overridableHeaderNames(): readonly string[] {
      return settle(lazy, prepareConnector(connector)).overridableHeaderNames;
    },
    get rendersNothing(): boolean {
      return settle(lazy, prepareConnector(connector)).rendersNothing;
    },
  };
  return lazy;
}
