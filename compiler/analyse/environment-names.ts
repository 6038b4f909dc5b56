// Names of the host environment, for analysis messages. (The member names a template may not use
// are the runtime's list, runtime/template/unsafe-names.ts, read from there by ./member-access.ts:
// the compiler rejects exactly what the runtime refuses.)

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
