// The per-file part of the check pipeline: parse one registry file, validate its connectors,
// check URLs, analyse every template, warn per connector. Files are independent here (what spans
// files, such as unique names, is checked after), so they can be checked in any order or thread.
import type { SecretUse, TemplateAnalysis, TemplateSite } from './analyse/analyse-template.js';
import { conditionDiagnostic, conditionSite, conditionTemplate } from './analyse/step-condition.js';
import { createDiagnostic } from './diagnostics/create.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import type { TemplateIR } from './analyse/ir.js';
import type { RegistrySource } from './load/load-registry.js';
import { nodeAtPath } from './load/node-path.js';
import { parseRegistryFile } from './load/parse-registry-file.js';
import { pointOfNode } from './load/registry-file.js';
import { stringPositionMapper } from './load/string-positions.js';
import { checkUrlTemplate } from './analyse/check-url.js';
import { TemplateAnalysisCache } from './analyse/analysis-cache.js';
import { connectorWarnings } from './rules/connector-warnings.js';
import { signingKeyDiagnostics } from './rules/signing-keys.js';
import { stepExecutionChecks } from './rules/step-execution-checks.js';
import { stepNamesOf, templateFieldsOf } from './analyse/template-fields.js';
import { validateRegistryFile, type ConnectorEntry } from './validate/validate-file.js';

export interface FileCheckOptions {
  /** Accept http:// and private literal hosts: tests and local development only, never a default. */
  readonly allowInsecureUpstreams: boolean;
}

export interface AnalysedConnector {
  readonly entry: ConnectorEntry;
  /** The analysed templates by field key (null: the template has errors). */
  readonly templates: Map<string, TemplateIR | null>;
  /** The literal origin of each URL field by key (null: templated host). */
  readonly origins: Map<string, string | null>;
}

export interface FileCheck {
  readonly diagnostics: Diagnostic[];
  readonly connectors: AnalysedConnector[];
  /** Every get_secret('NAME') call of the file, with its position. */
  readonly secretUses: SecretUse[];
}

export function checkRegistryFile(source: RegistrySource, options: FileCheckOptions, analysis: TemplateAnalysisCache): FileCheck {
  const { allowInsecureUpstreams } = options;
  const parsed = parseRegistryFile(source.path, source.text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const connectors: AnalysedConnector[] = [];
  const secretUses: SecretUse[] = [];
  const file = parsed.file;
  if (file === null) return { diagnostics, connectors, secretUses };
  const validated = validateRegistryFile(file);
  diagnostics.push(...validated.diagnostics);
  const autoescape = autoescapeOf(validated.data);
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
      let site: TemplateSite = {
        text: field.text,
        slot: field.slot,
        file: file.path,
        location: pointOfNode(file, node),
        positionAt,
        connectorKind: entry.kind,
        stepIndex: field.stepIndex,
        stepNames,
        autoescape,
      };
      if (field.role === 'when') {
        const condition = conditionTemplate(field.text);
        if (!condition.ok) {
          diagnostics.push(createDiagnostic('step-when-not-expression', { file: file.path, ...positionAt(condition.offset) }, condition.message, condition.hint));
          templates.set(field.key, null);
          continue;
        }
        site = conditionSite(site, condition);
      }
      const result = analyseOrTooDeep(analysis, site);
      diagnostics.push(...(field.role === 'when' ? result.diagnostics.map(conditionDiagnostic) : result.diagnostics));
      templates.set(field.key, result.ir);
      secretUses.push(...result.secretUses);
    }
    diagnostics.push(...connectorWarnings(entry, file, templates, fields));
    diagnostics.push(...signingKeyDiagnostics(entry, file, templates));
    diagnostics.push(...stepExecutionChecks(entry, file, templates, fields));
    connectors.push({ entry, templates, origins });
  }
  return { diagnostics, connectors, secretUses };
}

/**
 * A template nested deeper than the parser's recursion can follow is a diagnostic of its own
 * field, never a crash of the whole check (the parser's depth limit should come first).
 */
function analyseOrTooDeep(analysis: TemplateAnalysisCache, input: TemplateSite): TemplateAnalysis {
  try {
    return analysis.analyse(input);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const diagnostic = createDiagnostic('template-syntax', input.location, 'the template is nested too deeply to parse', 'split the expression or the blocks into smaller ones');
    return { ir: null, diagnostics: [diagnostic], secretUses: [], secretCalls: [] };
  }
}

/** A file's templates autoescape unless its top-level `autoescape` is false. */
function autoescapeOf(data: unknown): boolean {
  return !(typeof data === 'object' && data !== null && (data as Record<string, unknown>)['autoescape'] === false);
}
