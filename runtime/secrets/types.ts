// Secret and variable stores: where get_secret() and get_variable() values come from.

export interface SecretStore {
  /** The value for the tenant (a tenant value wins over the default), or undefined. */
  get(name: string, tenantId: string | null): string | undefined;
  /** Every value the store holds, so logs and error bodies can be scrubbed of them. */
  allValues(): readonly string[];
}

export interface VariableStore {
  get(name: string, tenantId: string | null): string | undefined;
}
