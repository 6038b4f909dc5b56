// A problem found in a registry, as data. Only the CLI turns these into text (see ./format-*.ts).

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable identifier, e.g. `template-slot-not-allowed`; listed in ./codes.ts. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Path of the registry file as given to the loader (relative to the cwd when possible). */
  readonly file: string;
  /** 1-based line and column of the offending value (or of the exact spot inside a template). */
  readonly line: number;
  readonly col: number;
  readonly endLine?: number;
  readonly endCol?: number;
  readonly hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
