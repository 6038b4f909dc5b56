// The secrets / variables file: JSON `{ "default": { NAME: VALUE }, "tenants": { TENANT: { NAME: VALUE } } }`,
// or a flat object of string values (all defaults). Problems are returned as data, and never
// quote a value from the file (it holds secrets).
import { readFile } from 'node:fs/promises';
import type { ScopedValues } from './scoped-values.js';

export type ValuesFileKind = 'secrets' | 'variables';

export type ValuesFileResult =
  | { readonly ok: true; readonly values: ScopedValues }
  | { readonly ok: false; readonly errors: readonly string[] };

/** SPEC §2: a secret name is an identifier (case-sensitive). */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonErrorPosition(text: string, err: unknown): string {
  // V8's message can quote the offending text; only the position is reported.
  const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (at === null) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

function readSection(section: unknown, where: string, kind: ValuesFileKind, errors: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!isPlainObject(section)) {
    errors.push(`${where} must be an object of ${kind === 'secrets' ? 'secret' : 'variable'} names to string values`);
    return out;
  }
  for (const [name, value] of Object.entries(section)) {
    if (kind === 'secrets' && !SECRET_NAME.test(name)) {
      errors.push(`${where}: '${name}' is not a valid secret name (letters, digits and _, not starting with a digit)`);
    } else if (name === '') {
      errors.push(`${where}: a name is empty`);
    } else if (typeof value !== 'string') {
      errors.push(`${where}.${name} must be a string, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
    } else {
      out.set(name, value);
    }
  }
  return out;
}

export function parseValuesFile(text: string, kind: ValuesFileKind): ValuesFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`the ${kind} file is not valid JSON${jsonErrorPosition(text, err)}`] };
  }
  if (!isPlainObject(data)) return { ok: false, errors: [`the ${kind} file must hold a JSON object`] };
  const errors: string[] = [];
  const isFlat = Object.values(data).every((v) => typeof v === 'string');
  if (isFlat) {
    const defaults = readSection(data, 'the file', kind, errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, values: { defaults, tenants: new Map() } };
  }
  for (const field of Object.keys(data)) {
    if (field !== 'default' && field !== 'tenants') {
      errors.push(`unknown top-level field '${field}': expected "default" and "tenants", or a flat object of string values`);
    }
  }
  const defaults = 'default' in data ? readSection(data['default'], 'default', kind, errors) : new Map<string, string>();
  const tenants = new Map<string, Map<string, string>>();
  if ('tenants' in data) {
    const sections = data['tenants'];
    if (!isPlainObject(sections)) errors.push('tenants must be an object keyed by tenant id');
    else for (const [tenant, section] of Object.entries(sections)) tenants.set(tenant, readSection(section, `tenants.${tenant}`, kind, errors));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values: { defaults, tenants } };
}

export async function readValuesFile(path: string, kind: ValuesFileKind): Promise<ValuesFileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    return { ok: false, errors: [`cannot read the ${kind} file ${path}: ${code}`] };
  }
  return parseValuesFile(text, kind);
}
