// For `conduit check --secrets FILE` and start-up warnings: which secrets the registry reads
// that a store cannot provide, per tenant scope.
import type { ScopedValues } from './scoped-values.js';
import type { SecretStore } from './types.js';

export interface MissingSecret {
  readonly name: string;
  /** null: missing for requests without a tenant-specific value (the default section). */
  readonly tenantId: string | null;
}

/** The scopes a file defines: the default (null) and every tenant section, sorted. */
export function scopesOf(values: ScopedValues): (string | null)[] {
  return [null, ...[...values.tenants.keys()].sort()];
}

/** Every (name, scope) for which `store` has no value, in the order of `names` then `scopes`. */
export function findMissingSecrets(
  names: readonly string[],
  store: SecretStore,
  scopes: readonly (string | null)[] = [null],
): MissingSecret[] {
  const missing: MissingSecret[] = [];
  for (const name of [...new Set(names)]) {
    for (const tenantId of scopes) if (store.get(name, tenantId) === undefined) missing.push({ name, tenantId });
  }
  return missing;
}
