// Parses Jinja2 template text into nunjucks' AST. The one place the compiler calls the parser,
// so parser extensions (slices, Python literal spellings, ...) live here and nowhere else.
import nunjucks from 'nunjucks';

/** A nunjucks AST node: `typename` names its class, `fields` lists its child slots. */
export interface TemplateNode {
  readonly typename: string;
  readonly lineno: number; // 0-based, within the template text
  readonly colno: number; // 0-based
  readonly fields: readonly string[];
  readonly [field: string]: unknown;
}

export interface TemplateSyntaxError {
  readonly message: string;
  /** 0-based position inside the template text. */
  readonly line: number;
  readonly col: number;
}

export type ParseResult =
  | { readonly ok: true; readonly ast: TemplateNode }
  | { readonly ok: false; readonly error: TemplateSyntaxError };

interface NunjucksTemplateError extends Error {
  lineno?: number;
  colno?: number;
}

export function parseTemplate(text: string): ParseResult {
  try {
    const ast = (nunjucks as unknown as { parser: { parse(src: string): TemplateNode } }).parser.parse(text);
    return { ok: true, ast };
  } catch (err) {
    const e = err as NunjucksTemplateError;
    const message = (e.message ?? String(err)).split('\n')[0]!.replace(/^\(unknown path\)\s*/, '');
    // nunjucks reports errors with 1-based positions; the AST uses 0-based ones.
    return {
      ok: false,
      error: { message, line: Math.max(0, (e.lineno ?? 1) - 1), col: Math.max(0, (e.colno ?? 1) - 1) },
    };
  }
}
