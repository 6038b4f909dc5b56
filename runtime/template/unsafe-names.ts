// Member names no template may read (SPEC §2 Safety): JS prototype machinery and Python's
// sandbox-escape vocabulary. Lookups with these names yield Undefined even on dicts that hold
// such a key; the compiler rejects them when written literally, reading this very list (keep this
// module pure: no imports, no side effects, so the compiler may import it).

export const UNSAFE_MEMBER_NAMES: ReadonlySet<string> = new Set([
  'constructor',
  'prototype',
  'mro',
  'valueOf',
  'toString',
  'toLocaleString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'func_globals',
  'func_code',
  'f_globals',
  'f_locals',
  'f_back',
  'f_code',
  'gi_frame',
  'gi_code',
  'cr_frame',
  'cr_code',
  'ag_frame',
  'ag_code',
  'tb_frame',
]);

/** Dunder names (`__proto__`, `__class__`, `__globals__`, ...) and the listed ones. */
export function isUnsafeMemberName(name: string): boolean {
  return name.startsWith('__') || UNSAFE_MEMBER_NAMES.has(name);
}
