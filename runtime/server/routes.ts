// The URL space of the runtime (SPEC §5), resolved with two map lookups per request: the
// connector maps are built once at start-up from the compiled registry.
import type { PreparedConnector } from '../executor/prepared-connector.js';

export type Route =
  | { readonly kind: 'healthz' }
  | { readonly kind: 'readyz' }
  | { readonly kind: 'metrics' }
  /** A connector URL: `connector` is null when nothing of that kind has that permalink or id. */
  | { readonly kind: 'connector'; readonly composite: boolean; readonly connector: PreparedConnector | null }
  | { readonly kind: 'not-found' };

const COMPOSITE_PREFIX = '/api/connectors/composite/';
const REGULAR_PREFIX = '/api/connectors/';

const HEALTHZ: Route = { kind: 'healthz' };
const READYZ: Route = { kind: 'readyz' };
const METRICS: Route = { kind: 'metrics' };
const NOT_FOUND: Route = { kind: 'not-found' };

export class RouteTable {
  private readonly regular = new Map<string, Route>();
  private readonly composite = new Map<string, Route>();
  private readonly unknownRegular: Route = { kind: 'connector', composite: false, connector: null };
  private readonly unknownComposite: Route = { kind: 'connector', composite: true, connector: null };

  constructor(connectors: readonly PreparedConnector[]) {
    for (const prepared of connectors) {
      const composite = prepared.kind === 'composite';
      const table = composite ? this.composite : this.regular;
      const route: Route = { kind: 'connector', composite, connector: prepared };
      table.set(prepared.permalink, route);
      // A connector is addressed by permalink or by numeric id (SPEC §1).
      if (prepared.connector.id !== null) table.set(String(prepared.connector.id), route);
    }
  }

  /** @param path the request path without the query string */
  resolve(path: string): Route {
    if (path.startsWith(REGULAR_PREFIX)) {
      let ref: string;
      let table: Map<string, Route>;
      let unknown: Route;
      if (path.startsWith(COMPOSITE_PREFIX)) {
        ref = path.slice(COMPOSITE_PREFIX.length);
        table = this.composite;
        unknown = this.unknownComposite;
      } else {
        ref = path.slice(REGULAR_PREFIX.length);
        table = this.regular;
        unknown = this.unknownRegular;
      }
      if (ref.endsWith('/')) ref = ref.slice(0, -1);
      return table.get(ref) ?? unknown;
    }
    switch (path) {
      case '/healthz':
        return HEALTHZ;
      case '/readyz':
        return READYZ;
      case '/metrics':
        return METRICS;
      default:
        return NOT_FOUND;
    }
  }
}
