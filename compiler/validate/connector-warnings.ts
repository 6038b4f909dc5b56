// Connector-level warnings built from the facts the template analysis gathered (SPEC §3):
// - an overridable header/query entry whose template reads user.* lets a caller replace an
//   identity value the server vouches for;
// - a step that is not the last and that no later template references does work nobody reads;
// - a `path_parameters` entry the URL never reads (Gainsight bookkeeping out of date).
// A template that failed analysis has unknown facts: checks that depend on it are skipped rather
// than guessed, so a warning is never a side effect of an error reported elsewhere.
import type { TemplateIR } from '../ir.js';
import { createDiagnostic, type SourcePoint } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { nodeAtPath, type DataPath } from '../load/node-path.js';
import { pointOfNode, type RegistryFile } from '../load/registry-file.js';
import { authWarnings } from './auth-warnings.js';
import { fieldKey, stepNamesOf, stepsOf, type TemplateField } from './template-fields.js';
import type { ConnectorEntry } from './validate-file.js';

/** Analysis result of each template of one connector, by connector-relative field key (null: had errors). */
export type TemplateTable = ReadonlyMap<string, TemplateIR | null>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `file` is the registry file the connector is in (for positions); `fields` are the connector's
 * templateFieldsOf(entry), computed once by the caller.
 */
export function connectorWarnings(
  entry: ConnectorEntry,
  file: RegistryFile,
  templates: TemplateTable,
  fields: readonly TemplateField[],
): Diagnostic[] {
  const pointOf = (relative: DataPath) => pointOfNode(file, nodeAtPath(file.document, [...entry.path, ...relative]));
  return [
    ...overridableIdentity(entry, pointOf, templates),
    ...unusedSteps(entry, pointOf, templates, fields),
    ...unusedPathParameters(entry, pointOf, templates),
    ...authWarnings(entry, pointOf),
  ];
}

type PointOf = (relative: DataPath) => SourcePoint;

function overridableIdentity(entry: ConnectorEntry, pointOf: PointOf, templates: TemplateTable): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { raw, relative } of stepsOf(entry)) {
    if (!isRecord(raw)) continue;
    for (const [list, what] of [['headers', 'header'], ['query_parameters', 'query parameter']] as const) {
      const items = raw[list];
      if (!Array.isArray(items)) continue;
      items.forEach((item, i) => {
        if (!isRecord(item) || item['overridable'] !== true) return;
        const ir = templates.get(fieldKey([...relative, list, i, 'value']));
        if (ir?.readsUser !== true) return;
        diagnostics.push(
          createDiagnostic(
            'overridable-identity',
            pointOf([...relative, list, i, 'overridable']),
            `${what} '${String(item['key'])}' carries the user's identity (user.*) but is overridable: a caller could send someone else's`,
            'set overridable: false for values built from user.*',
          ),
        );
      });
    }
  }
  return diagnostics;
}

function unusedSteps(entry: ConnectorEntry, pointOf: PointOf, templates: TemplateTable, fields: readonly TemplateField[]): Diagnostic[] {
  if (entry.kind !== 'composite') return [];
  const names = stepNamesOf(entry);
  // What the templates of each step read, and whether some template of it has unknown facts.
  const referencedFrom = names.map(() => new Set<string>());
  const unknownIn = names.map(() => false);
  for (const field of fields) {
    const ir = templates.get(field.key);
    if (ir === null || ir === undefined) unknownIn[field.stepIndex] = true;
    else for (const ref of ir.stepRefs) referencedFrom[field.stepIndex]!.add(ref);
  }
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < names.length - 1; i++) {
    const name = names[i]!;
    if (name === '') continue;
    let referenced = false;
    let unknown = false;
    for (let later = i + 1; later < names.length; later++) {
      referenced ||= referencedFrom[later]!.has(name);
      unknown ||= unknownIn[later]!;
    }
    if (referenced || unknown) continue;
    diagnostics.push(
      createDiagnostic(
        'unused-step',
        pointOf(['steps', i, 'name']),
        `step '${name}' is not the last step and no later step uses its result`,
        `read it in a later template as steps${/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `['${name}']`}.body, or remove the step`,
      ),
    );
  }
  return diagnostics;
}

function unusedPathParameters(entry: ConnectorEntry, pointOf: PointOf, templates: TemplateTable): Diagnostic[] {
  if (entry.kind !== 'regular' || !isRecord(entry.raw)) return [];
  const declared = entry.raw['path_parameters'];
  const url = templates.get('url');
  if (!Array.isArray(declared) || url === null || url === undefined) return [];
  const diagnostics: Diagnostic[] = [];
  declared.forEach((item, i) => {
    const key = isRecord(item) ? item['key'] : undefined;
    if (typeof key !== 'string' || url.pathParams.includes(key)) return;
    diagnostics.push(
      createDiagnostic(
        'path-parameter-unused',
        pointOf(['path_parameters', i, 'key']),
        `path parameter '${key}' is declared but the URL never reads pathParams.${key}`,
        `use {{ pathParams.${key} }} in the URL path, or remove the entry`,
      ),
    );
  });
  return diagnostics;
}
