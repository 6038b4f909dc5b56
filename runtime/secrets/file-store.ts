// Secret and variable stores over a parsed secrets/variables file (./values-file.ts).
import type { SecretStore, VariableStore } from './types.js';
import { allScopedValues, lookupScoped, type ScopedValues } from './scoped-values.js';

export function createFileSecretStore(values: ScopedValues): SecretStore {
  const everyValue = Object.freeze(allScopedValues(values));
  return {
    get: (name, tenantId) => lookupScoped(values, name, tenantId),
    allValues: () => everyValue,
  };
}

export function createFileVariableStore(values: ScopedValues): VariableStore {
  return { get: (name, tenantId) => lookupScoped(values, name, tenantId) };
}
