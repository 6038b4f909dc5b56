// Member names that lead out of a template's data in Python or JavaScript (prototype chains,
// class internals, function globals). SPEC §2 "Safety": rejected at compile time wherever a
// member name is written literally; the runtime also refuses them.

const UNSAFE_MEMBERS: ReadonlySet<string> = new Set([
  'constructor',
  'prototype',
  '__proto__',
  '__class__',
  '__mro__',
  'mro',
  '__globals__',
  '__builtins__',
  '__subclasses__',
  '__init__',
  '__dict__',
  '__getattribute__',
  '__code__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'func_globals',
  'func_code',
  'gi_frame',
  'gi_code',
  'cr_frame',
  'f_globals',
  'f_locals',
  'f_builtins',
]);

export function isUnsafeMemberName(name: string): boolean {
  return UNSAFE_MEMBERS.has(name) || (name.length > 4 && name.startsWith('__') && name.endsWith('__'));
}

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
