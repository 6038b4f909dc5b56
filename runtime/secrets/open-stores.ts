// The stores `conduit serve` / `run` use: the --secrets / --variables file (when given) over the
// environment. Errors are data for the CLI to print.
import { createEnvSecretStore, createEnvVariableStore } from './env-store.js';
import { createFileSecretStore, createFileVariableStore } from './file-store.js';
import { layerSecretStores, layerVariableStores } from './layered-store.js';
import type { SecretStore, VariableStore } from './types.js';
import { readValuesFile } from './values-file.js';

export interface OpenStoreOptions {
  /** Path of the JSON file, or null/undefined for the environment only. */
  readonly file?: string | null;
  /** Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type OpenResult<T> = { readonly ok: true; readonly store: T } | { readonly ok: false; readonly errors: readonly string[] };

export async function openSecretStore(options: OpenStoreOptions = {}): Promise<OpenResult<SecretStore>> {
  const env = createEnvSecretStore(options.env);
  if (options.file === undefined || options.file === null) return { ok: true, store: env };
  const file = await readValuesFile(options.file, 'secrets');
  return file.ok ? { ok: true, store: layerSecretStores([createFileSecretStore(file.values), env]) } : file;
}

export async function openVariableStore(options: OpenStoreOptions = {}): Promise<OpenResult<VariableStore>> {
  const env = createEnvVariableStore(options.env);
  if (options.file === undefined || options.file === null) return { ok: true, store: env };
  const file = await readValuesFile(options.file, 'variables');
  return file.ok ? { ok: true, store: layerVariableStores([createFileVariableStore(file.values), env]) } : file;
}
