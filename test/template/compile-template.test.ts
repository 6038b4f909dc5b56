// compileTemplate's contract for the code generator: a constant for plain text, otherwise the
// source of one straight-line `(v, env) => string` over a single accumulator.
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../compiler/template/compile-template.js';
import { parseTemplate } from '../../compiler/template/parse.js';
import { rt } from '../../runtime/template/helpers.js';
import type { TemplateFunction } from '../../runtime/template/types.js';
import { parseJsonValue } from '../../runtime/template/values.js';
import { envFor } from './harness.js';

function compile(text: string, contextNames?: readonly string[]): { code: string; constant: string | null } {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return compileTemplate(parsed.ast, contextNames === undefined ? { source: text, autoescape: false } : { source: text, contextNames, autoescape: false });
}

function run(code: string, context = '{}'): string {
  const fn = new Function('rt', `return ${code}`)(rt) as TemplateFunction;
  return fn(parseJsonValue(context) as Map<string, unknown>, envFor({}));
}

describe('constant templates', () => {
  it.each([
    ['application/json', 'application/json'],
    ['', ''],
    ['{# note #}text\n', 'text'],
    ['{% raw %}{{ literally }}{% endraw %}', '{{ literally }}'],
    ['a  {#- trimmed -#}  b', 'ab'],
  ])('%j is the constant %j', (text, constant) => {
    const compiled = compile(text);
    expect(compiled.constant).toBe(constant);
    expect(run(compiled.code)).toBe(constant);
  });

  it('anything with an expression or tag is not constant', () => {
    expect(compile('{{ "x" }}').constant).toBeNull();
    expect(compile('{% if true %}x{% endif %}').constant).toBeNull();
  });
});

describe('generated code', () => {
  it('is one arrow function appending to one accumulator, reading each context name once', () => {
    const { code } = compile('{{ user.name }} {{ user.email }}{% for x in items %}{{ x }}{{ user.id }}{% endfor %}');
    expect(code.startsWith('(v, env) => {')).toBe(true);
    expect(code.match(/rt\.name\(v, "user"\)/g)).toHaveLength(1);
    expect(code.match(/let o = ""/g)).toHaveLength(1);
    expect(code).not.toMatch(/function|=>.*=>/);
  });

  it('inlines loop.* unless loop is used as a value', () => {
    const inline = compile('{% for x in xs %}{{ loop.index }}{{ loop.last }}{{ loop.cycle(1, 2) }}{% endfor %}').code;
    expect(inline).not.toContain('rt.loop(');
    const object = compile('{% for x in xs %}{% set l = loop %}{{ l.index }}{% endfor %}').code;
    expect(object).toContain('rt.loop(');
    expect(run(inline, '{"xs": ["a", "b"]}')).toBe('1False12True2');
    expect(run(object, '{"xs": ["a", "b"]}')).toBe('12');
  });

  it('binds filter keyword arguments at compile time and defers argument errors to run time', () => {
    const { code } = compile("{{ xs|join(attribute='a', d='-') }}");
    expect(code).toContain('rt.F["join"](');
    expect(code).not.toContain('rt.kw');
    expect(run(code, '{"xs": [{"a": 1}, {"a": 2}]}')).toBe('1-2');
    const bad = compile("{% if false %}{{ xs|join(nope=1) }}{% endif %}ok").code;
    expect(run(bad, '{"xs": []}')).toBe('ok');
  });

  it('with contextNames, other unknown names compile to undefined without a lookup', () => {
    const { code } = compile('{{ known }}[{{ unknown }}]{{ range(2)|list }}', ['known']);
    expect(code).toContain('rt.name(v, "known")');
    expect(code).toContain('rt.undef("unknown")');
    // A global no context variable can shadow is the global itself.
    expect(code).toContain('rt.global("range")');
    expect(run(code, '{"known": 1, "unknown": 2}')).toBe('1[][0, 1]');
  });

  it('with contextNames, get_secret/get_variable of a literal key go straight to the stores', () => {
    const text = "{{ get_secret('k') }}|{{ get_variable('host') }}|{{ get_variable('gone') | default('d') }}|{{ get_secret('none') }}";
    const { code } = compile(text, ['user']);
    expect(code).toContain('rt.getSecret(env, "k")');
    expect(code).toContain('rt.getVariable(env, "host")');
    expect(code).not.toContain('rt.call(');
    const missing: string[] = [];
    const render = (compiled: string) => (new Function('rt', `return ${compiled}`)(rt) as TemplateFunction)(new Map(), envFor({ secrets: { k: 's3' }, variables: { host: 'h' } }, missing));
    // The same output and the same missing-secret report as through the builtins.
    expect(render(code)).toBe("s3|h|d|{{ get_secret('none') }}");
    expect(render(compile(text).code)).toBe("s3|h|d|{{ get_secret('none') }}");
    expect(missing).toEqual(['none', 'none']);
  });

  it('keeps the call when the name may be something else: a local, a context variable, unknown names, other arguments', () => {
    expect(compile("{% set get_secret = x %}{{ get_secret('k') }}", ['x']).code).not.toContain('rt.getSecret(');
    expect(compile("{% macro m(get_variable) %}{{ get_variable('k') }}{% endmacro %}", []).code).not.toContain('rt.getVariable(');
    expect(compile("{{ get_secret('k') }}", ['get_secret']).code).not.toContain('rt.getSecret(');
    expect(compile("{{ get_secret('k') }}").code).not.toContain('rt.getSecret(');
    expect(compile("{{ get_variable(name) }}{{ get_variable('a', 'b') }}", ['name']).code).not.toContain('rt.getVariable(');
    // Without contextNames (`conduit render`: any context) a context variable still shadows the global.
    const shadowed = compile("{{ get_variable('k') }}").code;
    expect(() => run(shadowed, '{"get_variable": "plain text"}')).toThrow(/not callable/);
  });
});

describe('builtins without a deterministic Jinja2 output', () => {
  it('lipsum writes the requested paragraphs of lorem ipsum words', () => {
    const text = run(compile('{{ lipsum(3, false, 5, 10) }}').code);
    const paragraphs = text.split('\n\n');
    expect(paragraphs).toHaveLength(3);
    for (const p of paragraphs) {
      // Jinja2's word list includes "a", so the first word can be a single capital.
      expect(p).toMatch(/^[A-Z][a-z]*(?:[ ,.]+[a-z]+)*\.$/);
      expect(p.split(' ').length).toBeGreaterThanOrEqual(5);
      expect(p.split(' ').length).toBeLessThan(10);
    }
    expect(run(compile('{{ lipsum(2) }}').code)).toMatch(/^<p>[^<]+<\/p>\n<p>[^<]+<\/p>$/);
  });

  it('random picks members of the sequence', () => {
    const { code } = compile('{% for i in range(200) %}{{ xs|random }}{% endfor %}');
    const picks = new Set(run(code, '{"xs": ["a", "b", "c"]}'));
    expect([...picks].sort()).toEqual(['a', 'b', 'c']);
  });

  it('printing functions and generators gives a Python-like repr without an address', () => {
    expect(run(compile("{{ xs|map('upper') }}|{{ s.upper }}|{{ range }}").code, '{"xs": ["a"], "s": "x"}')).toBe(
      "<generator object sync_do_map>|<built-in method upper of str object>|<class 'range'>",
    );
  });
});

describe('if / elif / else', () => {
  it('a short chain is an if … else if … else', () => {
    const { code } = compile('{% if a == 1 %}one{% elif a == 2 %}two{% else %}many{% endif %}');
    expect(code).toMatch(/\} else if \(/);
    expect(code).not.toMatch(/break /);
    expect(['{"a": 1}', '{"a": 2}', '{"a": 3}'].map((ctx) => run(code, ctx))).toEqual(['one', 'two', 'many']);
  });

  it('a chain of 5,000 elifs compiles flat (no nested else) and runs every branch', () => {
    const elifs = Array.from({ length: 5000 }, (_v, i) => `{% elif a == ${i + 1} %}${i + 1}`).join('');
    const { code } = compile(`{% if a == 0 %}zero${elifs}{% else %}none{% endif %}`);
    expect(code).not.toMatch(/else/);
    expect(['{"a": 0}', '{"a": 1}', '{"a": 4999}', '{"a": 5000}', '{"a": 5001}'].map((ctx) => run(code, ctx))).toEqual(['zero', '1', '4999', '5000', 'none']);
  });

  it('a name set in any branch is read after the if as Jinja2 scopes it', () => {
    const { code } = compile('{% for i in [1, 2, 3] %}{% if i == 1 %}{% set x = "a" %}{% elif i == 2 %}{% set x = "b" %}{% endif %}{{ x }}{% endfor %}');
    expect(run(code, '{"x": "ctx"}')).toBe('abctx');
  });
});
