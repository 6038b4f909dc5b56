// Parses Jinja2 template text into Conduit's typed AST (./ast.ts). The one place the compiler
// calls the parser: ./parse-lexer.ts is Jinja2's tokenizer (newlines normalised to `\n`, one
// trailing newline dropped, whitespace control applied to the text) and ./parse-grammar.ts
// Jinja2's grammar.
import type { Root } from './ast.js';
import { normalizeTemplateSource, tokenize, TemplateLexError } from './parse-lexer.js';
import { Parser, TemplateParseError } from './parse-grammar.js';

export interface TemplateSyntaxError {
  readonly message: string;
  /** 0-based position inside the template text. */
  readonly line: number;
  readonly col: number;
}

export type ParseResult =
  | { readonly ok: true; readonly ast: Root }
  | { readonly ok: false; readonly error: TemplateSyntaxError };

export function parseTemplate(text: string): ParseResult {
  try {
    const tokens = tokenize(normalizeTemplateSource(text));
    return { ok: true, ast: new Parser(tokens).parseRoot() };
  } catch (err) {
    if (err instanceof TemplateLexError || err instanceof TemplateParseError) {
      return { ok: false, error: { message: err.message, line: err.line, col: err.col } };
    }
    throw err;
  }
}
