// The demo upstream's routing: a handler per method and path pattern.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** The pattern's capture groups, decoded. */
  readonly params: readonly string[];
}

export type RouteHandler = (request: RouteRequest) => void | Promise<void>;

export interface Route {
  readonly method: string;
  /** Anchored pattern over the decoded-per-segment path; groups become `params`. */
  readonly path: RegExp;
  readonly handle: RouteHandler;
}

export type RouteMatch = { readonly kind: 'found'; readonly route: Route; readonly params: readonly string[] } | { readonly kind: 'wrong-method' } | { readonly kind: 'none' };

export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.path.exec(pathname);
    if (match === null) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    try {
      return { kind: 'found', route, params: match.slice(1).map((p) => decodeURIComponent(p)) };
    } catch {
      return { kind: 'none' };
    }
  }
  return pathMatched ? { kind: 'wrong-method' } : { kind: 'none' };
}
