// Builds a Diagnostic for one of the catalogued codes, taking its severity from the catalogue so
// a code can never be reported with two different severities.
import { DIAGNOSTIC_CODES, type OwnDiagnosticCode } from './codes.js';
import type { Diagnostic } from './diagnostic.js';

export interface SourcePoint {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export function createDiagnostic(code: OwnDiagnosticCode, at: SourcePoint, message: string, hint?: string): Diagnostic {
  const base = { code, severity: DIAGNOSTIC_CODES[code].severity, message, file: at.file, line: at.line, col: at.col };
  return hint === undefined ? base : { ...base, hint };
}
