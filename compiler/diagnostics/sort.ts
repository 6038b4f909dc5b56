// The one order diagnostics are reported in: by file, then line, then column. The sort is stable,
// so findings at the same spot keep the order the pipeline produced them in (deterministic).
import type { Diagnostic } from './diagnostic.js';

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col,
  );
}

/**
 * Drops exact repeats (same code, place and message). A YAML alias puts one node in several
 * places (e.g. a shared `authentication: *oauth` block), and its problems are found once per
 * use but are one problem to fix.
 */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.file}\u0000${d.line}\u0000${d.col}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
