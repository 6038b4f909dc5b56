// Stores composed in order of precedence: the first store that has a value answers. Conduit
// layers the file over the environment (./open-stores.ts), so a file's tenant value, then its
// default, then CONDUIT_SECRET_<NAME> / CONDUIT_VAR_<NAME> is used.
import type { SecretStore, VariableStore } from './types.js';

type Lookup = Pick<VariableStore, 'get'>;

/** The first store's value for `name`, in order of precedence. */
function firstValue(stores: readonly Lookup[], name: string, tenantId: string | null): string | undefined {
  for (const store of stores) {
    const value = store.get(name, tenantId);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function layerSecretStores(stores: readonly SecretStore[]): SecretStore {
  const everyValue = Object.freeze([...new Set(stores.flatMap((s) => s.allValues()))]);
  return { get: (name, tenantId) => firstValue(stores, name, tenantId), allValues: () => everyValue };
}

export function layerVariableStores(stores: readonly VariableStore[]): VariableStore {
  return { get: (name, tenantId) => firstValue(stores, name, tenantId) };
}
