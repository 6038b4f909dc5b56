// Splits Jinja2 template text into tokens the way Jinja2 3.1's lexer does (default delimiters,
// trim_blocks/lstrip_blocks off, keep_trailing_newline off). nunjucks' own lexer differs from
// Jinja2 in ways that change output or meaning (regex literals `r/…/`, `}}` inside dict literals,
// `#}` in plain text, string escapes, `1_000`/`0x1F`/`1e5` numbers, `===`), so templates are
// tokenized here and the parser (./parse-grammar.ts) builds the typed AST (./ast.ts).

export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Decoded value: the text for data/name/operator, the unescaped string for string tokens. */
  readonly value: string;
  /** Source text of number literals (int vs float and big ints are decided from it). */
  readonly raw?: string;
  /** 0-based position in the (newline-normalised) template text. */
  readonly line: number;
  readonly col: number;
}

export class TemplateLexError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

/** Python's str.isspace() set: what `\s` and str.rstrip() use in Jinja2's lexer. */
export function isPythonSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

function rstripPython(text: string): string {
  let end = text.length;
  while (end > 0 && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

function skipPythonSpace(text: string, pos: number): number {
  while (pos < text.length && isPythonSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** Jinja2 normalises every newline to `\n` and drops one trailing newline before lexing. */
export function normalizeTemplateSource(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER_RE = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
// \w plus the identifier characters \w misses (℘ ℮ ·), as Jinja2's name pattern.
const NAME_RE = /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}\p{ID_Continue}]+/uy;
const IDENTIFIER_RE = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const STRING_RE = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
/** Jinja2's operators: a two-character one wins over its first character. */
const TWO_CHAR_OPERATORS: ReadonlySet<string> = new Set(['//', '**', '==', '!=', '>=', '<=']);
const ONE_CHAR_OPERATORS: ReadonlySet<string> = new Set(['+', '-', '/', '*', '%', '~', '[', ']', '(', ')', '{', '}', '>', '<', '=', '.', ':', '|', ',', ';']);

function isAsciiNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isAsciiNamePart(code: number): boolean {
  return isAsciiNameStart(code) || (code >= 48 && code <= 57);
}
const CLOSING: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const RAW_BEGIN_RE = /\{%[-+]?\s*raw\s*(?:-%\}|%\})/y;
const RAW_END_RE = /\{%([-+]?)\s*endraw\s*(?:\+%\}|-%\}|%\})/g;

/**
 * Decodes a string literal body as Python's `unicode-escape` codec does after Jinja2's
 * `encode("ascii", "backslashreplace")`: \n \t \\ \' \" \xhh \uXXXX \UXXXXXXXX octal, a
 * backslash-newline continues the line, unknown escapes stay as written.
 */
export function decodeStringLiteral(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new Error('\\ at end of string');
    i += 2;
    switch (next) {
      case '\n':
        break;
      case '\\':
        out += '\\';
        break;
      case "'":
        out += "'";
        break;
      case '"':
        out += '"';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
      case 'u':
      case 'U': {
        const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = body.slice(i, i + width);
        if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
          throw new Error(`truncated \\${next}${'X'.repeat(width)} escape`);
        }
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw new Error('illegal Unicode character');
        out += String.fromCodePoint(code);
        i += width;
        break;
      }
      case 'N':
        throw new Error('\\N{...} escapes are not supported');
      default:
        if (next >= '0' && next <= '7') {
          let digits = next;
          while (digits.length < 3 && body[i] !== undefined && body[i]! >= '0' && body[i]! <= '7') digits += body[i++];
          out += String.fromCodePoint(parseInt(digits, 8));
        } else if (next.charCodeAt(0) > 0x7f) {
          // backslashreplace turned the character into an escape, whose backslash was consumed
          // by this one: Python keeps `\` plus the escape's text.
          const cp = body.codePointAt(i - 1)!;
          const width = cp < 0x100 ? 2 : cp < 0x10000 ? 4 : 8;
          const letter = cp < 0x100 ? 'x' : cp < 0x10000 ? 'u' : 'U';
          out += `\\${letter}${cp.toString(16).padStart(width, '0')}`;
          if (cp > 0xffff) i++;
        } else {
          out += `\\${next}`;
        }
    }
  }
  return out;
}

class Lexer {
  private pos = 0;
  private line = 0;
  private col = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly src: string) {}

  private advanceTo(target: number): void {
    const { src } = this;
    while (this.pos < target) {
      if (src.charCodeAt(this.pos) === 10) {
        this.line++;
        this.col = 0;
      } else {
        this.col++;
      }
      this.pos++;
    }
  }

  private fail(message: string): never {
    throw new TemplateLexError(message, this.line, this.col);
  }

  private push(type: TokenType, value: string, line: number, col: number, raw?: string): void {
    this.tokens.push(raw === undefined ? { type, value, line, col } : { type, value, raw, line, col });
  }

  private emitData(text: string, line: number, col: number): void {
    if (text !== '') this.push('data', text, line, col);
  }

  run(): Token[] {
    const { src } = this;
    const TAG = /\{([{%#])([-+]?)/g;
    while (this.pos < src.length) {
      TAG.lastIndex = this.pos;
      const m = TAG.exec(src);
      const dataLine = this.line;
      const dataCol = this.col;
      if (m === null) {
        this.emitData(src.slice(this.pos), dataLine, dataCol);
        this.advanceTo(src.length);
        break;
      }
      const kind = m[1]!;
      const sign = m[2]!;
      let text = src.slice(this.pos, m.index);
      if (sign === '-') text = rstripPython(text);
      this.emitData(text, dataLine, dataCol);
      this.advanceTo(m.index);
      if (kind === '%') {
        RAW_BEGIN_RE.lastIndex = m.index;
        const raw = RAW_BEGIN_RE.exec(src);
        if (raw !== null) {
          this.lexRaw(raw);
          continue;
        }
      }
      if (kind === '#') this.lexComment(m.index + m[0].length);
      else this.lexTag(kind === '{' ? 'variable' : 'block', m[0].length);
    }
    this.push('eof', '', this.line, this.col);
    return this.tokens;
  }

  private lexComment(bodyStart: number): void {
    const end = /\+#\}|-#\}|#\}/g;
    end.lastIndex = bodyStart;
    const m = end.exec(this.src);
    if (m === null) this.fail('Missing end of comment tag');
    let next = m.index + m[0].length;
    if (m[0].startsWith('-')) next = skipPythonSpace(this.src, next);
    this.advanceTo(next);
  }

  private lexRaw(begin: RegExpExecArray): void {
    let bodyStart = begin.index + begin[0].length;
    if (begin[0].endsWith('-%}')) bodyStart = skipPythonSpace(this.src, bodyStart);
    this.advanceTo(bodyStart);
    RAW_END_RE.lastIndex = bodyStart;
    const end = RAW_END_RE.exec(this.src);
    if (end === null) this.fail('Missing end of raw directive');
    let text = this.src.slice(bodyStart, end.index);
    if (end[1] === '-') text = rstripPython(text);
    this.emitData(text, this.line, this.col);
    let next = end.index + end[0].length;
    if (end[0].endsWith('-%}')) next = skipPythonSpace(this.src, next);
    this.advanceTo(next);
  }

  private lexTag(kind: 'variable' | 'block', startLength: number): void {
    const { src } = this;
    this.push(kind === 'variable' ? 'variable_begin' : 'block_begin', kind === 'variable' ? '{{' : '{%', this.line, this.col);
    this.advanceTo(this.pos + startLength);
    const balancing: string[] = [];
    for (;;) {
      if (this.pos >= src.length) this.fail(`unexpected end of template, expected '${kind === 'variable' ? '}}' : '%}'}'`);
      if (balancing.length === 0) {
        const endLen = this.matchTagEnd(kind);
        if (endLen !== 0) {
          const line = this.line;
          const col = this.col;
          const stripAfter = src.charCodeAt(this.pos) === 45; // '-'
          let next = this.pos + endLen;
          if (stripAfter) next = skipPythonSpace(src, next);
          this.advanceTo(next);
          this.push(kind === 'variable' ? 'variable_end' : 'block_end', kind === 'variable' ? '}}' : '%}', line, col);
          return;
        }
      }
      const code = src.charCodeAt(this.pos);
      if (isPythonSpace(code)) {
        this.advanceTo(skipPythonSpace(src, this.pos));
        continue;
      }
      const line = this.line;
      const col = this.col;
      // The token kind is decided by its first character (numbers start with a digit, ASCII
      // names with a letter or `_`, strings with a quote), so only the matching rule runs; the
      // order of the rules is Jinja2's: float, integer, name, string, operator.
      if (code >= 48 && code <= 57) {
        FLOAT_RE.lastIndex = this.pos;
        const float = src.charCodeAt(this.pos - 1) === 46 ? null : FLOAT_RE.exec(src); // not after '.'
        if (float !== null) {
          this.advanceTo(this.pos + float[0].length);
          this.push('float', float[0], line, col, float[0]);
          continue;
        }
        INTEGER_RE.lastIndex = this.pos;
        const integer = INTEGER_RE.exec(src)!; // a digit always starts an integer
        this.advanceTo(this.pos + integer[0].length);
        this.push('integer', integer[0], line, col, integer[0]);
        continue;
      }
      if (isAsciiNameStart(code) || code > 0x7f) {
        const name = this.nameAt(code);
        if (name !== null) {
          this.advanceTo(this.pos + name.length);
          this.push('name', name, line, col);
          continue;
        }
      }
      if (code === 39 || code === 34) {
        STRING_RE.lastIndex = this.pos;
        const str = STRING_RE.exec(src);
        if (str !== null) {
          const body = (str[1] ?? str[2])!;
          let value: string;
          try {
            value = decodeStringLiteral(body);
          } catch (err) {
            this.fail((err as Error).message);
          }
          this.advanceTo(this.pos + str[0].length);
          this.push('string', value, line, col);
          continue;
        }
      }
      const op = TWO_CHAR_OPERATORS.has(src.slice(this.pos, this.pos + 2)) ? src.slice(this.pos, this.pos + 2) : ONE_CHAR_OPERATORS.has(src[this.pos]!) ? src[this.pos]! : undefined;
      if (op === undefined) this.fail(`unexpected char ${JSON.stringify(src[this.pos])}`);
      if (op === '(' || op === '[' || op === '{') balancing.push(op);
      else if (op === ')' || op === ']' || op === '}') {
        const open = balancing.pop();
        if (open === undefined) this.fail(`unexpected '${op}'`);
        if (open !== CLOSING[op]) this.fail(`unexpected '${op}'`);
      }
      this.advanceTo(this.pos + op.length);
      this.push('operator', op, line, col);
    }
  }

  /**
   * The name at the current position (Jinja2's `\w+`, which must then be an identifier), or null
   * when none starts here. ASCII names, nearly all of them, are scanned without a regex.
   */
  private nameAt(first: number): string | null {
    const { src, pos } = this;
    let end = pos;
    if (first <= 0x7f) {
      while (end < src.length && isAsciiNamePart(src.charCodeAt(end))) end++;
      if (end === src.length || src.charCodeAt(end) <= 0x7f) return src.slice(pos, end); // starts with a letter or _
    }
    NAME_RE.lastIndex = pos;
    const name = NAME_RE.exec(src);
    if (name === null) return null;
    if (!IDENTIFIER_RE.test(name[0])) this.fail('Invalid character in identifier');
    return name[0];
  }

  /** Length of the tag end at the current position (0: none). `-}}`/`-%}` strip what follows. */
  private matchTagEnd(kind: 'variable' | 'block'): number {
    const { src, pos } = this;
    if (kind === 'variable') {
      if (src.startsWith('-}}', pos)) return 3;
      if (src.startsWith('}}', pos)) return 2;
      return 0;
    }
    if (src.startsWith('-%}', pos) || src.startsWith('+%}', pos)) return 3;
    if (src.startsWith('%}', pos)) return 2;
    return 0;
  }
}

/** Tokenizes newline-normalised template text (see normalizeTemplateSource). */
export function tokenize(src: string): Token[] {
  return new Lexer(src).run();
}
