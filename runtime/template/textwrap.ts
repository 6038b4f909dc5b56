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
const WORDSEP_SIMPLE_RE = new RegExp(`(${WS}+)`, 'u');

function isBlank(chunk: string): boolean {
  return /^[\s]*$/u.test(chunk);
}

export function wrapText(text: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  if (width <= 0) throw valueError(`invalid width ${width} (must be > 0)`);
  const chunks = text.split(breakOnHyphens ? WORDSEP_RE : WORDSEP_SIMPLE_RE).filter((c) => c !== '' && c !== undefined);
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
