// Warnings about authentication config (SPEC §3): `apikey` is accepted forever as the reference's
// older name of `api_key`, and check only points at the canonical spelling — never an error.
import { createDiagnostic, type SourcePoint } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DataPath } from '../load/node-path.js';
import { stepsOf } from '../analyse/template-fields.js';
import type { ConnectorEntry } from '../validate/validate-file.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function authWarnings(entry: ConnectorEntry, pointOf: (relative: DataPath) => SourcePoint): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { raw, relative } of stepsOf(entry)) {
    const auth = isRecord(raw) ? raw['authentication'] : undefined;
    if (!isRecord(auth) || auth['type'] !== 'apikey') continue;
    diagnostics.push(
      createDiagnostic('auth-apikey-alias', pointOf([...relative, 'authentication', 'type']), "authentication type 'apikey' is the older name of 'api_key'", "write type: api_key (both work)"),
    );
  }
  return diagnostics;
}
