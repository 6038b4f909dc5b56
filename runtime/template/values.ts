// Builders for template input values (see ./types.ts for the value model).
// PLACEHOLDER implementations until the template compiler work lands: the signatures are the contract.

/** Converts plain JS data (parsed JSON, JWT claims) to template values: objects become dicts (Map). */
export function fromJsValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsValue);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJsValue(v)]));
  }
  return value === undefined ? null : value;
}

/** The value of `user.profile_fields`: `by_id(N)` returns field N (a number or numeric string id). */
export function makeProfileFields(fields: Readonly<Record<string, unknown>>): unknown {
  return fromJsValue(fields);
}
