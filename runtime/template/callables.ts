// Callable template values: Jinja2's globals (range, dict, namespace, ...), Conduit's functions
// (now, get_secret, ...) and bound methods of strings, lists and dicts (`s.upper`, `d.items`).
// Arguments are bound to Python-style signatures so keyword arguments and arity errors behave
// as in Python.
import { typeError } from './render-errors.js';
import type { TemplateEnv } from './types.js';

/** One parameter: its name and, when optional, its default. */
export interface Param {
  readonly name: string;
  readonly default?: unknown;
}

export interface Signature {
  readonly params: readonly Param[];
  /** Name of a `*args` parameter collecting extra positionals (as an array). */
  readonly varargs?: string;
  /** Name of a `**kwargs` parameter collecting extra keywords (as a Map). */
  readonly varkw?: string;
}

export type KwArgs = ReadonlyMap<string, unknown> | null;

const REQUIRED: unique symbol = Symbol('required');

/** Binds call arguments to a signature: one value per param, then varargs array, then varkw Map. */
export function bindArguments(fnName: string, sig: Signature, args: readonly unknown[], kwargs: KwArgs): unknown[] {
  const { params } = sig;
  const bound: unknown[] = new Array(params.length).fill(REQUIRED);
  const positional = Math.min(args.length, params.length);
  for (let i = 0; i < positional; i++) bound[i] = args[i];
  let extra: unknown[] = [];
  if (args.length > params.length) {
    if (sig.varargs === undefined) {
      throw typeError(`${fnName}() takes ${params.length} positional argument${params.length === 1 ? '' : 's'} but ${args.length} were given`);
    }
    extra = args.slice(params.length);
  }
  const extraKw = new Map<string, unknown>();
  if (kwargs !== null) {
    for (const [key, value] of kwargs) {
      const index = params.findIndex((p) => p.name === key);
      if (index < 0) {
        if (sig.varkw === undefined) throw typeError(`${fnName}() got an unexpected keyword argument '${key}'`);
        extraKw.set(key, value);
      } else if (bound[index] !== REQUIRED) {
        throw typeError(`${fnName}() got multiple values for argument '${key}'`);
      } else {
        bound[index] = value;
      }
    }
  }
  for (let i = 0; i < params.length; i++) {
    if (bound[i] !== REQUIRED) continue;
    const p = params[i]!;
    if (!('default' in p)) throw typeError(`${fnName}() missing required argument: '${p.name}'`);
    bound[i] = p.default;
  }
  if (sig.varargs !== undefined) bound.push(extra);
  if (sig.varkw !== undefined) bound.push(extraKw);
  return bound;
}

export abstract class PyCallable {
  abstract readonly reprText: string;
  abstract call(args: readonly unknown[], kwargs: KwArgs, env: TemplateEnv): unknown;
}

/** A global function implemented over bound arguments. */
export class BuiltinFunction extends PyCallable {
  /** Positional-only calls with exactly this many arguments skip binding (the common case). */
  private readonly plainArity: number;

  constructor(
    readonly name: string,
    private readonly signature: Signature,
    private readonly impl: (bound: unknown[], env: TemplateEnv) => unknown,
    readonly reprText: string = `<built-in function ${name}>`,
  ) {
    super();
    const simple = signature.varargs === undefined && signature.varkw === undefined;
    this.plainArity = simple ? signature.params.length : -1;
  }

  call(args: readonly unknown[], kwargs: KwArgs, env: TemplateEnv): unknown {
    if (args.length === this.plainArity && (kwargs === null || kwargs.size === 0)) return this.impl(args as unknown[], env);
    return this.impl(bindArguments(this.name, this.signature, args, kwargs), env);
  }
}

/** A method bound to its receiver (`'a'.upper`, `d.items`, `cycler.next`). */
export class BoundMethod extends PyCallable {
  constructor(
    readonly self: unknown,
    readonly name: string,
    private readonly impl: (self: unknown, args: readonly unknown[], kwargs: KwArgs) => unknown,
    readonly ownerType: string,
  ) {
    super();
  }

  get reprText(): string {
    return `<built-in method ${this.name} of ${this.ownerType} object>`;
  }

  call(args: readonly unknown[], kwargs: KwArgs): unknown {
    return this.impl(this.self, args, kwargs);
  }
}
