// Named values with a default section and per-tenant sections: the shape of a secrets or
// variables file. A tenant's own value wins over the default.

export interface ScopedValues {
  readonly defaults: ReadonlyMap<string, string>;
  readonly tenants: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export function lookupScoped(values: ScopedValues, name: string, tenantId: string | null): string | undefined {
  if (tenantId !== null) {
    const own = values.tenants.get(tenantId)?.get(name);
    if (own !== undefined) return own;
  }
  return values.defaults.get(name);
}

export function allScopedValues(values: ScopedValues): string[] {
  const out = [...values.defaults.values()];
  for (const section of values.tenants.values()) out.push(...section.values());
  return out;
}
