// Argument checks for builtin methods and filters: Python's positional-only arity and the
// TypeErrors it raises for wrong argument types.
import { intNumber, isIntLike } from './numbers.js';
import { Markup } from './py-values.js';
import { typeError } from './render-errors.js';
import { pyTypeName } from './python-repr.js';
import type { KwArgs } from './callables.js';

/** Positional-only arity check (Python builtins reject keyword arguments). */
export function positional(name: string, args: readonly unknown[], kwargs: KwArgs, min: number, max: number): readonly unknown[] {
  if (kwargs !== null && kwargs.size > 0) throw typeError(`${name}() takes no keyword arguments`);
  if (args.length < min || args.length > max) {
    const expected = min === max ? `exactly ${min}` : args.length < min ? `at least ${min}` : `at most ${max}`;
    throw typeError(`${name}() takes ${expected} argument${(args.length < min ? min : max) === 1 ? '' : 's'} (${args.length} given)`);
  }
  return args;
}

/** A str argument (Markup counts as str). */
export function asStr(x: unknown, what: string): string {
  if (typeof x === 'string') return x;
  if (x instanceof Markup) return x.text;
  throw typeError(`${what} must be str, not ${pyTypeName(x)}`);
}

/** A str or None argument. */
export function asOptStr(x: unknown, what: string): string | null {
  return x === null || x === undefined ? null : asStr(x, what);
}

/** An int argument (bool counts) as a JS number. */
export function asInt(x: unknown, what: string): number {
  if (isIntLike(x)) return intNumber(x);
  throw typeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer${what ? ` (${what})` : ''}`);
}

/** An optional index argument: None/absent → null. */
export function asOptIndex(x: unknown, what: string): number | null {
  if (x === null || x === undefined) return null;
  if (isIntLike(x)) return intNumber(x);
  throw typeError(`slice indices must be integers or None or have an __index__ method (${what})`);
}
