// HTML helpers behind Jinja2's escape, striptags, urlize and xmlattr filters (markupsafe and
// Python's html.unescape semantics).
import { HTML_ENTITIES } from './html-entities.js';
import { pySplit } from './python-str.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIALS = /[&<>"']/g;

function escapeSpecials(s: string): string {
  return s.replace(HTML_SPECIALS, (c) => ESCAPES[c]!);
}

/** markupsafe.escape() */
export function escapeHtml(s: string): string {
  // Short texts (ids, keys, codes) are checked faster char by char than through a regex call.
  if (s.length <= 8) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c <= 62 && (c === 38 || c === 60 || c === 62 || c === 34 || c === 39)) return escapeSpecials(s);
    }
    return s;
  }
  return HTML_SPECIAL.test(s) ? escapeSpecials(s) : s;
}

const INVALID_CHARREFS: ReadonlyMap<number, string> = new Map([
  [0x00, '\ufffd'], [0x0d, '\r'], [0x80, '\u20ac'], [0x81, '\x81'], [0x82, '\u201a'], [0x83, '\u0192'], [0x84, '\u201e'],
  [0x85, '\u2026'], [0x86, '\u2020'], [0x87, '\u2021'], [0x88, '\u02c6'], [0x89, '\u2030'], [0x8a, '\u0160'], [0x8b, '\u2039'],
  [0x8c, '\u0152'], [0x8d, '\x8d'], [0x8e, '\u017d'], [0x8f, '\x8f'], [0x90, '\x90'], [0x91, '\u2018'], [0x92, '\u2019'],
  [0x93, '\u201c'], [0x94, '\u201d'], [0x95, '\u2022'], [0x96, '\u2013'], [0x97, '\u2014'], [0x98, '\u02dc'], [0x99, '\u2122'],
  [0x9a, '\u0161'], [0x9b, '\u203a'], [0x9c, '\u0153'], [0x9d, '\x9d'], [0x9e, '\u017e'], [0x9f, '\u0178'],
]);

function isInvalidCodepoint(n: number): boolean {
  return (
    (n >= 0x1 && n <= 0x8) ||
    n === 0xb ||
    (n >= 0xe && n <= 0x1f) ||
    (n >= 0x7f && n <= 0x9f) ||
    (n >= 0xfdd0 && n <= 0xfdef) ||
    (n & 0xfffe) === 0xfffe
  );
}

/** Python's html.unescape(): HTML5 named and numeric character references. */
export function unescapeHtml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const num = parseInt(ref.slice(hex ? 2 : 1).replace(/;$/, ''), hex ? 16 : 10);
      const replacement = INVALID_CHARREFS.get(num);
      if (replacement !== undefined) return replacement;
      if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return '\ufffd';
      if (isInvalidCodepoint(num)) return '';
      return String.fromCodePoint(num);
    }
    const named = HTML_ENTITIES.get(ref);
    if (named !== undefined) return named;
    for (let x = ref.length - 1; x > 1; x--) {
      const prefix = HTML_ENTITIES.get(ref.slice(0, x));
      if (prefix !== undefined) return prefix + ref.slice(x);
    }
    return whole;
  });
}

/** markupsafe Markup.striptags(): drop comments and tags, collapse whitespace, unescape. */
export function stripTags(input: string): string {
  return unescapeHtml(pySplit(removeSpans(removeSpans(input, '<!--', '-->'), '<', '>'), null, -1).join(' '));
}

/**
 * markupsafe's loop `while (start = value.find(open)) and (end = value.find(close, start)):
 * value = value[:start] + value[end + len(close):]` in one left-to-right pass: what was kept
 * cannot hold `open` except across its last few characters, so each search resumes there
 * instead of at 0 and no removal copies the rest of the text (linear instead of quadratic).
 */
function removeSpans(input: string, open: string, close: string): string {
  let kept = '';
  let pos = 0;
  for (;;) {
    const start = findAcross(kept, input, pos, open, Math.max(0, kept.length - open.length + 1));
    if (start < 0) break;
    const end = findAcross(kept, input, pos, close, start);
    if (end < 0) break;
    const resume = pos + (end + close.length - kept.length);
    kept = start < kept.length ? kept.slice(0, start) : kept + input.slice(pos, pos + (start - kept.length));
    pos = resume;
  }
  return kept + input.slice(pos);
}

/** indexOf(needle, from) in `kept + input.slice(pos)` without building that string. */
function findAcross(kept: string, input: string, pos: number, needle: string, from: number): number {
  if (from < kept.length) {
    // Only a short tail of `kept` is ever searched: it is joined to the head of the rest.
    const window = kept.slice(from) + input.slice(pos, pos + needle.length - 1);
    const i = window.indexOf(needle);
    if (i >= 0) return from + i;
  }
  const j = input.indexOf(needle, pos + Math.max(0, from - kept.length));
  return j < 0 ? -1 : kept.length + (j - pos);
}

const HTTP_RE = new RegExp(
  '^(' +
    '(https?://|www\\.)(([\\p{L}\\p{N}_%-]+\\.)+)?([a-z]{2,63}|xn--[\\p{L}\\p{N}_%]{2,59})' +
    '|([\\p{L}\\p{N}_%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)' +
    '|(https?://)((([\\d]{1,3})(\\.[\\d]{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}\\]))' +
    ')(?::[\\d]{1,5})?(?:[/?#]\\S*)?$',
  'iu',
);
const EMAIL_RE = /^\S+@[\p{L}\p{N}_][\p{L}\p{N}_.-]*\.[\p{L}\p{N}_]+$/u;

/**
 * Where the run of `)`, `>`, `.`, `,`, newline and `&gt;` ending `s` starts (Jinja2's
 * `([)>.,\n]|&gt;)+$`), found from the end: the regex retries at every offset of a long word.
 */
function trailingPunctuationStart(s: string): number {
  let i = s.length;
  for (;;) {
    const c = s[i - 1];
    if (c === ')' || c === '>' || c === '.' || c === ',' || c === '\n') i -= 1;
    else if (s.endsWith('&gt;', i)) i -= 4;
    else return i;
  }
}

function countOf(s: string, sub: string): number {
  return s.split(sub).length - 1;
}

/**
 * Jinja2's utils.urlize() (defaults: rel="noopener", no target) over `escaped`, the text as
 * markupsafe.escape gives it (a Markup's text as it is, anything else HTML-escaped).
 */
export function urlize(escaped: string, trimUrlLimit: number | null, rel: string | null, target: string | null, extraSchemes: readonly string[] | null): string {
  const trim = (x: string): string => (trimUrlLimit !== null && Array.from(x).length > trimUrlLimit ? `${Array.from(x).slice(0, trimUrlLimit).join('')}...` : x);
  const words = escaped.split(/(\s+)/u);
  const relAttr = rel ? ` rel="${escapeHtml(rel)}"` : '';
  const targetAttr = target ? ` target="${escapeHtml(target)}"` : '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let head = '';
    let middle = word;
    let tail = '';
    const lead = /^(?:[(<]|&lt;)+/.exec(middle);
    if (lead !== null) {
      head = lead[0];
      middle = middle.slice(lead[0].length);
    }
    const trailFrom = trailingPunctuationStart(middle);
    if (trailFrom < middle.length) {
      tail = middle.slice(trailFrom);
      middle = middle.slice(0, trailFrom);
    }
    for (const [startChar, endChar] of [
      ['(', ')'],
      ['<', '>'],
      ['&lt;', '&gt;'],
    ] as const) {
      const startCount = countOf(middle, startChar);
      if (startCount <= countOf(middle, endChar)) continue;
      const moves = Math.min(startCount, countOf(tail, endChar));
      for (let n = 0; n < moves; n++) {
        const endIndex = tail.indexOf(endChar) + endChar.length;
        middle += tail.slice(0, endIndex);
        tail = tail.slice(endIndex);
      }
    }
    if (HTTP_RE.test(middle)) {
      const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
      middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
    } else if (middle.startsWith('mailto:') && EMAIL_RE.test(middle.slice(7))) {
      middle = `<a href="${middle}">${middle.slice(7)}</a>`;
    } else if (middle.includes('@') && !middle.startsWith('www.') && !middle.startsWith('@') && !middle.includes(':') && EMAIL_RE.test(middle)) {
      middle = `<a href="mailto:${middle}">${middle}</a>`;
    } else if (extraSchemes !== null) {
      for (const scheme of extraSchemes) {
        if (middle !== scheme && middle.startsWith(scheme)) middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`;
      }
    }
    words[i] = head + middle + tail;
  }
  return words.join('');
}
