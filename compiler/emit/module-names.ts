// File and identifier names for generated modules, derived only from permalinks so they are
// stable across runs and independent of registry file order.

/**
 * The module key of a connector: its permalink, or `<permalink>.composite` for a composite
 * connector whose permalink a regular one also has (separate namespaces, SPEC §1 v2). Permalinks
 * are `[a-z0-9]+(-[a-z0-9]+)*`, so the suffix can never clash with another permalink.
 */
export function connectorModuleKey(connector: { readonly kind: 'regular' | 'composite'; readonly permalink: string }, regularPermalinks: ReadonlySet<string>): string {
  return connector.kind === 'composite' && regularPermalinks.has(connector.permalink) ? `${connector.permalink}.composite` : connector.permalink;
}

/** `connectors/<module key>.ts`. */
export function connectorModulePath(moduleKey: string): string {
  return `connectors/${moduleKey}.ts`;
}

/** Values used by more than one connector. */
export const SHARED_MODULE_PATH = 'shared.ts';

/** Module keys never contain `_`, so mapping `-` to `_` and `.` to `__` keeps identifiers unique. */
export function connectorIdentifier(moduleKey: string): string {
  return `c_${moduleKey.replace(/-/g, '_').replace(/\./g, '__')}`;
}
