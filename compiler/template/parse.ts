// Parses Jinja2 template text into nunjucks' AST. The one place the compiler calls the parser,
// so parser extensions (slices, Python literal spellings, ...) live here and in the two modules
// it uses: ./parse-lexer.ts (Jinja2's tokenizer) and ./parse-grammar.ts (Jinja2's grammar).
//
// The AST uses nunjucks' node classes and shapes, with these Jinja2 additions:
// - The text is lexed as Jinja2 does: newlines normalised to `\n`, one trailing newline dropped,
//   whitespace control applied to TemplateData (no `-` left for consumers to interpret).
// - Literal: `True`/`False`/`None` (any case Jinja2 accepts) are Literal(true/false/null);
//   numeric Literals carry `raw` (source digits without `_`) and `isFloat` (`1.0` is a float).
// - LookupVal carries `dot: true` for `x.name` (attribute first) vs `x['name']` (item first);
//   its `val` may be a Slice node (fields start, stop, step; each null when omitted) or a Tuple.
// - Tuple (a NodeList): `(a, b)`, `(a,)`, `a, b` in `{{ }}` and `set`; `(x)` stays Group([x]).
// - Is(left, right): right is Symbol(testName), or FunCall(Symbol(testName), NodeList(args)) for
//   `is divisibleby(3)` and `is divisibleby 3`; `is not` is Not(Is). `is none` names test 'none'.
// - Compare(expr, ops): CompareOperand types '==' '!=' '<' '<=' '>' '>=', and in chains 'in' /
//   'notin'; a lone `a in b` is In(a, b) and `a not in b` is Not(In(a, b)).
// - Concat/Add/Sub/Mul/Div/FloorDiv/Mod/Pow are binary, left-associative, Jinja2's precedence.
// - For: `name` is a Symbol or an Array of targets; `{% for x in xs if c %}` has
//   arr = InlineIf(cond=c, body=xs, else_=null) (a parenthesised inline if is a Group).
// - Set: `targets` (Symbols, or LookupVal with `namespaceRef: true` for `ns.attr`), `unpack: true`
//   for `set a, b = …`; a block set has value null and `body` = Capture(NodeList), or Filter
//   nodes wrapping that Capture for `{% set x | upper %}`.
// - `{% filter f %}…{% endfilter %}` is Output([Filter(f, NodeList([Capture(NodeList)]))]).
// - FunCall/Filter args: positional nodes then, when present, KeywordArgs([Pair(Symbol, value)]).
import { normalizeTemplateSource, tokenize, TemplateLexError } from './parse-lexer.js';
import { Parser, TemplateParseError } from './parse-grammar.js';

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
