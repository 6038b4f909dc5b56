// parseTemplate: Jinja2's grammar and lexer over nunjucks' node classes (shapes documented in
// compiler/template/parse.ts), and syntax errors with 0-based positions.
import { describe, expect, it } from 'vitest';
import { parseTemplate, type TemplateNode } from '../../compiler/template/parse.js';

function ast(text: string): TemplateNode {
  const r = parseTemplate(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.ast;
}

/** A compact rendering of the tree: Type(field, ...) with the Jinja2 extras. */
function show(n: unknown): string {
  if (n === null || n === undefined) return 'null';
  if (typeof n !== 'object') return JSON.stringify(n);
  if (Array.isArray(n)) return `[${n.map(show).join(', ')}]`;
  const node = n as TemplateNode;
  const extras = ['raw', 'isFloat', 'dot', 'unpack', 'namespaceRef'].filter((k) => node[k] !== undefined).map((k) => `${k}=${String(node[k])}`);
  return `${node.typename}${extras.length ? `{${extras.join(' ')}}` : ''}(${node.fields.map((f) => show(node[f])).join(', ')})`;
}

function expr(text: string): string {
  const out = ast(`{{ ${text} }}`)['children'] as TemplateNode[];
  return show((out[0]!['children'] as TemplateNode[])[0]);
}

describe('expression grammar (Jinja2 precedence)', () => {
  it.each([
    ['a ~ b + c', 'Add(Concat(Symbol("a"), Symbol("b")), Symbol("c"))'],
    ['a * b / c', 'Div(Mul(Symbol("a"), Symbol("b")), Symbol("c"))'],
    ['a - b + c', 'Add(Sub(Symbol("a"), Symbol("b")), Symbol("c"))'],
    ['-2 ** 2', 'Pow(Neg(Literal{raw=2 isFloat=false}(2)), Literal{raw=2 isFloat=false}(2))'],
    ['a + b is odd', 'Add(Symbol("a"), Is(Symbol("b"), Symbol("odd")))'],
    ['x is divisibleby 3', 'Is(Symbol("x"), FunCall(Symbol("divisibleby"), NodeList([Literal{raw=3 isFloat=false}(3)])))'],
    ['x is not none', 'Not(Is(Symbol("x"), Symbol("none")))'],
    ['a not in b', 'Not(In(Symbol("a"), Symbol("b")))'],
    ['1 < x <= 3', 'Compare(Literal{raw=1 isFloat=false}(1), [CompareOperand(Symbol("x"), "<"), CompareOperand(Literal{raw=3 isFloat=false}(3), "<=")])'],
    ['not a and b or c', 'Or(And(Not(Symbol("a")), Symbol("b")), Symbol("c"))'],
    ["a if b else c if d", 'InlineIf(Symbol("b"), Symbol("a"), InlineIf(Symbol("d"), Symbol("c"), null))'],
    ['-x|abs', 'Filter(Symbol("abs"), NodeList([Neg(Symbol("x"))]))'],
    ["x|join(',', attribute='a')", 'Filter(Symbol("join"), NodeList([Symbol("x"), Literal(","), KeywordArgs([Pair(Symbol("attribute"), Literal("a"))])]))'],
  ])('%s', (text, expected) => {
    expect(expr(text)).toBe(expected);
  });
});

describe('literals and lookups', () => {
  it.each([
    ['True', 'Literal(true)'],
    ['none', 'Literal(null)'],
    ['1.0', 'Literal{raw=1.0 isFloat=true}(1)'],
    ['1_000', 'Literal{raw=1000 isFloat=false}(1000)'],
    ['0x1F', 'Literal{raw=0x1F isFloat=false}(31)'],
    ["'a\\tb' 'c'", 'Literal("a\\tbc")'],
    ['(1,)', 'Tuple([Literal{raw=1 isFloat=false}(1)])'],
    ['(1)', 'Group([Literal{raw=1 isFloat=false}(1)])'],
    ['[1, 2,]', 'Array([Literal{raw=1 isFloat=false}(1), Literal{raw=2 isFloat=false}(2)])'],
    ['x.y', 'LookupVal{dot=true}(Symbol("x"), Literal("y"))'],
    ["x['y']", 'LookupVal(Symbol("x"), Literal("y"))'],
    ['x.0', 'LookupVal(Symbol("x"), Literal{raw=0 isFloat=false}(0))'],
    ['x[1:]', 'LookupVal(Symbol("x"), Slice(Literal{raw=1 isFloat=false}(1), null, null))'],
    ['x[::-1]', 'LookupVal(Symbol("x"), Slice(null, null, Neg(Literal{raw=1 isFloat=false}(1))))'],
    ['r/2', 'Div(Symbol("r"), Literal{raw=2 isFloat=false}(2))'],
  ])('%s', (text, expected) => {
    expect(expr(text)).toBe(expected);
  });
});

describe('statements', () => {
  it('loop filter is an InlineIf without else; targets are an Array', () => {
    expect(show(ast('{% for k, v in d if v %}{% else %}e{% endfor %}'))).toBe(
      'Root([For(InlineIf(Symbol("v"), Symbol("d"), null), Array([Symbol("k"), Symbol("v")]), NodeList([]), NodeList([Output([TemplateData("e")])]))])',
    );
  });

  it('set forms: unpacking, namespace attribute, block set with filters', () => {
    expect(show(ast('{% set a, b = 1, 2 %}'))).toContain('Set{unpack=true}([Symbol("a"), Symbol("b")], Tuple(');
    expect(show(ast('{% set ns.x = 1 %}'))).toContain('Set{unpack=false}([LookupVal{dot=true namespaceRef=true}(Symbol("ns"), Literal("x"))]');
    const block = ast('{% set x | upper %}hi{% endset %}');
    const set = (block['children'] as TemplateNode[])[0]!;
    expect(show(set['body'])).toBe('Filter(Symbol("upper"), NodeList([Capture(NodeList([Output([TemplateData("hi")])]))]))');
  });

  it('elif chains nest as If in else_', () => {
    expect(show(ast('{% if a %}1{% elif b %}2{% else %}3{% endif %}'))).toBe(
      'Root([If(Symbol("a"), NodeList([Output([TemplateData("1")])]), If(Symbol("b"), NodeList([Output([TemplateData("2")])]), NodeList([Output([TemplateData("3")])])))])',
    );
  });
});

describe('lexing like Jinja2', () => {
  it('drops one trailing newline and normalises newlines', () => {
    expect(show(ast('a\r\nb\n\n'))).toBe('Root([Output([TemplateData("a\\nb\\n")])])');
  });

  it('applies whitespace control to template data', () => {
    expect(show(ast(' a \n {%- if x -%} \n b \n {%- endif %} c'))).toBe('Root([Output([TemplateData(" a")]), If(Symbol("x"), NodeList([Output([TemplateData("b")])]), null), Output([TemplateData(" c")])])');
  });

  it('keeps raw blocks and #} in text, drops comments', () => {
    expect(show(ast('{% raw %}{{ x }}{% endraw %} #} {# c #}!'))).toBe('Root([Output([TemplateData("{{ x }}")]), Output([TemplateData(" #} ")]), Output([TemplateData("!")])])');
  });
});

describe('tokens by their first character', () => {
  it.each([
    // Names: ASCII, non-ASCII, and ASCII running into non-ASCII letters are one name.
    ['café_1', 'Symbol("café_1")'],
    ['_x9', 'Symbol("_x9")'],
    ['ñame', 'Symbol("ñame")'],
    // Numbers: a float unless right after '.', where the digits are an item index.
    ['x.1', 'LookupVal(Symbol("x"), Literal{raw=1 isFloat=false}(1))'],
    ['1.5e3', 'Literal{raw=1.5e3 isFloat=true}(1500)'],
    ['0b1_0', 'Literal{raw=0b10 isFloat=false}(2)'],
    ['0o17', 'Literal{raw=0o17 isFloat=false}(15)'],
    ['a//b**c', 'FloorDiv(Symbol("a"), Pow(Symbol("b"), Symbol("c")))'],
    ['a!=b', 'Compare(Symbol("a"), [CompareOperand(Symbol("b"), "!=")])'],
    ['"q\\"x" ~ \'s\'', 'Concat(Literal("q\\"x"), Literal("s"))'],
  ])('%s', (text, expected) => {
    expect(expr(text)).toBe(expected);
  });

  it.each([
    ['{{ x² }}', 'Invalid character in identifier', 3],
    ['{{ ² }}', 'Invalid character in identifier', 3],
    ['{{ x ! y }}', 'unexpected char "!"', 5],
    ["{{ 'open }}", 'unexpected char', 3],
    ['{{ x ∑ }}', 'unexpected char', 5],
  ])('%j is refused: %s', (text, message, col) => {
    const r = parseTemplate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain(message);
      expect([r.error.line, r.error.col]).toEqual([0, col]);
    }
  });
});

describe('syntax errors', () => {
  it.each([
    ['{{ x ', 0, 5],
    ['line\n{{ 1 + }}', 1, 7],
    ['{% if x %}', 0, 10],
    ['{% frobnicate %}', 0, 3],
    ['{{ x === y }}', 0, 7],
    ['{{ a@b }}', 0, 4],
    ["{{ '\\x4' }}", 0, 3],
    ['{% macro m() %}{% endmacro %}', 0, 3],
    ['{% for x in y recursive %}{% endfor %}', 0, 14],
  ])('%j fails at line %i, col %i', (text, line, col) => {
    const r = parseTemplate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect([r.error.line, r.error.col]).toEqual([line, col]);
      expect(r.error.message).not.toBe('');
    }
  });
});
