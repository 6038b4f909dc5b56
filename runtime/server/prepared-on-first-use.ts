// A connector is prepared (executor/prepared-connector.ts) on its first request or the first
// metrics scrape rather than at start-up: generated modules build a connector's steps on first
// use, and a server of thousands of connectors should not build them all before it listens.
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
