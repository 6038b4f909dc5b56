// The one order diagnostics are reported in: by file, then line, then column. The sort is stable,
// so findings at the same spot keep the order the pipeline produced them in (deterministic).
import type { Diagnostic } from './diagnostic.js';

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col,
  );
}
