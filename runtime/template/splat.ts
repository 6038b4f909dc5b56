// Python's call splats, `f(a, *rest, k=1, **opts)`: the compiled call passes its written
// positional arguments and keywords through these, which add what `rest` and `opts` hold when the
// call runs, with the TypeErrors Python raises for a splat it cannot take.
import type { KwArgs } from './callables.js';
import { Markup } from './py-values.js';
import { pyTypeName } from './python-repr.js';
import { typeError } from './render-errors.js';
import { isIterable, iterate } from './sequences.js';
import { Undefined } from './undefined.js';

/** `*rest`: the written positionals, then every item of `rest` (any iterable, as `for` takes it). */
export function spreadArgs(written: readonly unknown[], rest: unknown): unknown[] {
  if (!isIterable(rest)) throw typeError(`Value after * must be an iterable, not ${pyTypeName(rest)}`);
  return [...written, ...iterate(rest)];
}

/** `**opts`: the written keywords, then every entry of the dict `opts` (string keys, none repeated). */
export function spreadKwargs(written: KwArgs, opts: unknown): Map<string, unknown> {
  if (opts instanceof Undefined) throw opts.error();
  if (!(opts instanceof Map)) throw typeError(`argument after ** must be a mapping, not ${pyTypeName(opts)}`);
  const out = new Map<string, unknown>(written ?? []);
  for (const [key, value] of opts as Map<unknown, unknown>) {
    // Markup is a str subclass in Python, so it names a keyword too.
    const name = key instanceof Markup ? key.text : key;
    if (typeof name !== 'string') throw typeError('keywords must be strings');
    if (out.has(name)) throw typeError(`got multiple values for keyword argument '${name}'`);
    out.set(name, value);
  }
  return out;
}
