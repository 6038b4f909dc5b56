// Length limits of SPEC §1 (v2), the reference platform's column sizes: name and permalink 255,
// url 2048, header/query key 255 and value 1000, response_content_type 255. Measured on the
// source text of the value (the template as written, not what it renders), in characters (code
// points, as the reference's Python counts them), so an emoji counts once.
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { nodeAtPath, type DataPath } from '../load/node-path.js';
import { pointOfNode, type RegistryFile } from '../load/registry-file.js';

export const FIELD_LIMITS = {
  name: 255,
  permalink: 255,
  url: 2048,
  key: 255,
  value: 1000,
  response_content_type: 255,
} as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Characters (code points) of a string; only counted when its UTF-16 length could exceed `limit`. */
function overLimit(text: string, limit: number): number | null {
  if (text.length <= limit) return null;
  let count = 0;
  for (const _ of text) count++;
  return count > limit ? count : null;
}

export function fieldLimitDiagnostics(file: RegistryFile, path: DataPath, kind: 'regular' | 'composite', raw: unknown): Diagnostic[] {
  if (!isRecord(raw)) return [];
  const diagnostics: Diagnostic[] = [];
  const check = (value: unknown, relative: DataPath, field: keyof typeof FIELD_LIMITS, what: string) => {
    if (typeof value !== 'string') return;
    const limit = FIELD_LIMITS[field];
    const length = overLimit(value, limit);
    if (length === null) return;
    diagnostics.push(
      createDiagnostic(
        'schema-too-long',
        pointOfNode(file, nodeAtPath(file.document, [...path, ...relative])),
        `${what} is ${length} characters long; the limit is ${limit}`,
        field === 'url' ? 'move long or variable parts into query_parameters' : undefined,
      ),
    );
  };
  check(raw['name'], ['name'], 'name', "'name'");
  check(raw['permalink'], ['permalink'], 'permalink', "'permalink'");
  const requests: { readonly value: unknown; readonly relative: DataPath }[] =
    kind === 'regular' ? [{ value: raw, relative: [] }] : Array.isArray(raw['steps']) ? raw['steps'].map((value, i) => ({ value, relative: ['steps', i] })) : [];
  for (const { value: request, relative } of requests) {
    if (!isRecord(request)) continue;
    check(request['url'], [...relative, 'url'], 'url', "'url'");
    check(request['response_content_type'], [...relative, 'response_content_type'], 'response_content_type', "'response_content_type'");
    for (const [list, what] of [['headers', 'header'], ['query_parameters', 'query parameter']] as const) {
      const rows = request[list];
      if (!Array.isArray(rows)) continue;
      rows.forEach((row, i) => {
        if (!isRecord(row)) return;
        check(row['key'], [...relative, list, i, 'key'], 'key', `the ${what} key`);
        check(row['value'], [...relative, list, i, 'value'], 'value', `the value of ${what} '${typeof row['key'] === 'string' ? row['key'] : '?'}'`);
      });
    }
  }
  return diagnostics;
}
