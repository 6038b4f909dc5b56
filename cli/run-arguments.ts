// The arguments of `conduit run` (SPEC §7): the connector, the caller's side of the request
// (`--payload JSON|@FILE`, repeatable `--query k=v` and `--path-param k=v`, `--user JSON`), the
// output switches (`--verbose`, `--json`) and every server option. Pure: no I/O (the CLI reads a
// `--payload @FILE`); errors as data, every problem at once.
import { collectServerOptions, type ServerOptions } from '../runtime/options.js';

/** `conduit run PERMALINK [--payload JSON] [--query k=v]… [--path-param k=v]… [--user JSON]` plus the server options. */
export interface RunArguments {
  readonly permalink: string;
  /** The caller's body as given (JSON text), or null. */
  readonly payload: string | null;
  /** `--payload @FILE`: the file holding the body (read by the CLI; this module does no I/O). */
  readonly payloadFile: string | null;
  readonly query: readonly (readonly [string, string])[];
  readonly pathParams: Readonly<Record<string, string>>;
  /** User claims (sub, email, tenant_id, …), or null for an anonymous run. */
  readonly user: Readonly<Record<string, unknown>> | null;
  /** `--verbose`: also print the rendered upstream requests. */
  readonly verbose: boolean;
  /** `--json`: one JSON document on stdout instead of text. */
  readonly json: boolean;
  readonly options: ServerOptions;
}

export type ParsedRunArguments = ({ readonly ok: true } & RunArguments) | { readonly ok: false; readonly errors: readonly string[] };

function keyValue(flag: string, value: string, errors: string[]): readonly [string, string] | null {
  const eq = value.indexOf('=');
  if (eq <= 0) {
    errors.push(`${flag} takes key=value, got '${value}'`);
    return null;
  }
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** Parses the arguments of `conduit run` (errors as data, every problem at once). */
export function parseRunArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedRunArguments {
  const server = collectServerOptions(argv, env, { allowUnknown: true });
  const errors: string[] = [...server.errors];
  const rest = server.rest;
  const positionals: string[] = [];
  let payload: string | null = null;
  let payloadFile: string | null = null;
  let verbose = false;
  let json = false;
  let user: Record<string, unknown> | null = null;
  const query: (readonly [string, string])[] = [];
  const pathParams: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--verbose' || arg === '--json') {
      if (arg === '--verbose') verbose = true;
      else json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (value === undefined && i + 1 < rest.length && !rest[i + 1]!.startsWith('--')) value = rest[++i];
    if (flag !== '--payload' && flag !== '--query' && flag !== '--path-param' && flag !== '--user') {
      errors.push(`unknown option ${flag}`);
      continue;
    }
    if (value === undefined) {
      errors.push(`${flag} needs a value`);
      continue;
    }
    switch (flag) {
      case '--payload':
        if (value.startsWith('@')) {
          if (value.length === 1) errors.push('--payload @FILE needs a file name');
          else payloadFile = value.slice(1);
          break;
        }
        try {
          JSON.parse(value);
          payload = value;
        } catch {
          errors.push('--payload must be JSON (or @FILE)');
        }
        break;
      case '--query': {
        const pair = keyValue(flag, value, errors);
        if (pair !== null) query.push(pair);
        break;
      }
      case '--path-param': {
        const pair = keyValue(flag, value, errors);
        if (pair !== null) pathParams[pair[0]] = pair[1];
        break;
      }
      case '--user': {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch {
          parsed = undefined;
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) errors.push('--user must be a JSON object of claims');
        else user = parsed as Record<string, unknown>;
        break;
      }
    }
  }
  if (positionals.length !== 1) errors.push(positionals.length === 0 ? 'run needs a connector permalink' : `unexpected arguments: ${positionals.slice(1).join(' ')}`);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, permalink: positionals[0]!, payload, payloadFile, query, pathParams, user, verbose, json, options: server.options };
}
