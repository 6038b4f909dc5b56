// The check pipeline: load -> per file (./check-file.ts: parse, validate, URL rules, template
// analysis, connector warnings) -> uniqueness across files -> (secrets) -> RegistryIR. Every
// problem of every file is collected in one run; the IR is only produced when there is no error.
// `conduit check`, `build`, `serve` and `run` all use it.
import type { SecretUse } from './analyse/analyse-template.js';
import { checkRegistryFile } from './check-file.js';
import { checkFilesInParallel, problemsOfFile, shouldUseWorker, type FileProblems, type Parallelism } from './check-files-parallel.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import { sortDiagnostics, uniqueDiagnostics } from './diagnostics/sort.js';
import type { ConnectorIR, RegistryIR } from './analyse/ir.js';
import { readRegistrySources, type RegistrySource } from './load/load-registry.js';
import type { SecretsPresence } from './load/secrets-file.js';
import { TemplateAnalysisCache } from './analyse/analysis-cache.js';
import { assembleConnector, assembleRegistry } from './analyse/assemble-ir.js';
import { missingSecrets } from './rules/missing-secrets.js';
import { checkUniqueness } from './rules/uniqueness.js';
import type { FileCheckOptions } from './check-file.js';

export interface CheckOptions {
  /** Accept http:// and private literal hosts: tests and local development only, never a default. */
  readonly allowInsecureUpstreams?: boolean;
  /** When given (`check --secrets FILE`), every get_secret() name it lacks is an error. */
  readonly secrets?: SecretsPresence;
  /**
   * False when only the problems matter (`conduit check`): no RegistryIR is assembled, analysed
   * templates are dropped file by file, and files may be checked on two threads. Default true.
   */
  readonly registry?: boolean;
  /** With `registry: false`: 'auto' (default) uses a worker for large registries on machines with 4+ cores. */
  readonly parallel?: Parallelism;
}

export interface CheckResult {
  /** Sorted by file, line, col. */
  readonly diagnostics: Diagnostic[];
  /** null when any diagnostic is an error, or with `registry: false`. */
  readonly registry: RegistryIR | null;
  /** Connectors defined in the registry (valid or not), for summaries. */
  readonly connectorCount: number;
  /** Every get_secret('NAME') call of the registry, with its position. */
  readonly secretUses: readonly SecretUse[];
}

export async function checkRegistry(dir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const read = await readRegistrySources(dir);
  const fileOptions: FileCheckOptions = { allowInsecureUpstreams: options.allowInsecureUpstreams ?? false };
  if (options.registry === false) {
    const files = shouldUseWorker(read.sources, options.parallel ?? 'auto')
      ? await checkFilesInParallel(read.sources, fileOptions)
      : checkFilesHere(read.sources, fileOptions);
    const { diagnostics, connectorCount, secretUses } = combine(read.diagnostics, files, options);
    return { diagnostics, registry: null, connectorCount, secretUses };
  }

  // One file at a time: its YAML document is only needed until its connectors are checked, so a
  // large registry never holds every document in memory at once.
  const analysis = new TemplateAnalysisCache();
  const checked = read.sources.map((source) => checkRegistryFile(source, fileOptions, analysis));
  const analysed = checked.flatMap((file) => file.connectors);
  const files = checked.map((file) => ({ diagnostics: file.diagnostics, entries: file.connectors.map((c) => c.entry), secretUses: file.secretUses }));
  const { diagnostics, connectorCount, secretUses } = combine(read.diagnostics, files, options);
  let registry: RegistryIR | null = null;
  if (!hasErrors(diagnostics)) {
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
  return { diagnostics, registry, connectorCount, secretUses };
}

function checkFilesHere(sources: readonly RegistrySource[], options: FileCheckOptions): FileProblems[] {
  const analysis = new TemplateAnalysisCache();
  return sources.map((source) => problemsOfFile(source, options, analysis));
}

/** The checks across files (unique names, ids, permalinks; secrets present), and the sorted diagnostics. */
function combine(
  readDiagnostics: readonly Diagnostic[],
  files: readonly FileProblems[],
  options: CheckOptions,
): { diagnostics: Diagnostic[]; connectorCount: number; secretUses: SecretUse[] } {
  const diagnostics: Diagnostic[] = [...readDiagnostics];
  const entries = files.flatMap((file) => file.entries);
  const secretUses = files.flatMap((file) => file.secretUses);
  for (const file of files) diagnostics.push(...file.diagnostics);
  diagnostics.push(...checkUniqueness(entries));
  if (options.secrets !== undefined) diagnostics.push(...missingSecrets(secretUses, options.secrets));
  return { diagnostics: uniqueDiagnostics(sortDiagnostics(diagnostics)), connectorCount: entries.length, secretUses };
}
