// Reads a secrets file for `conduit check --secrets FILE`: which secret names it provides (never
// what their values are). The format is shared with the runtime's file secret store:
//
//   { "default": { "NAME": "VALUE", ... }, "tenants": { "TENANT": { "NAME": "VALUE" }, ... } }
//
// or, for a single-tenant setup, a flat object of string values { "NAME": "VALUE", ... }.
// A name is present when `default` has it, or when every tenant section has it: at run time a
// tenant's value wins over the default, so either way every tenant gets a value. A name only
// some tenants have is missing for the others, so check reports it.
import { readFile } from 'node:fs/promises';

export interface SecretsPresence {
  /** Whether every tenant gets a value for this secret name. */
  has(name: string): boolean;
}

export type SecretsFileResult =
  | { readonly ok: true; readonly secrets: SecretsPresence }
  | { readonly ok: false; readonly message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function stringKeys(section: unknown, where: string): { keys: Set<string> } | { error: string } {
  if (!isRecord(section)) return { error: `${where} must be an object of NAME: "value" entries` };
  for (const [name, value] of Object.entries(section)) {
    if (typeof value !== 'string') return { error: `${where}.${name} must be a string` };
  }
  return { keys: new Set(Object.keys(section)) };
}

/** Interprets parsed secrets-file JSON; errors are data (the CLI decides how to show them). */
export function secretsFromJson(data: unknown): SecretsFileResult {
  if (!isRecord(data)) return { ok: false, message: 'a secrets file must hold a JSON object' };
  const keys = Object.keys(data);
  const structured = keys.length > 0 && keys.every((k) => (k === 'default' || k === 'tenants') && isRecord(data[k]));
  if (!structured) {
    const flat = stringKeys(data, 'the secrets file');
    return 'error' in flat ? { ok: false, message: flat.error } : { ok: true, secrets: { has: (name) => flat.keys.has(name) } };
  }
  const defaults = data['default'] === undefined ? { keys: new Set<string>() } : stringKeys(data['default'], 'default');
  if ('error' in defaults) return { ok: false, message: defaults.error };
  const tenantSections: Set<string>[] = [];
  for (const [tenant, section] of Object.entries((data['tenants'] as Record<string, unknown> | undefined) ?? {})) {
    const parsed = stringKeys(section, `tenants.${tenant}`);
    if ('error' in parsed) return { ok: false, message: parsed.error };
    tenantSections.push(parsed.keys);
  }
  return {
    ok: true,
    secrets: {
      has: (name) => defaults.keys.has(name) || (tenantSections.length > 0 && tenantSections.every((s) => s.has(name))),
    },
  };
}

export async function readSecretsFile(filePath: string): Promise<SecretsFileResult> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (err) {
    return { ok: false, message: `cannot read secrets file '${filePath}': ${(err as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `secrets file '${filePath}' is not valid JSON: ${(err as Error).message}` };
  }
  const result = secretsFromJson(data);
  return result.ok ? result : { ok: false, message: `secrets file '${filePath}': ${result.message}` };
}
