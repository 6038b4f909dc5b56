// Python str operations with Python's definitions of whitespace, case and line breaks, indexing
// by code point. Shared by string methods (`s.split()`) and filters (`|trim`, `|center`, ...).
import { codePoints, cpLength, hasSurrogates, sliceIndices } from './code-points.js';
import { valueError } from './render-errors.js';
import { chargeBytes, repeated } from './render-budget.js';

/** str.isspace() for one code point. */
export function isSpaceChar(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

function stripWith(s: string, left: boolean, right: boolean, isStripped: (c: string) => boolean): string {
  const chars = hasSurrogates(s) ? codePoints(s) : null;
  const items: readonly string[] = chars ?? (s as unknown as string[]);
  let start = 0;
  let end = items.length;
  if (left) while (start < end && isStripped(items[start]!)) start++;
  if (right) while (end > start && isStripped(items[end - 1]!)) end--;
  return chars ? chars.slice(start, end).join('') : s.slice(start, end);
}

/** str.strip/lstrip/rstrip(chars=None) */
export function pyStrip(s: string, chars: string | null, mode: 'both' | 'left' | 'right' = 'both'): string {
  const left = mode !== 'right';
  const right = mode !== 'left';
  if (chars === null) {
    // Whitespace is never a surrogate: scan UTF-16 units directly.
    let start = 0;
    let end = s.length;
    if (left) while (start < end && isSpaceChar(s.charCodeAt(start))) start++;
    if (right) while (end > start && isSpaceChar(s.charCodeAt(end - 1))) end--;
    return start === 0 && end === s.length ? s : s.slice(start, end);
  }
  const set = new Set(codePoints(chars));
  return stripWith(s, left, right, (c) => set.has(c));
}

/** str.split(sep=None, maxsplit=-1) */
export function pySplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (sep === null) return splitWhitespace(s, maxsplit);
  if (sep === '') throw valueError('empty separator');
  const out: string[] = [];
  let pos = 0;
  while (maxsplit < 0 || out.length < maxsplit) {
    const i = s.indexOf(sep, pos);
    if (i < 0) break;
    out.push(s.slice(pos, i));
    pos = i + sep.length;
  }
  out.push(s.slice(pos));
  return out;
}

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  for (;;) {
    while (i < n && isSpaceChar(s.charCodeAt(i))) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length >= maxsplit) {
      // The remainder keeps its trailing whitespace, as CPython's split does.
      out.push(s.slice(i));
      break;
    }
    let j = i;
    while (j < n && !isSpaceChar(s.charCodeAt(j))) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

/** str.rsplit(sep=None, maxsplit=-1) */
export function pyRsplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  if (sep === '') throw valueError('empty separator');
  const out: string[] = [];
  if (sep === null) {
    let end = s.length;
    for (;;) {
      while (end > 0 && isSpaceChar(s.charCodeAt(end - 1))) end--;
      if (end <= 0) break;
      if (out.length >= maxsplit) {
        out.push(s.slice(0, end));
        break;
      }
      let j = end;
      while (j > 0 && !isSpaceChar(s.charCodeAt(j - 1))) j--;
      out.push(s.slice(j, end));
      end = j;
    }
    return out.reverse();
  }
  let end = s.length;
  while (out.length < maxsplit) {
    const i = s.lastIndexOf(sep, end - sep.length);
    if (i < 0 || end - sep.length < 0) break;
    out.push(s.slice(i + sep.length, end));
    end = i;
  }
  out.push(s.slice(0, end));
  return out.reverse();
}

/** str.splitlines(keepends=False) */
export function pySplitlines(s: string, keepends: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (!LINE_BREAKS.has(c)) {
      i++;
      continue;
    }
    let eol = i + 1;
    if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) eol++;
    out.push(s.slice(start, keepends ? eol : i));
    start = eol;
    i = eol;
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

const CASED = /[\p{Lowercase}\p{Uppercase}\p{Lt}]/u;
const LOWER_OR_TITLE = /[\p{Lowercase}\p{Lt}]/u;
const UPPER_OR_TITLE = /[\p{Uppercase}\p{Lt}]/u;

function isCased(c: string): boolean {
  return CASED.test(c);
}

export function pyIsLower(s: string): boolean {
  return /\p{Lowercase}/u.test(s) && !UPPER_OR_TITLE.test(s);
}

export function pyIsUpper(s: string): boolean {
  return /\p{Uppercase}/u.test(s) && !LOWER_OR_TITLE.test(s);
}

/** str.title(): uppercase after a non-cased character, lowercase after a cased one. */
export function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const c of s) {
    out += prevCased ? c.toLowerCase() : titleCase(c);
    prevCased = isCased(c);
  }
  return out;
}

/** Title case of one character (upper case except for the few digraphs with a title form). */
function titleCase(c: string): string {
  switch (c) {
    case 'ǆ':
    case 'ǅ':
    case 'Ǆ':
      return 'ǅ';
    case 'ǉ':
    case 'ǈ':
    case 'Ǉ':
      return 'ǈ';
    case 'ǌ':
    case 'ǋ':
    case 'Ǌ':
      return 'ǋ';
    case 'ǳ':
    case 'ǲ':
    case 'Ǳ':
      return 'ǲ';
    case 'ß':
      return 'Ss';
    default:
      return c.toUpperCase();
  }
}

export function pyIsTitle(s: string): boolean {
  let cased = false;
  let prevCased = false;
  for (const c of s) {
    if (UPPER_OR_TITLE.test(c)) {
      if (prevCased) return false;
      prevCased = true;
      cased = true;
    } else if (/\p{Lowercase}/u.test(c)) {
      if (!prevCased) return false;
      prevCased = true;
      cased = true;
    } else {
      prevCased = false;
    }
  }
  return cased;
}

const UPPER_ASCII: readonly string[] = Array.from({ length: 26 }, (_, i) => String.fromCharCode(0x41 + i));

/** str.capitalize(): first character title-cased, the rest lower-cased (Python ≥ 3.8). */
export function pyCapitalize(s: string): string {
  if (s === '') return s;
  const c = s.charCodeAt(0);
  if (c < 0x80) {
    const first = c >= 0x61 && c <= 0x7a ? UPPER_ASCII[c - 0x61]! : s[0]!;
    return first + s.slice(1).toLowerCase();
  }
  const first = String.fromCodePoint(s.codePointAt(0)!);
  return titleCase(first) + s.slice(first.length).toLowerCase();
}

export function pySwapcase(s: string): string {
  let out = '';
  for (const c of s) {
    if (/\p{Uppercase}/u.test(c)) out += c.toLowerCase();
    else if (/\p{Lowercase}/u.test(c)) out += c.toUpperCase();
    else out += c;
  }
  return out;
}

/** str.center(width, fill): CPython puts the extra space on the left when width and padding are odd. */
export function pyCenter(s: string, width: number, fill = ' '): string {
  const len = cpLength(s);
  if (width <= len) return s;
  const marg = width - len;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return repeated(fill, left) + s + repeated(fill, marg - left);
}

export function pyLjust(s: string, width: number, fill = ' '): string {
  const len = cpLength(s);
  return width <= len ? s : s + repeated(fill, width - len);
}

export function pyRjust(s: string, width: number, fill = ' '): string {
  const len = cpLength(s);
  return width <= len ? s : repeated(fill, width - len) + s;
}

export function pyZfill(s: string, width: number): string {
  const len = cpLength(s);
  if (width <= len) return s;
  const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
  return sign + repeated('0', width - len) + s.slice(sign.length);
}

/** Converts Python (start, end) code-point bounds to UTF-16 offsets of `s`. */
function unitBounds(s: string, start: number | null, end: number | null): [number, number, (unit: number) => number] {
  if (!hasSurrogates(s)) {
    const [lo, hi] = sliceIndices(s.length, start, end, 1);
    return [lo, Math.max(lo, hi), (unit) => unit];
  }
  const cps = codePoints(s);
  const [lo, hi] = sliceIndices(cps.length, start, end, 1);
  const offsets: number[] = [0];
  for (const c of cps) offsets.push(offsets[offsets.length - 1]! + c.length);
  const toCp = (unit: number): number => offsets.indexOf(unit);
  return [offsets[lo]!, offsets[Math.max(lo, hi)]!, toCp];
}

/** str.find(sub, start, end) → code-point index or -1. */
export function pyFind(s: string, sub: string, start: number | null, end: number | null, fromRight: boolean): number {
  const [lo, hi, toCp] = unitBounds(s, start, end);
  if (sub === '') return start !== null && start > cpLength(s) ? -1 : toCp(fromRight ? hi : lo);
  if (hi - lo < sub.length) return -1;
  const window = s.slice(lo, hi);
  const i = fromRight ? window.lastIndexOf(sub) : window.indexOf(sub);
  return i < 0 ? -1 : toCp(lo + i);
}

/** str.count(sub, start, end) */
export function pyCount(s: string, sub: string, start: number | null, end: number | null): number {
  const [lo, hi] = unitBounds(s, start, end);
  if (hi - lo < sub.length) return 0;
  const window = s.slice(lo, hi);
  if (sub === '') return cpLength(window) + 1;
  let n = 0;
  let pos = 0;
  for (;;) {
    const i = window.indexOf(sub, pos);
    if (i < 0) return n;
    n++;
    pos = i + sub.length;
  }
}

/** str.replace(old, new, count=-1), inserting between code points for an empty `old`. */
export function pyReplace(s: string, old: string, replacement: string, count: number): string {
  if (count === 0) return s;
  if (old === '') {
    chargeBytes(replacement.length * (count < 0 ? s.length + 1 : Math.min(count, s.length + 1)));
    const cps = codePoints(s);
    let out = '';
    let done = 0;
    for (let i = 0; i <= cps.length; i++) {
      if (count < 0 || done < count) {
        out += replacement;
        done++;
      }
      if (i < cps.length) out += cps[i];
    }
    return out;
  }
  // An indexOf loop: cheaper here than replaceAll/split+join for the short strings templates see.
  let i = s.indexOf(old);
  if (i < 0) return s;
  let out = '';
  let pos = 0;
  for (let done = 0; i >= 0 && (count < 0 || done < count); done++) {
    chargeBytes(replacement.length);
    out += s.substring(pos, i) + replacement;
    pos = i + old.length;
    i = s.indexOf(old, pos);
  }
  return pos < s.length ? out + s.substring(pos) : out;
}

export function pyExpandtabs(s: string, tabsize: number): string {
  let out = '';
  let col = 0;
  for (const c of s) {
    if (c === '\t') {
      if (tabsize > 0) {
        const spaces = tabsize - (col % tabsize);
        out += repeated(' ', spaces);
        col += spaces;
      }
    } else {
      out += c;
      col = c === '\n' || c === '\r' ? 0 : col + 1;
    }
  }
  return out;
}
