// Every template of a connector and the slot it runs in (SPEC §2): url -> url; request_body ->
// body; header values, query parameter values and authentication config values (string leaves of
// claims and JWT headers too) -> hdr; response_body -> resp; a composite step's `when` -> body.
// Read from the plain data, not the validated schema, so templates are analysed (and their
// problems reported) even when some other field of the connector is wrong.
import type { Slot } from './ir.js';
import type { DataPath } from '../load/node-path.js';
import { AUTH_TEMPLATE_FIELDS, isAuthType } from '../validate/auth-schema.js';
import type { ConnectorEntry } from '../validate/validate-file.js';

export type TemplateRole = 'url' | 'header' | 'query' | 'auth' | 'token_url' | 'request_body' | 'response_body' | 'when';

export interface TemplateField {
  /** Path of the string value inside its file. */
  readonly path: DataPath;
  /** Path relative to the connector: the key of the field in per-connector tables. */
  readonly key: string;
  readonly text: string;
  readonly slot: Slot;
  readonly role: TemplateRole;
  /** 0 for regular connectors. */
  readonly stepIndex: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The key of a connector-relative path, e.g. `steps/1/headers/0/value`. */
export function fieldKey(relative: DataPath): string {
  return relative.join('/');
}

/** The steps of a connector as (plain data, path relative to the connector) pairs. */
export function stepsOf(entry: ConnectorEntry): { readonly raw: unknown; readonly relative: DataPath }[] {
  if (entry.kind === 'regular') return [{ raw: entry.raw, relative: [] }];
  const steps = isRecord(entry.raw) ? entry.raw['steps'] : undefined;
  return Array.isArray(steps) ? steps.map((raw, i) => ({ raw, relative: ['steps', i] })) : [];
}

/** Step names of a composite connector in order (non-string names become ''); [] for regular ones. */
export function stepNamesOf(entry: ConnectorEntry): string[] {
  if (entry.kind === 'regular') return [];
  return stepsOf(entry).map(({ raw }) => (isRecord(raw) && typeof raw['name'] === 'string' ? raw['name'] : ''));
}

export function templateFieldsOf(entry: ConnectorEntry): TemplateField[] {
  const fields: TemplateField[] = [];
  stepsOf(entry).forEach(({ raw, relative }, stepIndex) => {
    if (!isRecord(raw)) return;
    const prefix = relative.length === 0 ? '' : `${fieldKey(relative)}/`;
    const add = (at: DataPath, value: unknown, slot: Slot, role: TemplateRole) => {
      if (typeof value !== 'string') return;
      fields.push({ path: [...entry.path, ...relative, ...at], key: prefix + fieldKey(at), text: value, slot, role, stepIndex });
    };
    add(['url'], raw['url'], 'url', 'url');
    for (const [list, role] of [['headers', 'header'], ['query_parameters', 'query']] as const) {
      const entries = raw[list];
      if (!Array.isArray(entries)) continue;
      entries.forEach((item, i) => {
        if (isRecord(item)) add([list, i, 'value'], item['value'], 'hdr', role);
      });
    }
    const auth = raw['authentication'];
    if (isRecord(auth) && isAuthType(auth['type']) && isRecord(auth['config'])) {
      const config = auth['config'];
      for (const name of AUTH_TEMPLATE_FIELDS[auth['type']]) {
        const walk = (value: unknown, at: DataPath) => {
          if (typeof value === 'string') add(at, value, 'hdr', name === 'token_url' ? 'token_url' : 'auth');
          else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...at, i]));
          else if (isRecord(value)) for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
        };
        walk(config[name], ['authentication', 'config', name]);
      }
    }
    add(['request_body'], raw['request_body'], 'body', 'request_body');
    add(['response_body'], raw['response_body'], 'resp', 'response_body');
    // A step's condition is an expression with the body slot's variables (compiler/analyse/step-condition.ts).
    if (entry.kind === 'composite') add(['when'], raw['when'], 'body', 'when');
  });
  return fields;
}
