// Member names that lead out of a template's data: JavaScript prototype machinery and Python's
// sandbox-escape vocabulary (SPEC §2 "Safety"). Rejected at compile time wherever a member name
// is written literally; the runtime refuses the same names (runtime/template/unsafe-names.ts; a
// test keeps the two lists equal, as the compiler may not import runtime code).

const UNSAFE_MEMBERS: ReadonlySet<string> = new Set([
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

/** The listed names and every name starting with `__` (`__proto__`, `__class__`, `__globals__`, ...). */
export function isUnsafeMemberName(name: string): boolean {
  return name.startsWith('__') || UNSAFE_MEMBERS.has(name);
}

/** The listed names (without the `__` prefix rule), for the test that compares with the runtime. */
export const UNSAFE_MEMBER_NAMES: ReadonlySet<string> = UNSAFE_MEMBERS;

/**
 * Top-level names of the JavaScript/Node environment. They are never template variables; the
 * message says so plainly instead of suggesting a similar name.
 */
export const RUNTIME_ENVIRONMENT_NAMES: ReadonlySet<string> = new Set([
  'process',
  'globalThis',
  'global',
  'require',
  'import',
  'module',
  'exports',
  'window',
  'self',
  'Function',
  'eval',
  '__dirname',
  '__filename',
]);
