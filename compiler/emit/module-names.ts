// File and identifier names for generated modules, derived only from permalinks so they are
// stable across runs and independent of registry file order.

/** `connectors/<permalink>.ts` — permalinks are already `[a-z0-9]+(-[a-z0-9]+)*`. */
export function connectorModulePath(permalink: string): string {
  return `connectors/${permalink}.ts`;
}

/** Values used by more than one connector. */
export const SHARED_MODULE_PATH = 'shared.ts';

/** Permalinks never contain `_`, so mapping `-` to `_` keeps identifiers unique. */
export function connectorIdentifier(permalink: string): string {
  return `c_${permalink.replace(/-/g, '_')}`;
}
