// Secret and variable stores over environment variables: `CONDUIT_SECRET_<NAME>` and
// `CONDUIT_VAR_<NAME>` (NAME case-sensitive), the same for every tenant. The environment is
// read once, when the store is created: requests never touch process.env.
import type { SecretStore, VariableStore } from './types.js';

export const SECRET_ENV_PREFIX = 'CONDUIT_SECRET_';
export const VARIABLE_ENV_PREFIX = 'CONDUIT_VAR_';

type Environment = Readonly<Record<string, string | undefined>>;

function snapshot(env: Environment, prefix: string): ReadonlyMap<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(prefix) && key.length > prefix.length && value !== undefined) values.set(key.slice(prefix.length), value);
  }
  return values;
}

export function createEnvSecretStore(env: Environment = process.env): SecretStore {
  const values = snapshot(env, SECRET_ENV_PREFIX);
  const everyValue = Object.freeze([...values.values()]);
  return { get: (name) => values.get(name), allValues: () => everyValue };
}

export function createEnvVariableStore(env: Environment = process.env): VariableStore {
  const values = snapshot(env, VARIABLE_ENV_PREFIX);
  return { get: (name) => values.get(name) };
}
