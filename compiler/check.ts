// The check pipeline: load -> validate -> URL rules -> template analysis -> connector warnings
// -> (secrets) -> RegistryIR. Every problem of every file is collected in one run; the IR is
// only produced when there is no error. `conduit check`, `build`, `serve` and `run` all use it.
import type { SecretUse } from './analyse/analyse-template.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import { sortDiagnostics, uniqueDiagnostics } from './diagnostics/sort.js';
import type { ConnectorIR, RegistryIR, TemplateIR } from './ir.js';
import { readRegistrySources } from './load/load-registry.js';
import { nodeAtPath } from './load/node-path.js';
import { parseRegistryFile } from './load/parse-registry-file.js';
import { pointOfNode } from './load/registry-file.js';
import type { SecretsPresence } from './load/secrets-file.js';
import { stringPositionMapper } from './load/string-positions.js';
import { checkUrlTemplate } from './url/check-url.js';
import { TemplateAnalysisCache } from './validate/analysis-cache.js';
import { assembleConnector, assembleRegistry } from './validate/assemble-ir.js';
import { connectorWarnings } from './validate/connector-warnings.js';
import { signingKeyDiagnostics } from './validate/signing-keys.js';
import { missingSecrets } from './validate/missing-secrets.js';
import { stepNamesOf, templateFieldsOf } from './validate/template-fields.js';
import { checkUniqueness } from './validate/uniqueness.js';
import { validateRegistryFile, type ConnectorEntry } from './validate/validate-file.js';

export interface CheckOptions {
  /** Accept http:// and private literal hosts: tests and local development only, never a default. */
  readonly allowInsecureUpstreams?: boolean;
  /** When given (`check --secrets FILE`), every get_secret() name it lacks is an error. */
  readonly secrets?: SecretsPresence;
}

export interface CheckResult {
  /** Sorted by file, line, col. */
  readonly diagnostics: Diagnostic[];
  /** null when any diagnostic is an error. */
  readonly registry: RegistryIR | null;
  /** Connectors defined in the registry (valid or not), for summaries. */
  readonly connectorCount: number;
  /** Every get_secret('NAME') call of the registry, with its position. */
  readonly secretUses: readonly SecretUse[];
}

interface AnalysedConnector {
  readonly entry: ConnectorEntry;
  readonly templates: Map<string, TemplateIR | null>;
  readonly origins: Map<string, string | null>;
}

export async function checkRegistry(dir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const allowInsecureUpstreams = options.allowInsecureUpstreams ?? false;
  const read = await readRegistrySources(dir);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  const analysis = new TemplateAnalysisCache();
  const secretUses: SecretUse[] = [];
  const analysed: AnalysedConnector[] = [];

  // One file at a time: its YAML document is only needed until its connectors are checked, so a
  // large registry never holds every document in memory at once.
  for (const source of read.sources) {
    const parsed = parseRegistryFile(source.path, source.text);
    diagnostics.push(...parsed.diagnostics);
    const file = parsed.file;
    if (file === null) continue;
    const validated = validateRegistryFile(file);
    diagnostics.push(...validated.diagnostics);
    for (const entry of validated.entries) {
      const templates = new Map<string, TemplateIR | null>();
      const origins = new Map<string, string | null>();
      const stepNames = stepNamesOf(entry);
      const fields = templateFieldsOf(entry);
      for (const field of fields) {
        const node = nodeAtPath(file.document, field.path);
        const positionAt = stringPositionMapper(file, node);
        if (field.role === 'url' || field.role === 'token_url') {
          const url = checkUrlTemplate({ text: field.text, file: file.path, positionAt, allowInsecureUpstreams, field: field.role });
          diagnostics.push(...url.diagnostics);
          origins.set(field.key, url.literalOrigin);
        }
        const result = analysis.analyse({
          text: field.text,
          slot: field.slot,
          file: file.path,
          location: pointOfNode(file, node),
          positionAt,
          connectorKind: entry.kind,
          stepIndex: field.stepIndex,
          stepNames,
        });
        diagnostics.push(...result.diagnostics);
        templates.set(field.key, result.ir);
        secretUses.push(...result.secretUses);
      }
      diagnostics.push(...connectorWarnings(entry, file, templates, fields));
      diagnostics.push(...signingKeyDiagnostics(entry, file, templates));
      analysed.push({ entry, templates, origins });
    }
  }
  diagnostics.push(...checkUniqueness(analysed.map((a) => a.entry)));

  if (options.secrets !== undefined) diagnostics.push(...missingSecrets(secretUses, options.secrets));

  const sorted = uniqueDiagnostics(sortDiagnostics(diagnostics));
  let registry: RegistryIR | null = null;
  if (!hasErrors(sorted)) {
    const connectors: ConnectorIR[] = [];
    for (const { entry, templates, origins } of analysed) {
      const ir = assembleConnector(entry, templates, origins);
      if (ir !== null) connectors.push(ir);
    }
    // Every connector assembles when nothing is an error; a shortfall is a compiler bug, not a user error.
    if (connectors.length !== analysed.length) {
      throw new Error(`internal error: ${analysed.length - connectors.length} connector(s) passed every check but could not be assembled`);
    }
    registry = assembleRegistry(connectors);
  }
  return { diagnostics: sorted, registry, connectorCount: analysed.length, secretUses };
}
