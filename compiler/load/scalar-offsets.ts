// Maps each character of a parsed YAML/JSON string back to the source offset it came from, so a
// problem found at offset N inside a template can be reported at the exact file line:col.
//
// The decoding below mirrors the yaml package's own scalar resolution (compose/resolve-flow-scalar
// and compose/resolve-block-scalar) step by step, recording where every produced character came
// from: escapes map to their backslash, folded line breaks to the break that produced them,
// indentation is skipped. The caller compares the decoded text with the parsed value and falls
// back to the start of the value if they ever differ, so a mapping is never silently wrong.
import type { CST } from 'yaml';

/** Decoded text plus, for each character, its absolute source offset; `offsets[text.length]` is the end. */
export interface DecodedScalar {
  readonly text: string;
  readonly offsets: readonly number[];
}

class Builder {
  text = '';
  readonly offsets: number[] = [];
  push(chars: string, offset: number): void {
    for (let k = 0; k < chars.length; k++) {
      this.text += chars[k];
      this.offsets.push(offset);
    }
  }
  /** Characters copied from the source: each keeps its own offset. */
  copy(source: string, from: number, to: number, base: number): void {
    for (let k = from; k < to; k++) {
      this.text += source[k];
      this.offsets.push(base + k);
    }
  }
  finish(end: number): DecodedScalar {
    return { text: this.text, offsets: [...this.offsets, end] };
  }
}

export function decodeScalarToken(token: CST.FlowScalar | CST.BlockScalar): DecodedScalar | null {
  switch (token.type) {
    case 'scalar':
      return decodePlain(token.source, token.offset);
    case 'single-quoted-scalar':
      return decodeSingleQuoted(token.source, token.offset);
    case 'double-quoted-scalar':
      return decodeDoubleQuoted(token.source, token.offset);
    case 'block-scalar':
      return decodeBlock(token);
    default:
      return null;
  }
}

const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

interface LineSpan {
  readonly start: number; // offset of the first character of the line within the source
  readonly end: number; // offset of its line break (\r\n or \n), or the source length
}

/** Splits at \n (with an optional preceding \r), as YAML's unfoldLines does. */
function lineSpans(source: string): LineSpan[] {
  const spans: LineSpan[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\n') {
      const end = i > start && source[i - 1] === '\r' ? i - 1 : i;
      spans.push({ start, end });
      start = i + 1;
    }
  }
  spans.push({ start, end: source.length });
  return spans;
}

/**
 * Flow-scalar line folding (plain and single-quoted): trailing blanks of the first line and
 * leading blanks of the last are dropped, inner lines are trimmed both ways, one line break
 * becomes a space and n breaks become n-1 newlines.
 */
function unfold(out: Builder, source: string, base: number): void {
  const spans = lineSpans(source);
  if (spans.length === 1) {
    out.copy(source, 0, source.length, base);
    return;
  }
  const first = spans[0]!;
  let firstEnd = first.end;
  while (firstEnd > first.start && isBlank(source[firstEnd - 1])) firstEnd--;
  out.copy(source, first.start, firstEnd, base);
  let sep = ' ';
  let sepAt = base + first.end;
  for (let n = 1; n < spans.length - 1; n++) {
    const { start, end } = spans[n]!;
    let from = start;
    let to = end;
    while (from < to && isBlank(source[from])) from++;
    while (to > from && isBlank(source[to - 1])) to--;
    if (from === to) {
      // An empty line: one more newline; the pending separator now stands for this line.
      if (sep === '\n') out.push('\n', base + start);
      else sep = '\n';
      sepAt = base + start;
    } else {
      out.push(sep, sepAt);
      out.copy(source, from, to, base);
      sep = ' ';
      sepAt = base + end;
    }
  }
  const last = spans[spans.length - 1]!;
  let from = last.start;
  while (from < last.end && isBlank(source[from])) from++;
  out.push(sep, sepAt);
  out.copy(source, from, source.length, base);
}

function decodePlain(source: string, base: number): DecodedScalar {
  const out = new Builder();
  unfold(out, source, base);
  return out.finish(base + source.length);
}

function decodeSingleQuoted(source: string, base: number): DecodedScalar {
  const inner = new Builder();
  unfold(inner, source.slice(1, -1), base + 1);
  // '' is one quote; it maps to the first of the two.
  const out = new Builder();
  for (let k = 0; k < inner.text.length; k++) {
    out.push(inner.text[k]!, inner.offsets[k]!);
    if (inner.text[k] === "'" && inner.text[k + 1] === "'") k++;
  }
  return out.finish(base + source.length - 1);
}

const escapeCodes: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

function decodeDoubleQuoted(source: string, base: number): DecodedScalar | null {
  const out = new Builder();
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i]!;
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      // Fold: blank-only continuation lines count as extra breaks; one break is a space.
      const at = i;
      let fold = '';
      let next = source[i + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && source[i + 2] !== '\n') break;
        if (next === '\n') fold += '\n';
        i += 1;
        next = source[i + 1];
      }
      out.push(fold || ' ', base + at);
    } else if (ch === '\\') {
      const at = i;
      let next = source[++i];
      const code = next === undefined ? undefined : escapeCodes[next];
      if (code !== undefined) out.push(code, base + at);
      else if (next === '\n') {
        // An escaped line break joins the lines without a space and trims the next line.
        next = source[i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === '\r' && source[i + 1] === '\n') {
        next = source[++i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = source.substr(i + 1, length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) return null;
        out.push(String.fromCodePoint(parseInt(hex, 16)), base + at);
        i += length;
      } else {
        return null; // an invalid escape is a parse error: files with errors are never mapped
      }
    } else if (ch === ' ' || ch === '\t') {
      // Blanks before a line break are dropped; others are kept.
      const wsStart = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) out.copy(source, wsStart, i + 1, base);
    } else {
      out.push(ch, base + i);
    }
  }
  return out.finish(base + source.length - 1);
}

interface BlockLine {
  readonly indent: number; // number of leading spaces
  readonly content: string; // the rest of the line (may end with \r)
  readonly start: number; // absolute offset of the line's first character
}

function decodeBlock(token: CST.BlockScalar): DecodedScalar | null {
  const header = token.props[0];
  if (header?.type !== 'block-scalar-header') return null;
  const mode = header.source[0];
  let indicator = 0;
  let chomp = '';
  for (const ch of header.source.slice(1)) {
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else if (!indicator && Number(ch)) indicator = Number(ch);
  }
  let headerLength = 0;
  for (const prop of token.props) headerLength += 'source' in prop && typeof prop.source === 'string' ? prop.source.length : 0;
  const base = token.offset + headerLength;
  const source = token.source;

  const lines: BlockLine[] = [];
  if (source) {
    let start = 0;
    for (const raw of source.split('\n')) {
      let indent = 0;
      while (raw[indent] === ' ') indent++;
      lines.push({ indent, content: raw.slice(indent), start: base + start });
      start += raw.length + 1;
    }
  }
  const out = new Builder();
  const isEmptyContent = (c: string) => c === '' || c === '\r';
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (isEmptyContent(lines[i]!.content)) chompStart = i;
    else break;
  }
  const end = base + source.length;
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) out.push('\n'.repeat(Math.max(1, lines.length - 1)), base);
    return out.finish(end);
  }
  let trimIndent = token.indent + indicator;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const line = lines[i]!;
    if (isEmptyContent(line.content)) {
      if (indicator === 0 && line.indent > trimIndent) trimIndent = line.indent;
    } else {
      if (indicator === 0) trimIndent = line.indent;
      contentStart = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i]!.indent > trimIndent) chompStart = i + 1;
  }
  const lineEnd = (line: BlockLine) => line.start + line.indent + line.content.length;
  const pushIndentTail = (line: BlockLine) => {
    for (let k = trimIndent; k < line.indent; k++) out.push(' ', line.start + k);
  };
  // Leading empty lines keep whatever indentation exceeds the content indentation.
  for (let i = 0; i < contentStart; ++i) {
    pushIndentTail(lines[i]!);
    out.push('\n', lineEnd(lines[i]!));
  }
  let sep = '';
  let sepAt = base;
  let prevMoreIndented = false;
  for (let i = contentStart; i < chompStart; ++i) {
    const line = lines[i]!;
    const content = line.content.endsWith('\r') ? line.content.slice(0, -1) : line.content;
    if (content && line.indent < trimIndent) return null; // less indented than the block: a parse error
    const contentAt = line.start + line.indent;
    let producedLine = true;
    if (mode === '|') {
      out.push(sep, sepAt);
      pushIndentTail(line);
      out.copy(content, 0, content.length, contentAt);
      sep = '\n';
    } else if (line.indent > trimIndent || content[0] === '\t') {
      // More-indented lines of a folded block keep their line breaks.
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      out.push(sep, sepAt);
      pushIndentTail(line);
      out.copy(content, 0, content.length, contentAt);
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') out.push('\n', line.start);
      else sep = '\n';
      sepAt = line.start;
      producedLine = false;
    } else {
      out.push(sep, sepAt);
      out.copy(content, 0, content.length, contentAt);
      sep = ' ';
      prevMoreIndented = false;
    }
    // The next separator stands for this line's break (empty folded lines only add newlines).
    if (producedLine) sepAt = lineEnd(line);
  }
  const lastContent = lines[chompStart - 1];
  const tailAt = lastContent ? lineEnd(lastContent) : base;
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) {
      out.push('\n', lineEnd(lines[i - 1]!));
      pushIndentTail(lines[i]!);
    }
    if (!out.text.endsWith('\n')) out.push('\n', tailAt);
  } else if (chomp !== '-') {
    out.push('\n', tailAt);
  }
  // The end of the value is the end of its last content line (or of the newlines kept after it),
  // not the start of the next key.
  const lastOffset = out.offsets[out.offsets.length - 1];
  return out.finish(lastOffset === undefined ? tailAt : Math.max(tailAt, lastOffset + 1));
}
