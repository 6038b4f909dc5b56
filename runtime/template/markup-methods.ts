// The str methods of a Markup receiver, as markupsafe 3 defines them: a string result is Markup
// again (format, join, replace, strip, upper, …), with the arguments the vocabulary names escaped
// (replace's new text, fill characters, format's values, join's items); split-like methods give
// lists (or tuples) of Markup; every other method (find, startswith, count, …) is str's own.
import { BoundMethod } from './callables.js';
import type { Method } from './container-methods.js';
import { escapedText } from './markup.js';
import { Markup, isTuple, tuple } from './py-values.js';
import { iterate } from './sequences.js';
import { escapeHtml } from './html.js';
import { valueError } from './render-errors.js';
import { formatValue, pyStrFormat } from './str-format.js';
import { STR_METHODS, formatMap } from './str-methods.js';
import { MARKUP_RESULT_METHODS, MARKUP_SPLITTING_METHOD_NAMES } from './vocabulary.js';

/** Methods whose str result parts become Markup (markupsafe overrides them). */
const SPLITTING: ReadonlySet<string> = new Set(MARKUP_SPLITTING_METHOD_NAMES);

/** markupsafe's EscapeFormatter: a Markup field as it is (no format spec), any other formatted, then escaped. */
function escapeField(value: unknown, spec: string): string {
  if (value instanceof Markup) {
    if (spec !== '') throw valueError('Unsupported format specification for Markup.');
    return value.text;
  }
  return escapeHtml(formatValue(value, spec));
}

/** An argument used as written: a Markup argument is its text (Markup is a str). */
const asWritten = (a: unknown): unknown => (a instanceof Markup ? a.text : a);

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
  } else if (name === 'format') {
    method = (s, a, k) => new Markup(pyStrFormat((s as Markup).text, a, k, escapeField));
  } else if (name === 'format_map') {
    method = (s, a, k) => new Markup(formatMap((s as Markup).text, a, k, escapeField));
  } else if (Object.prototype.hasOwnProperty.call(MARKUP_RESULT_METHODS, name)) {
    const escaped = MARKUP_RESULT_METHODS[name]!;
    // markupsafe's self.escape(arg) takes any value (str() of it, escaped).
    const arg = (x: unknown, i: number): unknown => (escaped === 'all' || escaped.includes(i) ? escapedText(x) : asWritten(x));
    method = (s, a, k) => asMarkup(impl((s as Markup).text, a.map(arg), k));
  } else if (SPLITTING.has(name)) {
    method = (s, a, k) => asMarkup(impl((s as Markup).text, a.map(asWritten), k));
  } else {
    method = (s, a, k) => impl((s as Markup).text, a, k);
  }
  return new BoundMethod(self, name, method, 'Markup');
}
