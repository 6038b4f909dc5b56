// Validates one registry file against the schemas: the file shell first, then every connector on
// its own (one bad connector never hides the problems of another), then the rules zod does not
// express: unique step names, unique header/query/path keys, length limits and a derivable
// permalink. Unknown fields are warnings and are dropped from the connector the model keeps
// (SPEC §1 v2: the reference ignores them), so they never reach the IR.
import type { Node } from 'yaml';
import type { z } from 'zod';
import { createDiagnostic, type SourcePoint } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { nodeAtPath, type DataPath } from '../load/node-path.js';
import { pointOfNode, type RegistryFile } from '../load/registry-file.js';
import {
  compositeConnectorSchema,
  regularConnectorSchema,
  type CompositeConnector,
  type RegularConnector,
} from './connector-schema.js';
import { registryFileShellSchema } from './registry-file-schema.js';
import { derivePermalink } from './slug.js';
import { duplicateKeyDiagnostics } from './duplicate-keys.js';
import { fieldLimitDiagnostics } from './field-limits.js';
import { issuesToDiagnostics, stepPathParameters, valueAtPath, type ValidationSubject } from './zod-issues.js';

interface EntryBase {
  /** The path of the registry file the connector is in (as shown in diagnostics). */
  readonly file: string;
  /** Where the connector sits in its file, e.g. ['composite_connectors', 2]. */
  readonly path: DataPath;
  /** The connector as plain data (whatever its shape), for checks that need no valid schema. */
  readonly raw: unknown;
  /** The name when it is a non-empty string. */
  readonly name: string | null;
  /** The permalink (given, or derived from the name); null when neither is usable. */
  readonly permalink: string | null;
  readonly permalinkDerived: boolean;
  /** The id when it is a valid id. */
  readonly id: number | null;
  /**
   * Where the name, permalink and id are (the connector's start when absent), so later checks
   * can point at them without keeping the file's YAML document in memory.
   */
  readonly points: { readonly name: SourcePoint; readonly permalink: SourcePoint; readonly id: SourcePoint };
}

export type ConnectorEntry =
  | (EntryBase & { readonly kind: 'regular'; readonly valid: RegularConnector | null })
  | (EntryBase & { readonly kind: 'composite'; readonly valid: CompositeConnector | null });

export interface ValidatedFile {
  readonly entries: readonly ConnectorEntry[];
  readonly diagnostics: readonly Diagnostic[];
  /** The file's plain data (the YAML document as JS). */
  readonly data: unknown;
}

export function validateRegistryFile(file: RegistryFile): ValidatedFile {
  // Aliases are checked and their expansion bounded when the file is loaded (load/document-bounds.ts).
  const data: unknown = file.document.toJS({ maxAliasCount: -1 });
  const subject: ValidationSubject = { file, data };
  const diagnostics: Diagnostic[] = [];
  const entries: ConnectorEntry[] = [];
  // An empty file (or one holding only comments) holds neither list (SPEC §1: at least one).
  if (data === null || data === undefined) {
    diagnostics.push(noConnectorLists(file));
    return { entries, diagnostics, data };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(
      createDiagnostic(
        'schema-type',
        pointOfNode(file, file.document.contents),
        'a registry file must be a mapping with `connectors` and/or `composite_connectors` lists',
      ),
    );
    return { entries, diagnostics, data };
  }
  const shell = registryFileShellSchema.safeParse(data);
  if (!shell.success) diagnostics.push(...issuesToDiagnostics(subject, [], shell.error.issues));
  const record = data as Record<string, unknown>;
  if (record['connectors'] === undefined && record['composite_connectors'] === undefined) diagnostics.push(noConnectorLists(file));

  for (const kind of ['regular', 'composite'] as const) {
    const listKey = kind === 'regular' ? 'connectors' : 'composite_connectors';
    const list = (data as Record<string, unknown>)[listKey];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, index) => {
      const path: DataPath = [listKey, index];
      const parsed = kind === 'regular' ? regularConnectorSchema.safeParse(raw) : compositeConnectorSchema.safeParse(raw);
      const issues = parsed.success ? [] : parsed.error.issues;
      diagnostics.push(...issuesToDiagnostics(subject, path, issues));
      // Unknown fields alone (warnings) leave the connector valid, without them.
      const unknownOnly = issues.every((issue) => issue.code === 'unrecognized_keys' && !stepPathParameters(issue));
      const model = parsed.success ? raw : unknownOnly ? withoutUnknownFields(raw, issues) : null;
      const identity = identityOf(file, path, raw, diagnostics);
      if (kind === 'composite') diagnostics.push(...duplicateStepNames(file, path, raw));
      diagnostics.push(...fieldLimitDiagnostics(file, path, kind, raw));
      diagnostics.push(...duplicateKeyDiagnostics(file, path, kind, raw));
      const base = { file: file.path, path, raw, ...identity, points: identityPoints(file, path) };
      // The schemas only check (no defaults, no transforms), so a valid connector is its plain
      // data; keeping that instead of zod's copy halves what stays in memory for large registries.
      entries.push(
        kind === 'regular'
          ? { ...base, kind, valid: model as RegularConnector | null }
          : { ...base, kind, valid: model as CompositeConnector | null },
      );
    });
  }
  return { entries, diagnostics, data };
}

function noConnectorLists(file: RegistryFile): Diagnostic {
  return createDiagnostic(
    'registry-file-no-connectors',
    pointOfNode(file, file.document.contents),
    'a registry file must hold a `connectors` list, a `composite_connectors` list, or both',
    'add `"connectors": [...]` (regular connectors) or `"composite_connectors": [...]`',
  );
}

/** A copy of `raw` without the fields zod reported as unrecognized (only the objects on their paths are copied). */
function withoutUnknownFields(raw: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  let result = raw;
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    result = copyWithout(result, issue.path as PropertyKey[], issue.keys);
  }
  return result;
}

function copyWithout(value: unknown, path: readonly PropertyKey[], keys: readonly string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (path.length === 0) {
    if (Array.isArray(value)) return value;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of keys) delete copy[key];
    return copy;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const index = Number(head);
    copy[index] = copyWithout(copy[index], rest, keys);
    return copy;
  }
  const record = value as Record<PropertyKey, unknown>;
  return { ...record, [head as string]: copyWithout(record[head as string], rest, keys) };
}

function identityPoints(file: RegistryFile, path: DataPath): EntryBase['points'] {
  const connector = nodeAtPath(file.document, path);
  const at = (field: string) => pointOfNode(file, nodeAtPath(file.document, [...path, field]) ?? connector);
  return { name: at('name'), permalink: at('permalink'), id: at('id') };
}

function identityOf(
  file: RegistryFile,
  path: DataPath,
  raw: unknown,
  diagnostics: Diagnostic[],
): Pick<EntryBase, 'name' | 'permalink' | 'permalinkDerived' | 'id'> {
  const nameValue = valueAtPath(raw, ['name']);
  const name = typeof nameValue === 'string' && nameValue !== '' ? nameValue : null;
  const given = valueAtPath(raw, ['permalink']);
  const idValue = valueAtPath(raw, ['id']);
  const id = typeof idValue === 'number' && Number.isInteger(idValue) && idValue >= 0 ? idValue : null;
  if (given !== undefined) {
    // A bad given permalink is reported by the schema; it then takes no part in uniqueness.
    return { name, permalink: typeof given === 'string' && given !== '' ? given : null, permalinkDerived: false, id };
  }
  if (name === null) return { name, permalink: null, permalinkDerived: true, id };
  const derived = derivePermalink(name);
  if (derived === '') {
    diagnostics.push(
      createDiagnostic(
        'permalink-underivable',
        pointOfNode(file, nodeAtPath(file.document, [...path, 'name'])),
        `no permalink can be derived from the name '${name}': it has no letters a-z or digits`,
        'add a `permalink:` (lower-case letters, digits and hyphens)',
      ),
    );
    return { name, permalink: null, permalinkDerived: true, id };
  }
  return { name, permalink: derived, permalinkDerived: true, id };
}

function duplicateStepNames(file: RegistryFile, path: DataPath, raw: unknown): Diagnostic[] {
  const steps = valueAtPath(raw, ['steps']);
  if (!Array.isArray(steps)) return [];
  const seen = new Map<string, Node | undefined>();
  const diagnostics: Diagnostic[] = [];
  steps.forEach((step, index) => {
    const name = valueAtPath(step, ['name']);
    if (typeof name !== 'string') return;
    const node = nodeAtPath(file.document, [...path, 'steps', index, 'name']);
    const first = seen.get(name);
    if (seen.has(name)) {
      const firstAt = pointOfNode(file, first);
      diagnostics.push(
        createDiagnostic(
          'schema-duplicate-step',
          pointOfNode(file, node),
          `step name '${name}' is already used by an earlier step (line ${firstAt.line})`,
          'step names must be unique within a composite connector: steps.<name> must name one step',
        ),
      );
    } else {
      seen.set(name, node);
    }
  });
  return diagnostics;
}
