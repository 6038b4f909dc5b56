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
    let end = spaceLeft;
    const chunk = codePoints(chunks[chunks.length - 1]!);
    if (breakOnHyphens && chunk.length > spaceLeft) {
      const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
      if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
    }
    line.push(chunk.slice(0, end).join(''));
    chunks[chunks.length - 1] = chunk.slice(end).join('');
  } else if (line.length === 0) {
    line.push(chunks.pop()!);
  }
}
