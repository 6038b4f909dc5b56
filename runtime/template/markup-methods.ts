// The str methods of a Markup receiver, as markupsafe wraps them: string arguments are escaped and
// a string result is Markup again (format, join, replace, strip, upper, …); split-like methods give
// lists (or tuples) of Markup; every other method (find, startswith, count, …) is str's own.
import { BoundMethod } from './callables.js';
import type { Method } from './container-methods.js';
import { escapedText } from './markup.js';
import { Markup, isTuple, tuple } from './py-values.js';
import { iterate } from './sequences.js';
import { STR_METHODS } from './str-methods.js';
import { MARKUP_ESCAPING_METHOD_NAMES, MARKUP_SPLITTING_METHOD_NAMES } from './vocabulary.js';

/** markupsafe's make_simple_escaping_wrapper methods, plus format/format_map (EscapeFormatter). */
const ESCAPING: ReadonlySet<string> = new Set(MARKUP_ESCAPING_METHOD_NAMES);
/** Methods whose str result parts become Markup (markupsafe overrides them). */
const SPLITTING: ReadonlySet<string> = new Set(MARKUP_SPLITTING_METHOD_NAMES);

const escapeArg = (a: unknown): unknown => (typeof a === 'string' || a instanceof Markup ? escapedText(a) : a);

function asMarkup(result: unknown): unknown {
  if (typeof result === 'string') return new Markup(result);
  if (isTuple(result)) return tuple(result.map(asMarkup));
  if (Array.isArray(result)) return result.map(asMarkup);
  return result;
}

export function markupMethod(self: Markup, name: string): BoundMethod | null {
  const impl = STR_METHODS.get(name);
  if (impl === undefined) return null;
  let method: Method;
  if (name === 'join') {
    // Markup.join escapes every item that is not Markup itself.
    method = (s, a, k) => asMarkup(impl((s as Markup).text, a.length === 0 ? a : [[...iterate(a[0])].map((x) => escapedText(x)), ...a.slice(1)], k));
  } else if (ESCAPING.has(name)) {
    method = (s, a, k) => asMarkup(impl((s as Markup).text, a.map(escapeArg), k === null ? null : new Map([...k].map(([key, v]) => [key, escapeArg(v)] as const))));
  } else if (SPLITTING.has(name)) {
    method = (s, a, k) => asMarkup(impl((s as Markup).text, a.map(escapeArg), k));
  } else {
    method = (s, a, k) => impl((s as Markup).text, a, k);
  }
  return new BoundMethod(self, name, method, 'Markup');
}
