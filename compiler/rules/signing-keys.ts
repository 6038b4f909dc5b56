// Literal JWT signing keys are checked at build time (SPEC §4: a bad key is a JWT signing error,
// which a literal key would otherwise only show on the first request): a `jwt` or
// `oauth_jwt_bearer` authentication whose key and algorithm are both written without template
// expressions must parse as a key for that algorithm. Keys from get_secret() are checked when
// they render. Messages name the problem, never the key.
import { validateSigningKey } from '../../runtime/auth/signing-key.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TemplateIR } from '../analyse/ir.js';
import { nodeAtPath } from '../load/node-path.js';
import { pointOfNode, type RegistryFile } from '../load/registry-file.js';
import { compileTemplate } from '../template/compile-template.js';
import { DEFAULT_JWT_ALGORITHM, JWT_ALGORITHMS } from '../validate/auth-schema.js';
import type { TemplateTable } from '../analyse/template-table.js';
import { fieldKey, stepsOf } from '../analyse/template-fields.js';
import type { ConnectorEntry } from '../validate/validate-file.js';

const SIGNING_TYPES: ReadonlySet<unknown> = new Set(['jwt', 'oauth_jwt_bearer']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The exact text a template without expressions renders, or null when it has expressions. */
function literalText(ir: TemplateIR | null | undefined): string | null {
  if (ir === null || ir === undefined || ir.hasExpressions) return null;
  return compileTemplate(ir.ast, { source: ir.source }).constant;
}

/** The signing problem of a literal key with a literal, supported algorithm; null when there is none (or it is not literal). */
export function literalKeyProblem(key: string | null, algorithm: string | null): string | null {
  if (key === null || algorithm === null || !(JWT_ALGORITHMS as readonly string[]).includes(algorithm)) return null;
  return validateSigningKey(key, algorithm);
}

export function signingKeyDiagnostics(entry: ConnectorEntry, file: RegistryFile, templates: TemplateTable): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { raw, relative } of stepsOf(entry)) {
    const auth = isRecord(raw) ? raw['authentication'] : undefined;
    if (!isRecord(auth) || !SIGNING_TYPES.has(auth['type']) || !isRecord(auth['config'])) continue;
    const at = (field: string) => [...relative, 'authentication', 'config', field];
    const key = literalText(templates.get(fieldKey(at('private_key'))));
    // A config without `algorithm` signs with the default (SPEC §4).
    const algorithm = auth['config']['algorithm'] === undefined ? DEFAULT_JWT_ALGORITHM : literalText(templates.get(fieldKey(at('algorithm'))));
    const problem = literalKeyProblem(key, algorithm);
    if (problem === null) continue;
    const point = pointOfNode(file, nodeAtPath(file.document, [...entry.path, ...at('private_key')]));
    diagnostics.push(
      createDiagnostic(
        'auth-bad-signing-key',
        point,
        `unusable signing key: ${problem}`,
        'HS* algorithms take a shared secret; RS*/PS* an RSA, ES* an EC and EdDSA an Ed25519/Ed448 private key in PEM. Keep real keys out of the registry: {{ get_secret(\'NAME\') }}',
      ),
    );
  }
  return diagnostics;
}
