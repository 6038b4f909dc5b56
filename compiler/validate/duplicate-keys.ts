// Unique keys within one connector or step (SPEC §1 v2): header keys compared case-insensitively
// (HTTP header names are), query parameter and path parameter keys exactly. A repeated row would
// silently replace or duplicate the first on the wire, so the later one is reported, naming the
// line of the first.
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { nodeAtPath, type DataPath } from '../load/node-path.js';
import { pointOfNode, type RegistryFile } from '../load/registry-file.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const LISTS = [
  { list: 'headers', code: 'duplicate-header', what: 'header', fold: (key: string) => key.toLowerCase() },
  { list: 'query_parameters', code: 'duplicate-query-parameter', what: 'query parameter', fold: (key: string) => key },
  { list: 'path_parameters', code: 'duplicate-path-parameter', what: 'path parameter', fold: (key: string) => key },
] as const;

export function duplicateKeyDiagnostics(file: RegistryFile, path: DataPath, kind: 'regular' | 'composite', raw: unknown): Diagnostic[] {
  if (!isRecord(raw)) return [];
  const requests: { readonly value: unknown; readonly relative: DataPath }[] =
    kind === 'regular' ? [{ value: raw, relative: [] }] : Array.isArray(raw['steps']) ? raw['steps'].map((value, i) => ({ value, relative: ['steps', i] })) : [];
  const diagnostics: Diagnostic[] = [];
  for (const { value: request, relative } of requests) {
    if (!isRecord(request)) continue;
    for (const { list, code, what, fold } of LISTS) {
      const rows = request[list];
      if (!Array.isArray(rows)) continue;
      // Positions are looked up only for a duplicate: most registries have none.
      const pointOfRow = (i: number) => pointOfNode(file, nodeAtPath(file.document, [...path, ...relative, list, i, 'key']));
      const firstRow = new Map<string, number>();
      rows.forEach((row, i) => {
        const key = isRecord(row) ? row['key'] : undefined;
        if (typeof key !== 'string' || key === '') return;
        const folded = fold(key);
        const first = firstRow.get(folded);
        if (first === undefined) {
          firstRow.set(folded, i);
          return;
        }
        diagnostics.push(
          createDiagnostic(
            code,
            pointOfRow(i),
            `${what} '${key}' is already configured (line ${pointOfRow(first).line})${list === 'headers' ? '; header names are case-insensitive' : ''}`,
            `keep one '${key}' row`,
          ),
        );
      });
    }
  }
  return diagnostics;
}
