// `--strict` (SPEC §1, §7): every warning counts as an error. The code stays the same, so CI
// filters still match; only the severity (and so the exit code) changes.
import type { Diagnostic } from './diagnostic.js';

export function promoteWarnings(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d));
}
