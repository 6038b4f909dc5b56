// The statements issue 13 added (macro, call, with, recursive loops, lone blocks, autoescape)
// and Markup behaviour, each rendered by real Jinja2 3.1 and by Conduit in both escaping modes.
import type { Case } from '../harness.js';
import { c } from './case-builder.js';

const STATEMENTS: readonly Case[] = [
  c('macro with defaults', '{% macro m(a, b=2, c=a) %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}{{ m(1) }}|{{ m(1, c=5) }}|{{ m(b=7, a=0) }}'),
  c('macro varargs and kwargs', '{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k=4) }}'),
  c('macro too many arguments fails', '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}'),
  c('macro unknown keyword fails', '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, z=2) }}'),
  c('macro missing parameter is undefined', '{% macro m(a, b) %}[{{ b }}]{{ b is defined }}{% endmacro %}{{ m(1) }}'),
  c('macro reads outer variable at call time', '{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{{ m() }}{% set x = 2 %}{{ m() }}'),
  c('macro recursion', '{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(4) }}'),
  c('macro attributes', '{% macro m(a, b) %}{{ caller() }}{{ varargs }}{% endmacro %}{{ m.name }} {{ m.arguments }} {{ m.caller }} {{ m.catch_varargs }} {{ m.catch_kwargs }}'),
  c('macro set inside does not leak', '{% macro m() %}{% set y = 5 %}{{ y }}{% endmacro %}{{ m() }}[{{ y }}]'),
  c('macro result in expressions', "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m('a') ~ '&' }}|{{ m('b')|upper }}|{{ m('c')|length }}"),
  c('call block', '{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap("b") %}hi {{ s }}{% endcall %}'),
  c('call block with arguments', '{% macro each(xs) %}{% for x in xs %}{{ caller(x, loop.index) }}{% endfor %}{% endmacro %}{% call(item, n) each(people) %}{{ n }}:{{ item.name }};{% endcall %}'),
  c('call block caller twice', '{% macro twice() %}{{ caller() }}{{ caller() }}{% endmacro %}{% call twice() %}<x>{% endcall %}'),
  c('caller missing is undefined', '{% macro m() %}[{{ caller is defined }}]{% endmacro %}{{ m() }}'),
  c('caller is an anonymous macro', '{% macro m() %}{{ caller.name }}|{{ caller }}|{{ caller.name is none }}|{{ caller.arguments }}{% endmacro %}{% call(a) m() %}{% endcall %}'),
  c('caller printed among kwargs', '{% macro m() %}{{ kwargs }}{% endmacro %}{% call m(**{"a": 1}) %}c{% endcall %}'),
  c('with block', '{% with a = 1, b = i %}{{ a + b }}{% endwith %}[{{ a }}]'),
  c('with values read the outer scope', '{% set a = 10 %}{% with a = 1, b = a %}{{ a }} {{ b }}{% endwith %}'),
  c('with unpacking', '{% with a, b = [1, 2] %}{{ b }}{{ a }}{% endwith %}'),
  c('recursive loop', '{% for n in tree recursive %}{{ loop.depth }}:{{ n.name }}{% if n.children %}[{{ loop(n.children) }}]{% endif %}{% endfor %}', {
    tree: [{ name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }, { name: 'd' }] }, { name: 'e' }],
  }),
  c('recursive loop depth0 and index', '{% for n in tree recursive %}{{ loop.depth0 }}{{ loop.index }}{% if n.c %}({{ loop(n.c) }}){% endif %}{% endfor %}', { tree: [{ c: [{}, { c: [{}] }] }, {}] }),
  c('non-recursive loop call fails', '{% for x in xs %}{{ loop(xs) }}{% endfor %}'),
  c('loop previtem nextitem changed cycle', '{% for x in [1, 1, 2, 3, 3] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}{{ loop.changed(x) }}{{ loop.cycle("a", "b") }};{% endfor %}'),
  c('lone block renders in place', '{% set x = 1 %}{% block content %}[{{ x }} {{ s }}]{% endblock %}after'),
  c('lone block in a loop does not see the loop variable', '{% for v in [1, 2] %}{% block b %}[{{ v }}]{% endblock %}{% endfor %}'),
  c('scoped block sees the loop variable', '{% for v in [1, 2] %}{% block b scoped %}[{{ v }}]{% endblock %}{% endfor %}'),
  c('namespace in macro', '{% set ns = namespace(n=0) %}{% macro inc() %}{% set ns.n = ns.n + 1 %}{% endmacro %}{{ inc() }}{{ inc() }}{{ ns.n }}'),
  c('filter block with macro', '{% macro m() %}a<b{% endmacro %}{% filter upper %}{{ m() }}{% endfilter %}'),
  c('markup filters', "{{ '<b>'|safe }} {{ '<b>'|e }} {{ '<b>'|escape|escape }} {{ '<b>'|safe|forceescape }} {{ '<i>'|safe is escaped }} {{ 'x' is escaped }}"),
  // A variable, not a literal: Jinja2's optimizer folds `'<b>'|safe ~ '<i>'` into a plain str.
  c('markup concatenation', "{% set b = '<b>'|safe %}{{ b ~ '<i>' }} {{ '<i>' ~ b }} {{ '<' ~ '>' }} {{ b + '<' }} {{ quote ~ b }}"),
  c('markup join and replace', "{{ ['<a>', '<b>'|safe]|join(', ') }} {{ ['<a>', 'b']|join('<br>'|safe) }} {{ '<a> b'|replace(' ', '<br>'|safe) }} {{ ('<p>%s</p>'|safe)|format('<x>') }}"),
  c('markup string methods', "{{ ('<b>x</b>'|safe)|upper }} {{ ('<b>'|safe)|center(7) }} {{ ('<b> '|safe)|trim }} {{ ('<b>'|safe)|string }}"),
  c('markup percent', "{{ ('<b>%s</b>'|safe) % '<i>' }} {{ '<b>%s</b>' % ('<i>'|safe) }}"),
  c('tojson and json_encode', "{{ {'a': '<x>', 'b': \"it's\"}|tojson }} {{ {'a': '<x>'}|json_encode }}"),
  c('urlize and xmlattr', "{{ 'see https://example.com/a?b=1&c=2 now'|urlize }} <p{{ {'class': 'a<b', 'id': 1}|xmlattr }}>"),
  c('striptags wordwrap indent', "{{ '<p>a  <b>b</b></p>'|striptags }}|{{ 'aaa bbb ccc'|wordwrap(4) }}|{{ 'a\\nb'|indent(2, true) }}"),
  c('autoescape tag', "{% autoescape false %}{{ '<x>' }}{% endautoescape %}{% autoescape true %}{{ '<y>' }}{% endautoescape %}"),
  c('block set is markup', '{% set x %}<b>{{ quote }}</b>{% endset %}{{ x }}|{{ x|length }}'),
  c('printing a dict escapes its repr', '{{ d }} {{ quote }} {{ html }}'),
  c('missing secret keeps its text', "{{ get_secret('nope') }}"),
  c('missing variable keeps its text', "{{ get_variable('nope') }}|{{ get_variable('nope') | default('fallback') }}"),
  c('now is unix seconds', '{"iat": {{ now() }}, "exp": {{ now(300) }}, "later": {{ now() + 3600 }}}'),
];

/** The corpus (./all-cases.ts) renders every case in both modes: autoescape on (the reference default) and off. */
export const STATEMENT_CASES: readonly Case[] = STATEMENTS;
