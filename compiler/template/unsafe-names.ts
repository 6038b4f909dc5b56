// Names a template may not use (SPEC §2 Safety), checked at compile time. The member list mirrors
// runtime/template/unsafe-names.ts (which makes the same names Undefined at run time; a test keeps
// the two equal); the variable list names what a JS sandbox escape would reach for.

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

/** `x.__proto__`, `x['constructor']`, `attr('mro')`, ... */
export function isUnsafeMemberName(name: string): boolean {
  return name.startsWith('__') || UNSAFE_MEMBER_NAMES.has(name);
}

export const UNSAFE_VARIABLE_NAMES: ReadonlySet<string> = new Set([
  'process',
  'globalThis',
  'global',
  'window',
  'require',
  'import',
  'module',
  'exports',
  'eval',
  'Function',
  'Reflect',
  'Proxy',
  'constructor',
  'prototype',
]);

/** Top-level names that would reach the host: `process`, `globalThis`, `require`, `import`, dunders. */
export function isUnsafeVariableName(name: string): boolean {
  return name.startsWith('__') || UNSAFE_VARIABLE_NAMES.has(name);
}
