// Names a template may not use (SPEC §2 Safety), checked at compile time. The member names are
// the runtime's own list (runtime/template/unsafe-names.ts, a pure module), which makes the same
// names Undefined at run time: one list, so the two can never disagree. The variable list names
// what a JS sandbox escape would reach for.
export { isUnsafeMemberName, UNSAFE_MEMBER_NAMES } from '../../runtime/template/unsafe-names.js';

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
