// Jinja2 filters over text.
import { asInt } from './arg-checks.js';
import type { KwArgs } from './callables.js';
import { codePoints, cpLength } from './code-points.js';
import { truthy } from './compare.js';
import { escapeHtml, stripTags, urlize } from './html.js';
import { percentFormat } from './percent-format.js';
import { pformat } from './pprint.js';
import { Markup, tuple } from './py-values.js';
import { isSpaceChar, pyCapitalize, pyCenter, pyReplace, pyRsplit, pySplitlines, pyStrip } from './python-str.js';
import { renderError, typeError, valueError } from './render-errors.js';
import { pyTypeName, str } from './python-repr.js';
import { iterate, isIterable, len } from './sequences.js';
import { wrapText } from './textwrap.js';
import { chargeBytes, chargeWork, chargeTextWork } from './render-budget.js';
import { Undefined } from './undefined.js';
import { repeated } from './render-budget.js';

/** The str a filter reads, charged to the render budget (a unit per UTF-16 unit it will walk). */
function text(x: unknown): string {
  const s = x instanceof Markup ? x.text : str(x);
  chargeTextWork(s.length);
  return s;
}

/** A value Jinja2 uses as a str without converting it (`s.splitlines()`, `s += '\n'`). */
function strictText(x: unknown, what: string): string {
  if (typeof x === 'string') return charged(x);
  if (x instanceof Markup) return charged(x.text);
  throw typeError(`${what}: expected str, got '${pyTypeName(x)}'`);
}

function charged(s: string): string {
  chargeTextWork(s.length);
  return s;
}

/** Lines joined by a separator, the separator's copies charged before the join allocates them. */
function joinCharged(lines: readonly string[], sep: string): string {
  chargeBytes(sep.length * lines.length);
  return lines.join(sep);
}

export function doUpper(s: unknown): string {
  return (typeof s === 'string' ? s : text(s)).toUpperCase();
}

export function doLower(s: unknown): string {
  return (typeof s === 'string' ? s : text(s)).toLowerCase();
}

export function doCapitalize(s: unknown): string {
  return pyCapitalize(text(s));
}

/** Jinja2's title: upper-cases the first letter of each word split at `-`, whitespace and opening brackets. */
export function doTitle(s: unknown): string {
  const input = text(s);
  let out = '';
  let i = 0;
  while (i < input.length) {
    // A run of separators (kept as they are), then a word: first character upper, rest lower.
    let j = i;
    while (j < input.length && isTitleSeparator(input.charCodeAt(j))) j++;
    out += input.slice(i, j);
    if (j >= input.length) break;
    let k = j;
    while (k < input.length && !isTitleSeparator(input.charCodeAt(k))) k++;
    const first = String.fromCodePoint(input.codePointAt(j)!);
    out += first.toUpperCase() + input.slice(j + first.length, k).toLowerCase();
    i = k;
  }
  return out;
}

/** Jinja2's `[-\s({\[<]` word boundary (\s: Python's Unicode whitespace). */
function isTitleSeparator(c: number): boolean {
  return c === 0x2d || c === 0x28 || c === 0x7b || c === 0x5b || c === 0x3c || isSpaceChar(c);
}

export function doCenter(value: unknown, width: unknown = 80): string {
  return pyCenter(text(value), asInt(width, 'width'));
}

export function doTrim(value: unknown, chars: unknown = null): string {
  return pyStrip(text(value), chars === null ? null : strictText(chars, 'strip arg'), 'both');
}

export function doReplace(s: unknown, old: unknown, replacement: unknown, count: unknown = null): string {
  return pyReplace(text(s), str(old), str(replacement), count === null ? -1 : asInt(count, 'count'));
}

export function doFormat(value: unknown, args: readonly unknown[], kwargs: KwArgs): string | Markup {
  const hasKw = kwargs !== null && kwargs.size > 0;
  if (args.length > 0 && hasKw) throw renderError('filter-argument', "can't handle positional and keyword arguments at the same time");
  const fmt = text(value);
  // Jinja2's soft_str(value) % args: a Markup format escapes its fields and stays Markup.
  const out = percentFormat(fmt, hasKw ? new Map(kwargs) : tuple([...args]), value instanceof Markup);
  return value instanceof Markup ? new Markup(out) : out;
}

export function doStriptags(value: unknown): string {
  return stripTags(text(value));
}

export function doWordcount(s: unknown): number {
  return (text(s).match(/[\p{L}\p{N}_]+/gu) ?? []).length;
}

export function doIndent(s: unknown, width: unknown = 4, first: unknown = false, blank: unknown = false): string {
  const indention = typeof width === 'string' ? width : width instanceof Markup ? width.text : repeated(' ', Math.max(0, asInt(width, 'width')));
  const body = `${strictText(s, 'indent')}\n`;
  let rv: string;
  const lines = pySplitlines(body, false);
  chargeBytes(indention.length * lines.length);
  if (truthy(blank)) {
    rv = lines.join(`\n${indention}`);
  } else {
    rv = lines.shift() ?? '';
    if (lines.length > 0) rv += `\n${lines.map((line) => (line ? indention + line : line)).join('\n')}`;
  }
  return truthy(first) ? indention + rv : rv;
}

export function doTruncate(s: unknown, length: unknown = 255, killwords: unknown = false, end: unknown = '...', leeway: unknown = null): unknown {
  const lw = leeway === null ? 5 : asInt(leeway, 'leeway');
  const max = asInt(length, 'length');
  const endText = strictText(end, 'end');
  const endLen = cpLength(endText);
  if (max < endLen) throw renderError('assertion', `expected length >= ${endLen}, got ${max}`);
  if (lw < 0) throw renderError('assertion', `expected leeway >= 0, got ${lw}`);
  if (s instanceof Undefined) throw s.error();
  if (len(s) <= max + lw) return s;
  const chars = codePoints(strictText(s, 'truncate'));
  const head = chars.slice(0, Math.max(0, max - endLen)).join('');
  if (truthy(killwords)) return head + endText;
  return pyRsplit(head, ' ', 1)[0]! + endText;
}

export function doWordwrap(s: unknown, width: unknown = 79, breakLongWords: unknown = true, wrapstring: unknown = null, breakOnHyphens: unknown = true): string {
  const sep = wrapstring === null ? '\n' : strictText(wrapstring, 'wrapstring');
  const w = asInt(width, 'width');
  const lines = pySplitlines(strictText(s, 'wordwrap'), false);
  return joinCharged(
    lines.map((line) => joinCharged(wrapText(line, w, truthy(breakLongWords), truthy(breakOnHyphens)), sep)),
    sep,
  );
}

const EXTRA_ESCAPE = /[!'()*]/;
const EXTRA_ESCAPES = /[!'()*]/g;

/** Jinja2's url_quote: percent-encode the UTF-8 bytes; `/` stays unless for a query string (then space is '+'). */
function urlQuote(value: unknown, forQs: boolean): string {
  let quoted: string;
  try {
    // encodeURIComponent leaves A-Z a-z 0-9 - _ . ~ and !'()* alone; Python's quote only the former.
    quoted = encodeURIComponent(text(value));
  } catch {
    throw valueError("'utf-8' codec can't encode a lone surrogate");
  }
  if (EXTRA_ESCAPE.test(quoted)) quoted = quoted.replace(EXTRA_ESCAPES, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (forQs) return quoted.includes('%20') ? quoted.replaceAll('%20', '+') : quoted;
  return quoted.includes('%2F') ? quoted.replaceAll('%2F', '/') : quoted;
}

/** urlencode of one value (not pairs): its text is only A-Z a-z 0-9 % - _ . ~ / */
function isSingleUrlValue(value: unknown): boolean {
  return typeof value === 'string' || value instanceof Markup || !isIterable(value);
}

export function doUrlencode(value: unknown): string {
  if (isSingleUrlValue(value)) return urlQuote(value, false);
  const pairs = value instanceof Map ? [...value] : iterate(value).map((pair) => iterate(pair));
  return pairs
    .map((pair) => {
      if (pair.length !== 2) throw valueError(`too many values to unpack (expected 2)`);
      return `${urlQuote(pair[0], true)}=${urlQuote(pair[1], true)}`;
    })
    .join('&');
}

/** `{{ x|urlencode }}` printed with autoescaping: a quoted value has nothing to escape, pairs have their `&`. */
export function urlencodeEscapedText(value: unknown): string {
  return isSingleUrlValue(value) ? urlQuote(value, false) : escapeHtml(doUrlencode(value));
}

export function doUrlize(value: unknown, trimUrlLimit: unknown = null, nofollow: unknown = false, target: unknown = null, rel: unknown = null, extraSchemes: unknown = null): string {
  const relParts = new Set((rel === null ? '' : text(rel)).split(/\s+/u).filter((p) => p !== ''));
  if (truthy(nofollow)) relParts.add('nofollow');
  relParts.add('noopener');
  const relText = [...relParts].sort().join(' ') || null;
  const schemes = extraSchemes === null ? null : iterate(extraSchemes).map((x) => text(x));
  for (const scheme of schemes ?? []) {
    if (!/^[\p{L}\p{N}_.+-]{2,}:(\/){0,2}$/u.test(scheme)) throw renderError('filter-argument', `'${scheme}' is not a valid URI scheme prefix.`);
  }
  const limit = trimUrlLimit === null ? null : asInt(trimUrlLimit, 'trim_url_limit');
  // markupsafe.escape(value): a Markup is not escaped again.
  const source = text(value);
  return urlize(value instanceof Markup ? source : escapeHtml(source), limit, relText, target === null ? null : text(target), schemes);
}

export function doXmlattr(d: unknown, autospace: unknown = true): string {
  if (!(d instanceof Map)) throw typeError(`'${pyTypeName(d)}' object has no attribute 'items'`);
  const items: string[] = [];
  for (const [key, value] of d) {
    if (value === null || value instanceof Undefined) continue;
    const k = strictText(key, 'xmlattr key');
    if (/[ \t\n\r\f\v/>=]/.test(k)) throw valueError(`Invalid character in attribute name: '${k}'`);
    items.push(`${escapeHtml(k)}="${value instanceof Markup ? value.text : escapeHtml(str(value))}"`);
  }
  const rv = items.join(' ');
  return truthy(autospace) && rv !== '' ? ` ${rv}` : rv;
}

export function doPprint(value: unknown): string {
  return pformat(value);
}

