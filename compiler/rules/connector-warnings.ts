// Connector-level findings built from the facts the template analysis gathered (SPEC §3):
// - an overridable header/query entry whose template reads user.* lets a caller replace an
//   identity value the server vouches for (warning);
// - a step that is not the last and that no later template references does work nobody reads
//   (warning);
// - `path_parameters` and the URL's pathParams.X must match both ways (errors, SPEC §1 v2);
// - a `jwt` authentication without an `exp` claim signs tokens that never expire (warning);
// - a URL that reads user.* while no header or query template does: the runtime refuses anonymous
//   callers only for the latter (SPEC §5), so anonymous callers reach it with user.* None (warning).
// A template that failed analysis has unknown facts: checks that depend on it are skipped rather
// than guessed, so a warning is never a side effect of an error reported elsewhere.
import type { TemplateIR } from '../analyse/ir.js';
import { createDiagnostic, type SourcePoint } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { nodeAtPath, type DataPath } from '../load/node-path.js';
import { pointOfNode, type RegistryFile } from '../load/registry-file.js';
import { stringPositionMapper } from '../load/string-positions.js';
import { authWarnings } from './auth-warnings.js';
import { fieldKey, stepNamesOf, stepsOf, type TemplateField } from '../analyse/template-fields.js';
import type { ConnectorEntry } from '../validate/validate-file.js';
import type { TemplateTable } from '../analyse/template-table.js';

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
    ...undeclaredPathParameters(entry, file, templates),
    ...jwtWithoutExpiry(entry, pointOf),
    ...anonymousUserInUrl(entry, pointOf, templates, fields),
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

function undeclaredPathParameters(entry: ConnectorEntry, file: RegistryFile, templates: TemplateTable): Diagnostic[] {
  if (entry.kind !== 'regular' || !isRecord(entry.raw)) return [];
  const url = templates.get('url');
  if (url === null || url === undefined || url.pathParams.length === 0) return [];
  const rows = entry.raw['path_parameters'];
  const declared = new Set(Array.isArray(rows) ? rows.map((row) => (isRecord(row) ? row['key'] : undefined)) : []);
  const node = nodeAtPath(file.document, [...entry.path, 'url']);
  const positionAt = stringPositionMapper(file, node);
  const start = pointOfNode(file, node);
  const diagnostics: Diagnostic[] = [];
  for (const key of url.pathParams) {
    if (declared.has(key)) continue;
    const offset = pathParamOffset(url.source, key);
    const at = offset === -1 ? start : { file: file.path, ...positionAt(offset) };
    diagnostics.push(
      createDiagnostic(
        'path-parameter-undeclared',
        at,
        `the URL reads pathParams.${key} but path_parameters has no '${key}' row`,
        `declare it: "path_parameters": [{"key": "${key}"}]`,
      ),
    );
  }
  return diagnostics;
}

/** Offset of `pathParams.KEY` / `pathParams['KEY']` in a template's text, or -1. */
function pathParamOffset(text: string, key: string): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`pathParams\\s*(?:\\.\\s*${escaped}\\b|\\[\\s*['"]${escaped}['"]\\s*\\])`).exec(text);
  return match === null ? -1 : match.index;
}

function jwtWithoutExpiry(entry: ConnectorEntry, pointOf: PointOf): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { raw, relative } of stepsOf(entry)) {
    if (!isRecord(raw)) continue;
    const auth = raw['authentication'];
    if (!isRecord(auth) || auth['type'] !== 'jwt' || !isRecord(auth['config'])) continue;
    // Only the v2 config (private_key): with v1's `key`, the runtime still adds exp itself.
    if (!('private_key' in auth['config'])) continue;
    const claims = auth['config']['claims'];
    if (!isRecord(claims) || 'exp' in claims) continue;
    diagnostics.push(
      createDiagnostic(
        'jwt-missing-exp',
        pointOf([...relative, 'authentication', 'config', 'claims']),
        'these JWT claims have no exp: every token signed with them is valid forever',
        'add an expiry, e.g. "exp": "{{ now(300) }}" (now(offset) is Unix seconds plus offset)',
      ),
    );
  }
  return diagnostics;
}

function anonymousUserInUrl(entry: ConnectorEntry, pointOf: PointOf, templates: TemplateTable, fields: readonly TemplateField[]): Diagnostic[] {
  let requiresUser = false;
  const urls: TemplateField[] = [];
  for (const field of fields) {
    const ir = templates.get(field.key);
    // Unknown facts: whether anonymous callers are refused cannot be told.
    if (ir === null || ir === undefined) return [];
    if ((field.role === 'header' || field.role === 'query') && ir.readsUser) requiresUser = true;
    if (field.role === 'url' && ir.readsUser && !userFallsBack(field.text)) urls.push(field);
  }
  if (requiresUser) return [];
  return urls.map((field) =>
    createDiagnostic(
      'anonymous-user-in-url',
      pointOf(field.path.slice(entry.path.length)),
      'the URL reads user.* but anonymous callers can reach this connector (only header and query templates that read user.* make it refuse them), and then user.* is None',
      "use user.* in a header or query parameter too (anonymous callers then get 401), or give a fallback: {{ user.id | default('anonymous', true) }}",
    ),
  );
}

/**
 * Whether every {{ }} of a URL that mentions `user` pipes into default(…, true), which replaces
 * the None of an anonymous caller: then the author has handled the anonymous case. Read on the
 * text: a heuristic that only ever silences the warning for such explicit fallbacks.
 */
function userFallsBack(text: string): boolean {
  const outputs = text.match(/\{\{[\s\S]*?\}\}/g) ?? [];
  const withUser = outputs.filter((output) => /\buser\b/.test(output));
  return withUser.length > 0 && withUser.every((output) => /\|\s*(?:default|d)\s*\([\s\S]*,\s*(?:true|True)\s*\)/.test(output));
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
        `path parameter '${key}' is declared but the URL never reads {{ pathParams.${key} }}`,
        `use {{ pathParams.${key} }} in the URL path, or remove the entry`,
      ),
    );
  });
  return diagnostics;
}
