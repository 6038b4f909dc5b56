// markupsafe's semantics over the Markup class (./py-values.ts): escaping a value gives Markup,
// escaping Markup again changes nothing, and combining Markup with plain text escapes the text
// (`~`, `join`, `replace`, `format`, `%`, string methods of Markup). Compiled templates print
// through `escapeOutput` when autoescaping is on.
import { escapeHtml } from './html.js';
import { Markup, PyFloat } from './py-values.js';
import { str } from './python-repr.js';
import { Undefined } from './undefined.js';

/** markupsafe.escape: Markup stays as it is, anything else becomes escaped Markup. */
export function escape(value: unknown): Markup {
  return value instanceof Markup ? value : new Markup(escapeHtml(str(value)));
}

/** The text `{{ value }}` prints with autoescaping on. */
export function escapeOutput(value: unknown): string {
  if (typeof value === 'string') return escapeHtml(value);
  // Python's text of an int or float (digits, '.', 'e', '+', '-', 'inf', 'nan') needs no escaping.
  if (typeof value === 'number') return str(value);
  if (value instanceof Markup) return value.text;
  // A missing get_variable() prints its expression as written.
  if (value instanceof Undefined) return value.printed;
  // Nor does that of an integral float, a big int, a bool or None.
  if (value instanceof PyFloat || typeof value === 'bigint' || typeof value === 'boolean' || value === null) return str(value);
  return escapeHtml(str(value));
}

/** markupsafe.soft_str: Markup stays Markup, anything else becomes str. */
export function softStr(value: unknown): string | Markup {
  return value instanceof Markup ? value : str(value);
}

/** Markup(text): marks text safe as it is. */
export function markup(text: string): Markup {
  return new Markup(text);
}

/** An argument combined into Markup: Markup's text, or the escaped text of anything else. */
export function escapedText(value: unknown): string {
  return value instanceof Markup ? value.text : escapeHtml(str(value));
}

/** `a ~ b` with autoescaping on (Jinja2's markup_join): Markup when either side is. */
export function concatMarkup(a: unknown, b: unknown): string | Markup {
  if (a instanceof Markup || b instanceof Markup) return new Markup(escapedText(a) + escapedText(b));
  return str(a) + str(b);
}

/**
 * A string function applied to Markup the way markupsafe wraps str methods: the result is Markup,
 * string arguments escaped (as Markup + str escapes) unless `escapeArgs` is false (they are used
 * as written, as Markup.strip's characters). Plain input calls `fn` unchanged.
 */
export function likeInput<A extends unknown[]>(fn: (value: unknown, ...args: A) => unknown, escapeArgs = true): (value: unknown, ...args: A) => unknown {
  return (value: unknown, ...args: A): unknown => {
    if (!(value instanceof Markup)) return fn(value, ...args);
    const escaped = args.map((a) => (typeof a === 'string' ? (escapeArgs ? escapeHtml(a) : a) : a instanceof Markup ? a.text : a)) as A;
    const result = fn(value.text, ...escaped);
    return typeof result === 'string' ? new Markup(result) : result;
  };
}

