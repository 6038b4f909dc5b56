// parseTemplate: Jinja2's grammar and lexer building Conduit's typed AST (compiler/template/ast.ts),
// syntax errors with 0-based positions, and the nesting limits.
import { describe, expect, it } from 'vitest';
import type { Root } from '../../compiler/template/ast.js';
import { MAX_NESTING, MAX_TREE_DEPTH } from '../../compiler/template/parse-grammar.js';
import { parseTemplate } from '../../compiler/template/parse.js';

function ast(text: string): Root {
  const r = parseTemplate(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.ast;
}

/** A compact rendering of the tree: Kind(fields...), positions and absent splats left out. */
function show(n: unknown): string {
  if (n === null || n === undefined) return 'null';
  if (typeof n !== 'object') return JSON.stringify(n);
  if (Array.isArray(n)) return `[${n.map(show).join(', ')}]`;
  const entries = Object.entries(n as Record<string, unknown>).filter(
    ([k, v]) => !['line', 'col', 'kind', 'attrLine', 'attrCol'].includes(k) && !((k === 'dynArgs' || k === 'dynKwargs') && v === null),
  );
  const kind = (n as { kind?: string }).kind ?? '';
  return `${kind}(${entries.map(([k, v]) => `${k}=${show(v)}`).join(' ')})`;
}

function expr(text: string): string {
  const out = ast(`{{ ${text} }}`).body[0]!;
  if (out.kind !== 'Output') throw new Error('not an output');
  return show(out.expr);
}

describe('expression grammar (Jinja2 precedence)', () => {
  it.each([
    ['a ~ b + c', 'Binary(op="+" left=Concat(left=Name(name="a") right=Name(name="b")) right=Name(name="c"))'],
    ['a * b / c', 'Binary(op="/" left=Binary(op="*" left=Name(name="a") right=Name(name="b")) right=Name(name="c"))'],
    ['-2 ** 2', 'Binary(op="**" left=Unary(op="-" operand=Const(value=2 raw="2" isFloat=false)) right=Const(value=2 raw="2" isFloat=false))'],
    ['a + b is odd', 'Binary(op="+" left=Name(name="a") right=Test(name="odd" node=Name(name="b") args=[] kwargs=[]))'],
    ['x is divisibleby 3', 'Test(name="divisibleby" node=Name(name="x") args=[Const(value=3 raw="3" isFloat=false)] kwargs=[])'],
    ['x is not none', 'Not(operand=Test(name="none" node=Name(name="x") args=[] kwargs=[]))'],
    ['a not in b', 'Compare(expr=Name(name="a") ops=[(op="notin" expr=Name(name="b"))])'],
    ['1 < x <= 3', 'Compare(expr=Const(value=1 raw="1" isFloat=false) ops=[(op="<" expr=Name(name="x")), (op="<=" expr=Const(value=3 raw="3" isFloat=false))])'],
    ['not a and b or c', 'Logical(op="or" left=Logical(op="and" left=Not(operand=Name(name="a")) right=Name(name="b")) right=Name(name="c"))'],
    ['a if b else c if d', 'CondExpr(test=Name(name="b") body=Name(name="a") else_=CondExpr(test=Name(name="d") body=Name(name="c") else_=null))'],
    ['-x|abs', 'Filter(name="abs" args=[] kwargs=[] node=Unary(op="-" operand=Name(name="x")))'],
    ["x|join(',', attribute='a')", 'Filter(name="join" args=[Const(value=",")] kwargs=[(name="attribute" value=Const(value="a"))] node=Name(name="x"))'],
    ['f(a, *b, k=1, **c)', 'Call(callee=Name(name="f") args=[Name(name="a")] kwargs=[(name="k" value=Const(value=1 raw="1" isFloat=false))] dynArgs=Name(name="b") dynKwargs=Name(name="c"))'],
    ['f(k=1, *b)', 'Call(callee=Name(name="f") args=[] kwargs=[(name="k" value=Const(value=1 raw="1" isFloat=false))] dynArgs=Name(name="b"))'],
    ['x|f(*a)', 'Filter(name="f" args=[] kwargs=[] dynArgs=Name(name="a") node=Name(name="x"))'],
    ['x is t(**a)', 'Test(name="t" node=Name(name="x") args=[] kwargs=[] dynKwargs=Name(name="a"))'],
  ])('%s', (text, expected) => {
    expect(expr(text)).toBe(expected);
  });
});

describe('literals and lookups', () => {
  it.each([
    ['True', 'Const(value=true)'],
    ['none', 'Const(value=null)'],
    ['1.0', 'Const(value=1 raw="1.0" isFloat=true)'],
    ['1_000', 'Const(value=1000 raw="1000" isFloat=false)'],
    ['0x1F', 'Const(value=31 raw="0x1F" isFloat=false)'],
    ["'a\\tb' 'c'", 'Const(value="a\\tbc")'],
    ['(1,)', 'Tuple(items=[Const(value=1 raw="1" isFloat=false)])'],
    ['(1)', 'Const(value=1 raw="1" isFloat=false)'],
    ['[1, 2,]', 'List(items=[Const(value=1 raw="1" isFloat=false), Const(value=2 raw="2" isFloat=false)])'],
    ['x.y', 'Lookup(target=Name(name="x") key=Const(value="y") dot=true)'],
    ["x['y']", 'Lookup(target=Name(name="x") key=Const(value="y") dot=false)'],
    ['x.0', 'Lookup(target=Name(name="x") key=Const(value=0 raw="0" isFloat=false) dot=false)'],
    ['x[1:]', 'Lookup(target=Name(name="x") key=Slice(start=Const(value=1 raw="1" isFloat=false) stop=null step=null) dot=false)'],
    ['r/2', 'Binary(op="/" left=Name(name="r") right=Const(value=2 raw="2" isFloat=false))'],
    ['café_1', 'Name(name="café_1")'],
    ['1.5e3', 'Const(value=1500 raw="1.5e3" isFloat=true)'],
    ['0b1_0', 'Const(value=2 raw="0b10" isFloat=false)'],
    ['a!=b', 'Compare(expr=Name(name="a") ops=[(op="!=" expr=Name(name="b"))])'],
    ['"q\\"x" ~ \'s\'', 'Concat(left=Const(value="q\\"x") right=Const(value="s"))'],
  ])('%s', (text, expected) => {
    expect(expr(text)).toBe(expected);
  });
});

describe('statements', () => {
  it('a loop keeps its filter, targets and else apart', () => {
    expect(show(ast('{% for k, v in d if v %}{% else %}e{% endfor %}').body)).toBe(
      '[For(target=TargetTuple(items=[Name(name="k"), Name(name="v")]) iter=Name(name="d") filter=Name(name="v") body=[] else_=[Data(text="e")] recursive=false)]',
    );
    expect(show(ast('{% for x in t recursive %}{{ loop(x) }}{% endfor %}').body[0])).toContain('recursive=true');
  });

  it('set forms: unpacking, namespace attribute, block set with filters', () => {
    expect(show(ast('{% set a, b = 1, 2 %}').body[0])).toMatch(/^Set\(target=TargetTuple/);
    expect(show(ast('{% set ns.x = 1 %}').body[0])).toBe('Set(target=NamespaceRef(name="ns" attr="x") value=Const(value=1 raw="1" isFloat=false))');
    expect(show(ast('{% set x | upper %}hi{% endset %}').body[0])).toBe(
      'BlockSet(target=Name(name="x") filter=Filter(name="upper" args=[] kwargs=[] node=null) body=[Data(text="hi")])',
    );
  });

  it('elifs are a flat list on the If, as in Jinja2', () => {
    expect(show(ast('{% if a %}1{% elif b %}2{% elif c %}{% else %}3{% endif %}').body)).toBe(
      '[If(test=Name(name="a") body=[Data(text="1")] elifs=[(test=Name(name="b") body=[Data(text="2")]), (test=Name(name="c") body=[])] else_=[Data(text="3")])]',
    );
  });

  it('a chain of elifs far longer than MAX_TREE_DEPTH is one level deep', () => {
    const elifs = Array.from({ length: MAX_TREE_DEPTH * 3 }, (_v, i) => `{% elif a == ${i} %}${i}`).join('');
    const root = ast(`{% if x %}x${elifs}{% else %}e{% endif %}`);
    const node = root.body[0]!;
    expect(node.kind === 'If' ? node.elifs.length : -1).toBe(MAX_TREE_DEPTH * 3);
  });

  it('macro, call, with, filter, block and autoescape', () => {
    expect(show(ast('{% macro m(a, b=1) %}x{% endmacro %}').body[0])).toBe(
      'Macro(name="m" params=[(name="a" default=null), (name="b" default=Const(value=1 raw="1" isFloat=false))] body=[Data(text="x")])',
    );
    expect(show(ast('{% call(n) m(1) %}x{% endcall %}').body[0])).toMatch(/^CallBlock\(call=Call\(callee=Name\(name="m"\).*params=\[\(name="n" default=null\)\]/);
    expect(show(ast('{% with a = 1 %}{{ a }}{% endwith %}').body[0])).toMatch(/^With\(bindings=\[\(target=Name\(name="a"\)/);
    expect(show(ast('{% filter upper | trim %}x{% endfilter %}').body[0])).toBe(
      'FilterBlock(filter=Filter(name="trim" args=[] kwargs=[] node=Filter(name="upper" args=[] kwargs=[] node=null)) body=[Data(text="x")])',
    );
    expect(show(ast('{% block b scoped %}x{% endblock b %}').body[0])).toBe('Block(name="b" scoped=true body=[Data(text="x")])');
    expect(show(ast('{% autoescape false %}x{% endautoescape %}').body[0])).toBe('Autoescape(enabled=false body=[Data(text="x")])');
  });
});

describe('lexing like Jinja2', () => {
  it('drops one trailing newline and normalises newlines', () => {
    expect(show(ast('a\r\nb\n\n').body)).toBe('[Data(text="a\\nb\\n")]');
  });

  it('applies whitespace control to template data', () => {
    expect(show(ast(' a \n {%- if x -%} \n b \n {%- endif %} c').body)).toBe(
      '[Data(text=" a"), If(test=Name(name="x") body=[Data(text="b")] elifs=[] else_=null), Data(text=" c")]',
    );
  });

  it('keeps raw blocks and #} in text, drops comments', () => {
    expect(show(ast('{% raw %}{{ x }}{% endraw %} #} {# c #}!').body)).toBe('[Data(text="{{ x }}"), Data(text=" #} "), Data(text="!")]');
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
    ["{% include 'x' %}", 0, 3],
    ["{% extends 'x' %}", 0, 3],
    ['{% macro m(a=1, b) %}{% endmacro %}', 0, 17],
    ['{% call m %}{% endcall %}', 0, 3],
    ['{% block a %}{% endblock %}{% block a %}{% endblock %}', 0, 30],
    ['{% autoescape x %}{% endautoescape %}', 0, 14],
    // A splat in an order Jinja2 refuses fails at the call's parenthesis.
    ['{{ f(*a, b) }}', 0, 4],
    ['{{ f(**a, k=1) }}', 0, 4],
    ['{{ f(*a, *b) }}', 0, 4],
  ])('%j fails at line %i, col %i', (text, line, col) => {
    const r = parseTemplate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect([r.error.line, r.error.col]).toEqual([line, col]);
      expect(r.error.message).not.toBe('');
    }
  });
});

describe('nesting limits (a syntax error, never a stack overflow)', () => {
  const deep = (n: number, open: string, close: string): string => open.repeat(n) + close.repeat(n);

  it.each([
    ['parentheses', `{{ ${deep(5000, '(', ')')} }}`],
    ['lists', `{{ ${deep(3000, '[', ']')} }}`],
    ['if statements', deep(2000, '{% if x %}', '{% endif %}')],
    ['for loops', deep(2000, '{% for x in y %}', '{% endfor %}')],
    ['macros', deep(2000, '{% macro m() %}', '{% endmacro %}')],
    ['unary minus', `{{ ${'-'.repeat(5000)}1 }}`],
    ['not', `{{ ${'not '.repeat(5000)}x }}`],
    ['else chains', `{{ ${'a if b else '.repeat(3000)}c }}`],
    ['concatenation', `{{ ${Array.from({ length: 130_000 }, () => 'a').join(' ~ ')} }}`],
    ['filters', `{{ x${'|upper'.repeat(20_000)} }}`],
    ['attributes', `{{ x${'.a'.repeat(50_000)} }}`],
    ['calls', `{{ f${'()'.repeat(50_000)} }}`],
  ])('%s', (_what, text) => {
    const r = parseTemplate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/nests too deeply/);
  });

  it('accepts nesting up to the limits', () => {
    expect(parseTemplate(`{{ ${'('.repeat(MAX_NESTING - 5)}1${')'.repeat(MAX_NESTING - 5)} }}`).ok).toBe(true);
    expect(parseTemplate(`{{ ${Array.from({ length: MAX_TREE_DEPTH - 10 }, () => 'a').join(' ~ ')} }}`).ok).toBe(true);
  });
});
