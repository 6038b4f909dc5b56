// Templates run on the server (SPEC §2 Safety): prototype/constructor/dunder access, `process`,
// `globalThis`, `require`, `import` are refused at compile time, and the same names are
// harmless at run time (Undefined, or a rendering error) when they arrive dynamically or the
// compile-time check is bypassed with hand-written code.
import { describe, expect, it } from 'vitest';
import { TemplateCompileError } from '../../compiler/template/compile-error.js';
import { compileTemplate } from '../../compiler/template/compile-template.js';
import { parseTemplate } from '../../compiler/template/parse.js';
import { rt } from '../../runtime/template/helpers.js';
import { DEFAULT_RENDER_LIMITS, configureRenderLimits } from '../../runtime/template/render-budget.js';
import { TemplateRenderError, type TemplateFunction } from '../../runtime/template/types.js';
import { parseJsonValue } from '../../runtime/template/values.js';
import { compileToFunction, envFor } from './harness.js';

function compileError(template: string): TemplateCompileError {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(`unexpected syntax error: ${parsed.error.message}`);
  try {
    compileTemplate(parsed.ast, { source: template });
  } catch (err) {
    if (err instanceof TemplateCompileError) return err;
    throw err;
  }
  throw new Error(`compiled without error: ${template}`);
}

function render(template: string, context = '{}'): string {
  return compileToFunction(template)(parseJsonValue(context) as Map<string, unknown>, envFor({}));
}

describe('compile-time refusal', () => {
  it.each([
    ["{{ ''.constructor }}", 'template-unsafe-member'],
    ["{{ ''.constructor.constructor('return process')() }}", 'template-unsafe-member'],
    ['{{ x.__proto__ }}', 'template-unsafe-member'],
    ["{{ x['__proto__'] }}", 'template-unsafe-member'],
    ["{{ x['constructor'] }}", 'template-unsafe-member'],
    ['{{ x.prototype }}', 'template-unsafe-member'],
    ['{{ x.__class__.__mro__ }}', 'template-unsafe-member'],
    ['{{ x.mro() }}', 'template-unsafe-member'],
    ['{{ f.__globals__ }}', 'template-unsafe-member'],
    ['{{ x.valueOf() }}', 'template-unsafe-member'],
    ['{{ x.hasOwnProperty("a") }}', 'template-unsafe-member'],
    ["{{ x|attr('constructor') }}", 'template-unsafe-member'],
    ["{{ x|attr('__proto__') }}", 'template-unsafe-member'],
    ["{{ xs|map(attribute='__class__')|list }}", 'template-unsafe-member'],
    ["{{ xs|map('attr', '__class__')|list }}", 'template-unsafe-member'],
    ["{{ xs|sort(attribute='constructor') }}", 'template-unsafe-member'],
    ["{{ xs|join(',', attribute='a.__proto__') }}", 'template-unsafe-member'],
    ["{{ xs|selectattr('__class__')|list }}", 'template-unsafe-member'],
    ["{{ xs|groupby('prototype') }}", 'template-unsafe-member'],
    ["{% set ns = namespace() %}{% set ns.__proto__ = 1 %}", 'template-unsafe-member'],
    ['{{ process }}', 'template-unsafe-name'],
    ['{{ process.env.SECRET }}', 'template-unsafe-name'],
    ['{{ globalThis }}', 'template-unsafe-name'],
    ["{{ require('fs') }}", 'template-unsafe-name'],
    ["{{ import('fs') }}", 'template-unsafe-name'],
    ["{{ eval('1') }}", 'template-unsafe-name'],
    ['{{ Function }}', 'template-unsafe-name'],
    ['{{ __builtins__ }}', 'template-unsafe-name'],
    ['{% set process = 1 %}', 'template-unsafe-name'],
    ['{% for require in xs %}{% endfor %}', 'template-unsafe-name'],
    ['{{ x|nosuchfilter }}', 'template-unknown-filter'],
    ['{{ x is nosuchtest }}', 'template-unknown-test'],
  ])('%s → %s', (template, code) => {
    const err = compileError(template);
    expect(err.code).toBe(code);
    expect(err.line).toBeGreaterThanOrEqual(0);
  });

  it('points at the offending name', () => {
    const err = compileError('line one\n{{ user.__proto__ }}');
    expect([err.line, err.col]).toEqual([1, 8]);
  });
});

describe('run-time harmlessness of dynamic names', () => {
  const json = '{"j": {"constructor": "json key", "__proto__": "json proto", "ok": 1}, "xs": [1], "s": "abc"}';

  it.each([
    "{% set k = 'constructor' %}[{{ j[k] }}]",
    "{% set k = '__proto__' %}[{{ j[k] }}]",
    "{% set k = 'constructor' %}[{{ s[k] }}]",
    "{% set k = 'constructor' %}[{{ xs[k] }}]",
    "{% set k = '__class__' %}[{{ j|attr(k) }}]",
    "{% set k = 'constructor' %}[{{ {}[k] }}]",
    "{% set k = 'toString' %}[{{ j[k] }}]",
    "{% set k = '__proto__' %}[{{ xs|map('attr', k)|join }}]",
    "{% set k = 'constructor' %}[{{ [j]|map(attribute=k)|join }}]",
    "{% set k = 'j.constructor' %}[{{ [{'j': j}]|map(attribute=k)|join }}]",
    "{% set k = 'prototype' %}[{{ range|attr(k) }}]",
    "[{{ now()|attr('date') }}]",
    "[{{ cycler(1)|attr('pos') }}]",
    "[{{ range|attr('call') }}]",
    // Splats hand names to filters and callees only when the call runs: still checked then.
    "{% set k = ['__class__'] %}[{{ j|attr(*k) }}]",
    "{% set k = {'attribute': 'constructor'} %}[{{ [j]|map(**k)|join }}]",
    "{% set n = 'const' ~ 'ructor' %}{% set k = {n: 1} %}[{{ dict(**k)|attr(n) }}]",
    "{% set n = 'const' ~ 'ructor' %}{% set k = {n: 1} %}[{{ namespace(**k)|attr(n) }}]",
  ])('%s renders empty', (template) => {
    expect(render(template, json)).toBe('[]');
  });

  it('a JSON key that is an unsafe name is not readable by any spelling', () => {
    expect(render("{{ j.ok }}|{% set k = 'constructor' %}{{ j.get(k) is none }}|{{ j[k] is defined }}", json)).toBe('1|False|False');
  });

  it('chains through an unsafe name fail as undefined attribute access', () => {
    expect(() => render("{% set k = 'constructor' %}{{ s[k][k]('return process')() }}", json)).toThrow(TemplateRenderError);
  });

  it('str.format cannot read dunder attributes', () => {
    expect(() => render("{{ '{0.__class__}'.format(s) }}", json)).toThrow(TemplateRenderError);
    expect(() => render("{{ '{0.constructor}'.format(s) }}", json)).toThrow(TemplateRenderError);
    expect(() => render("{{ '{a.__class__}'.format_map({'a': s}) }}", json)).toThrow(TemplateRenderError);
    expect(() => render("{{ ('{a.constructor}'|safe).format_map({'a': s}) }}", json)).toThrow(TemplateRenderError);
  });

  it('namespace attributes with unsafe names cannot be set dynamically', () => {
    const fn = new Function('rt', 'return (v, env) => { rt.setAttr(rt.call(env, rt.name(v, "namespace"), [], null), "__proto__", 1); return ""; }')(rt) as TemplateFunction;
    expect(() => fn(new Map(), envFor({}))).toThrow(TemplateRenderError);
  });
});

describe('bypassing the compile-time check', () => {
  // Hand-written compiled code, as if the compiler's checks were skipped.
  function run(body: string, vars: Record<string, unknown> = {}): unknown {
    const fn = new Function('rt', `return (v, env) => ${body}`)(rt) as (v: ReadonlyMap<string, unknown>, env: unknown) => unknown;
    return fn(new Map(Object.entries(vars)), envFor({}));
  }

  it.each(['constructor', '__proto__', 'prototype', '__class__', 'toString', 'valueOf', 'hasOwnProperty', 'mro'])(
    'reading %s from any value yields Undefined',
    (name) => {
      for (const target of ['""', '[]', 'new Map([["a", 1]])', '1', 'null', 'rt.tuple([1])', `rt.dict(["${name}", 1])`]) {
        expect(run(`rt.str(rt.attr(${target}, "${name}"))`)).toBe('');
        expect(run(`rt.str(rt.item(${target}, "${name}"))`)).toBe('');
      }
    },
  );

  it('plain JS objects passed in by mistake expose none of their properties', () => {
    const leaky = { secret: 'x', constructor: Object };
    expect(run('rt.str(rt.attr(rt.name(v, "o"), "secret"))', { o: leaky })).toBe('');
    expect(run('rt.str(rt.attr(rt.name(v, "o"), "constructor"))', { o: leaky })).toBe('');
  });

  it('calling the constructor of a string through methods is impossible', () => {
    expect(() => run('rt.callMethod(env, "", "constructor", ["return process"], null)')).toThrow(TemplateRenderError);
  });

  it('the helper namespace is frozen', () => {
    expect(Object.isFrozen(rt)).toBe(true);
    expect(Object.isFrozen(rt.F)).toBe(true);
    expect(Object.getPrototypeOf(rt.F)).toBe(null);
  });
});

describe('macros and caller do not open the sandbox', () => {
  it.each([
    '{% macro m() %}{% endmacro %}{{ m.__globals__ }}',
    '{% macro m() %}{% endmacro %}{{ m|attr("__globals__") }}',
    '{% macro m() %}{% endmacro %}{{ m.__class__.__mro__ }}',
    '{% macro m() %}{% endmacro %}{{ m.constructor }}',
    "{% macro m() %}{% endmacro %}{{ m['__proto__'] }}",
    '{% macro m() %}{% endmacro %}{{ m._func }}{{ m.func_globals }}',
    '{% macro m() %}{{ caller.__globals__ }}{% endmacro %}{% call m() %}x{% endcall %}',
    '{% macro m() %}{{ caller.constructor("return process")() }}{% endmacro %}{% call m() %}x{% endcall %}',
    '{% macro m(constructor) %}{% endmacro %}',
    '{% macro __proto__() %}{% endmacro %}',
    '{% with __class__ = 1 %}{% endwith %}',
  ])('%s is refused when compiled', (template) => {
    expect(compileError(template)).toBeInstanceOf(TemplateCompileError);
  });

  it.each([
    ['{% set n = "__glo" ~ "bals__" %}{% macro m() %}{% endmacro %}{{ m|attr(n) is defined }}', 'False'],
    ['{% set n = "const" ~ "ructor" %}{% macro m() %}{% endmacro %}{{ m|attr(n) is defined }}', 'False'],
    ['{% macro m() %}{% endmacro %}{{ m._func is defined }}|{{ m.body is defined }}|{{ m.name }}|{{ m.arguments }}', 'False|False|m|()'],
    ['{% macro m() %}{{ caller|attr("_func") is defined }}{% endmacro %}{% call m() %}x{% endcall %}', 'False'],
    ['{% set k = "__glo" ~ "bals__" %}{% macro m() %}{% endmacro %}{{ m[k] is defined }}', 'False'],
    ['{% macro m() %}{% endmacro %}{{ m }}', "&lt;Macro &#39;m&#39;&gt;"],
    ['{% set n = "const" ~ "ructor" %}{% macro m() %}{{ kwargs|attr(n) is defined }}{{ kwargs|length }}{% endmacro %}{{ m(**{n: 1, "__proto__": 2}) }}', 'False2'],
    ['{% set n = "const" ~ "ructor" %}{% macro m() %}{{ caller(*varargs) }}{% endmacro %}{% call(a) m(n) %}{{ a }}|{{ a|attr(n) is defined }}{% endcall %}', 'constructor|False'],
  ])('%s stays inside the template', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('charges the render budget for every macro and caller call', () => {
    const fn = compileToFunction('{% macro m(n) %}{% if n > 0 %}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(10) }}');
    configureRenderLimits({ maxWork: 5 });
    try {
      expect(() => fn(new Map(), envFor({}))).toThrow(TemplateRenderError);
    } finally {
      configureRenderLimits(DEFAULT_RENDER_LIMITS);
    }
    expect(fn(new Map(), envFor({}))).toBe('');
  });
});

describe('generated code cannot be steered by template text', () => {
  it.each([
    ['{{ "${process.exit(1)}" }}', '${process.exit(1)}'],
    ['{{ "`" }}{{ "\\u2028" }}x', '`\u2028x'],
    ['a */ b /* c', 'a */ b /* c'],
    ['{{ "\\");process.exit(1);(\\"" }}', '&#34;);process.exit(1);(&#34;'],
    ['{% autoescape false %}{{ "\\");process.exit(1);(\\"" }}{% endautoescape %}', '");process.exit(1);("'],
    ["{% set o = 'clobbered' %}{% set rt = 1 %}{% set v = 2 %}{% set env = 3 %}{% set k1 = 4 %}ok {{ o }} {{ rt }} {{ v }} {{ env }} {{ k1 }}", 'ok clobbered 1 2 3 4'],
    ['{% set ñ = "unicode" %}{% set 名前 = "name" %}{{ ñ }} {{ 名前 }}', 'unicode name'],
  ])('%s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('compiled code reaches nothing but rt, v and env', () => {
    const parsed = parseTemplate(
      "{% for x in xs if x %}{{ x.a|upper ~ process_name }}{% set y = x['b'] %}{{ loop.index }}{% endfor %}{{ now() }}{{ xs|join(attribute='a') }}{{ 1.0 }}{{ 12345678901234567890 }}{{ f(k=1) }}{{ d.items() }}{{ (1,)[0:1] }}{{ a or b and not c }}",
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { code } = compileTemplate(parsed.ast, { source: '' });
    const identifiers = new Set(code.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/(?<![.\w$])[A-Za-z_$][\w$]*/g));
    const allowed = /^(?:rt|v|env|o|let|const|for|if|else|return|null|void|true|false|items|depth|[oklLacinjsurwRMC]\d+|l\d+_\w+|g\d+_\w+)$/;
    expect([...identifiers].filter((id) => !allowed.test(id))).toEqual([]);
  });
});
