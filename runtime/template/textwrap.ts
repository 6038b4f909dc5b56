// Python's textwrap.wrap() as Jinja2's `wordwrap` filter calls it (expand_tabs=False,
// replace_whitespace=False, drop_whitespace=True, no indents).
import { codePoints, cpLength } from './code-points.js';
import { valueError } from './render-errors.js';

const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const WORD_PUNCT = '[\\p{L}\\p{N}_!"\'&.,?]';
const LETTER = '[\\p{L}_]';
const WORDSEP_RE = new RegExp(
  `(${WS}+|(?<=${WORD_PUNCT})-{2,}(?=[\\p{L}\\p{N}_])|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}[\\p{L}\\p{N}_])))`,
  'u',
);

function isBlank(chunk: string): boolean {
  // Printable ASCII is never whitespace: most chunks are words, decided without the regex.
  const first = chunk.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return /^[\s]*$/u.test(chunk);
}

export function wrapText(text: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  if (width <= 0) throw valueError(`invalid width ${width} (must be > 0)`);
  const chunks = splitChunks(text, breakOnHyphens);
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let len = 0;
    if (isBlank(chunks[chunks.length - 1]!) && lines.length > 0) chunks.pop();
    while (chunks.length > 0) {
      const l = cpLength(chunks[chunks.length - 1]!);
      if (len + l > width) break;
      line.push(chunks.pop()!);
      len += l;
    }
    if (chunks.length > 0 && cpLength(chunks[chunks.length - 1]!) > width) {
      handleLongWord(chunks, line, len, width, breakLongWords, breakOnHyphens);
      len = line.reduce((n, c) => n + cpLength(c), 0);
    }
    if (line.length > 0 && isBlank(line[line.length - 1]!)) {
      len -= cpLength(line[line.length - 1]!);
      line.pop();
    }
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}

/**
 * Python's chunking (`wordsep_re` / `wordsep_simple_re`): whitespace runs and the words between. The hyphen-aware pattern's lookarounds
 * never see across whitespace, so it is applied only to the words that hold a `-`: on a 1 MiB text
 * the lookbehind-heavy pattern over every character was most of wordwrap's time.
 */
function splitChunks(text: string, breakOnHyphens: boolean): string[] {
  const chunks: string[] = [];
  let start = 0;
  let inSpace = text.length > 0 && isSeparator(text.charCodeAt(0));
  for (let i = 1; i <= text.length; i++) {
    const space = i < text.length && isSeparator(text.charCodeAt(i));
    if (i < text.length && space === inSpace) continue;
    const part = text.slice(start, i);
    if (!inSpace && breakOnHyphens && part.includes('-')) {
      for (const piece of part.split(WORDSEP_RE)) if (piece !== '' && piece !== undefined) chunks.push(piece);
    } else {
      chunks.push(part);
    }
    start = i;
    inSpace = space;
  }
  return chunks;
}

/** Python's textwrap whitespace: `[\t\n\x0b\x0c\r ]`. */
function isSeparator(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function handleLongWord(chunks: string[], line: string[], len: number, width: number, breakLongWords: boolean, breakOnHyphens: boolean): void {
  const spaceLeft = width < 1 ? 1 : width - len;
  if (breakLongWords) {
    // Only the head that fits is split into code points: a 1 MB word cut into lines stays linear.
    const word = chunks[chunks.length - 1]!;
    const headUnits = unitsOfCodePoints(word, spaceLeft + 1);
    const head = codePoints(word.slice(0, headUnits));
    let end = spaceLeft;
    if (breakOnHyphens && head.length > spaceLeft) {
      const hyphen = head.slice(0, spaceLeft).lastIndexOf('-');
      if (hyphen > 0 && head.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
    }
    const cut = unitsOfCodePoints(word, end);
    line.push(word.slice(0, cut));
    chunks[chunks.length - 1] = word.slice(cut);
  } else if (line.length === 0) {
    line.push(chunks.pop()!);
  }
}

/** UTF-16 length of the first `n` code points of `s` (all of it when shorter). */
function unitsOfCodePoints(s: string, n: number): number {
  let units = 0;
  for (let cps = 0; cps < n && units < s.length; cps++) {
    const c = s.charCodeAt(units);
    const next = units + 1 < s.length ? s.charCodeAt(units + 1) : 0;
    units += c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return units;
}
