// A small, typed argv helper shared by the CLI commands: `--flag value` / `--flag=value` options,
// booleans, repeatable options, allowed choices, and `CONDUIT_*` environment fallbacks.
// Errors are returned as data; only the command prints them.
import { parseArgs as nodeParseArgs } from 'node:util';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** May be given several times; the value is the list (e.g. --allowed-origin A --allowed-origin B). */
  readonly multiple?: boolean;
  readonly short?: string;
  /** Environment variable read when the flag is absent. Booleans accept 1/true/yes (and 0/false/no). */
  readonly env?: string;
  readonly default?: string | boolean;
  /** For strings: the accepted values. */
  readonly choices?: readonly string[];
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type FlagValue<F extends FlagSpec> = F['type'] extends 'boolean'
  ? boolean
  : F['multiple'] extends true
    ? string[]
    : F['default'] extends string
      ? string
      : string | undefined;

export type FlagValues<S extends FlagSpecs> = { -readonly [K in keyof S]: FlagValue<S[K]> };

export type ParsedArgs<S extends FlagSpecs> =
  | { readonly ok: true; readonly values: FlagValues<S>; readonly positionals: readonly string[] }
  | { readonly ok: false; readonly error: string };

export interface ParseOptions {
  /** How many positional arguments the command takes (default 0). */
  readonly maxPositionals?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

export function parseArgs<S extends FlagSpecs>(argv: readonly string[], specs: S, options: ParseOptions = {}): ParsedArgs<S> {
  const env = options.env ?? process.env;
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
  }
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = nodeParseArgs({ args: [...argv], options: config, strict: true, allowPositionals: true });
  } catch (err) {
    return { ok: false, error: (err as Error).message.replace(/^Unknown option '(.*)'.*$/s, "unknown option '$1'") };
  }
  const maxPositionals = options.maxPositionals ?? 0;
  if (parsed.positionals.length > maxPositionals) {
    return { ok: false, error: `unexpected argument '${parsed.positionals[maxPositionals]}'` };
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    let value: unknown = parsed.values[name];
    const fromEnv = spec.env === undefined ? undefined : env[spec.env];
    if (value === undefined && fromEnv !== undefined) {
      if (spec.type === 'boolean') {
        const normalised = fromEnv.trim().toLowerCase();
        if (!TRUE.has(normalised) && !FALSE.has(normalised)) return { ok: false, error: `${spec.env} must be 1 or 0, not '${fromEnv}'` };
        value = TRUE.has(normalised);
      } else {
        value = spec.multiple ? fromEnv.split(',').map((s) => s.trim()).filter((s) => s !== '') : fromEnv;
      }
    }
    if (value === undefined) value = spec.default ?? (spec.type === 'boolean' ? false : spec.multiple ? [] : undefined);
    if (spec.choices !== undefined && typeof value === 'string' && !spec.choices.includes(value)) {
      return { ok: false, error: `--${name} must be one of ${spec.choices.join(', ')}, not '${value}'` };
    }
    values[name] = value;
  }
  return { ok: true, values: values as FlagValues<S>, positionals: parsed.positionals };
}

/** The flag every command that reaches upstreams shares (check, build, serve). */
export const ALLOW_INSECURE_UPSTREAMS_FLAG = {
  type: 'boolean',
  env: 'CONDUIT_ALLOW_INSECURE_UPSTREAMS',
} as const satisfies FlagSpec;

/** `--registry DIR` of the commands that read a registry (check, build). */
export const REGISTRY_FLAG = { type: 'string', default: 'registry', env: 'CONDUIT_REGISTRY' } as const satisfies FlagSpec;

/** `--format human|json|github`: how the commands that print diagnostics print them. */
export const FORMAT_FLAG = { type: 'string', default: 'human', choices: ['human', 'json', 'github'] } as const satisfies FlagSpec;

export const HELP_FLAG = { type: 'boolean', short: 'h' } as const satisfies FlagSpec;

export type CommandArgs<S extends FlagSpecs> =
  | { readonly ok: true; readonly values: FlagValues<S>; readonly positionals: readonly string[] }
  | { readonly ok: false; readonly exitCode: number };

/**
 * parseArgs for the command `name`, which answers --help with its usage (exit 0) and a bad
 * argument with the error and its usage on stderr (exit 1): `ok: false` means return exitCode.
 */
export function parseCommandArgs<S extends FlagSpecs & { readonly help: typeof HELP_FLAG }>(
  name: string,
  usage: string,
  argv: readonly string[],
  specs: S,
  options: ParseOptions = {},
): CommandArgs<S> {
  const args = parseArgs(argv, specs, options);
  if (!args.ok) {
    process.stderr.write(`conduit ${name}: ${args.error}\n\n${usage}\n`);
    return { ok: false, exitCode: 1 };
  }
  if (args.values.help === true) {
    process.stdout.write(`${usage}\n`);
    return { ok: false, exitCode: 0 };
  }
  return args;
}
