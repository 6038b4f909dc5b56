// `--format json`: the diagnostics array as it is (code, severity, message, file, line, col, hint),
// for editors and tools.
import type { Diagnostic } from './diagnostic.js';

export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(diagnostics, null, 2)}\n`;
}
