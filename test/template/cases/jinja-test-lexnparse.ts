// Transcribed from pallets/jinja tests/test_lexnparse.py (lexer and parser), one case per
// assertion or parameter set; a test that only checks that a template compiles renders it.
// Skipped (58 tests): TestTokenStream (2, token API); test_raw3, test_raw4 and 44 of the 47
// TestLstripBlocks/TestTrimBlocks tests (lstrip_blocks/trim_blocks environments: Conduit has
// Jinja2's defaults; the 3 that use the defaults are here); TestLexer.test_balancing,
// test_comments, TestParser.test_php_syntax, test_erb_syntax, test_comment_syntax,
// test_line_syntax, test_line_syntax_priority (7; custom delimiters or line statements);
// test_operators (lexer tokens), test_call (a Python global taking *args/**kwargs),
// test_implicit_subscribed_tuple (an object with __getitem__), test_neg_filter_priority (AST
// shape; its rendering is test_parse_unary).
import { transcriber } from './case-builder.js';

const t = transcriber('test_lexnparse.py');

const NAMES: readonly [string, boolean][] = [
  ['foo', true], ['föö', true], ['き', true], ['_', true], ['1a', false], ['a-', false],
  ['\u{1f40d}a', false], ['a🐍\u{1f40d}', false], ['\u1885', true], ['\u1886', true], ['\u2118', true], ['\u212e', true],
  ['\xb7', false], ['a\xb7', true],
];
const NUMERIC_LITERALS = ['1', '123', '12_34_56', '1.2', '34.56', '3_4.5_6', '1e0', '10e1', '2.5e100', '2.5e+100', '25.6e-10', '1_2.3_4e5_6', '0', '0_00', '0b1001_1111', '0o123', '0o1_23', '0x123abc', '0x12_3abc'];
const FUNCTION_CALLS = ['*foo, bar', '*foo, *bar', '**foo, *bar', '**foo, bar', '**foo, **bar', '**foo, bar=42', 'foo, bar', 'foo, bar=42', 'foo, bar=23, *args', 'foo, *args, bar=23', 'a, b=c, *d, **e', '*foo, bar=42', '*foo, **bar', '*foo, bar=42, **baz', 'foo, *args, bar=23, **baz'];
const TUPLE_EXPRS = ['{{ () }}', '{{ (1, 2) }}', '{{ (1, 2,) }}', '{{ 1, }}', '{{ 1, 2 }}', '{% for foo, bar in seq %}...{% endfor %}', '{% for x in foo, bar %}...{% endfor %}', '{% for x in foo, %}...{% endfor %}'];
const STRING_ESCAPES: readonly [string, string][] = [['\\0', "'\\x00'"], ['\\u2668', "'♨'"], ['\\xe4', "'ä'"], ['\\t', "'\\t'"], ['\\r', "'\\r'"], ['\\n', "'\\n'"]];

export const JINJA_TEST_LEXNPARSE_CASES = [
  // TestLexer
  t('test_raw1', '{% raw %}foo{% endraw %}|{%raw%}{{ bar }}|{% baz %}{%       endraw    %}'),
  t('test_raw2', '1  {%- raw -%}   2   {%- endraw -%}   3'),
  ...STRING_ESCAPES.map(([name, repr]) => t(`test_string_escapes[${name}]`, `{{ ${repr} }}`)),
  // Python itself decodes \N{HOT SPRINGS} in the test's source: the template holds the character.
  t('test_string_escapes', '{{ "\u2668" }}'),
  t('test_bytefallback', "{{ 'foo'|pprint }}|{{ 'bär'|pprint }}"),
  t('test_normalizing', '1\n2\r\n3\n4\n'),
  t('test_trailing_newline', ''),
  t('test_trailing_newline', 'no\nnewline'),
  t('test_trailing_newline', 'with\nnewline\n'),
  t('test_trailing_newline', 'with\nseveral\n\n\n'),
  ...NAMES.map(([name, valid]) => t(`test_name[${name}-${valid}]`, `{{ ${name} }}`)),
  t('test_lineno_with_strip', `<html>
    <body>
    {%- block content -%}
        <hr>
        {{ item }}
    {% endblock %}
    </body>
</html>`, { item: '<li>' }),
  // TestParser
  t('test_balancing', "{{{'foo':'bar'}.foo}}"),
  t('test_start_comment', `{# foo comment
and bar comment #}
{% macro blub() %}foo{% endmacro %}
{{ blub() }}`),
  t('test_error_messages', '{% for item in seq %}...{% endif %}'),
  t('test_error_messages', '{% if foo %}{% for item in seq %}...{% endfor %}{% endfor %}'),
  t('test_error_messages', '{% if foo %}'),
  t('test_error_messages', '{% for item in seq %}'),
  t('test_error_messages', '{% block foo-bar-baz %}'),
  t('test_error_messages', '{% unknown_tag %}'),
  // TestSyntax
  t('test_slicing', '{{ [1, 2, 3][:] }}|{{ [1, 2, 3][::-1] }}'),
  t('test_attr', "{{ foo.bar }}|{{ foo['bar'] }}", { foo: { bar: 42 } }),
  t('test_subscript', '{{ foo[0] }}|{{ foo[-1] }}', { foo: [0, 1, 2] }),
  t('test_tuple', '{{ () }}|{{ (1,) }}|{{ (1, 2) }}'),
  t('test_math', '{{ (1 + 1 * 2) - 3 / 2 }}|{{ 2**3 }}'),
  t('test_div', '{{ 3 // 2 }}|{{ 3 / 2 }}|{{ 3 % 2 }}'),
  t('test_unary', '{{ +3 }}|{{ -3 }}'),
  t('test_concat', "{{ [1, 2] ~ 'foo' }}"),
  ...['1 > 0', '1 >= 1', '2 < 3', '3 <= 4', '4 == 4', '4 != 5'].map((e) => t(`test_compare[${e}]`, `{{ ${e} }}`)),
  t('test_compare_parens', '{{ i * (j < 5) }}', { i: 2, j: 3 }),
  ...['{{ 4 < 2 < 3 }}', '{{ a < b < c }}', '{{ 4 > 2 > 3 }}', '{{ a > b > c }}', '{{ 4 > 2 < 3 }}', '{{ a > b < c }}'].map((src) => t(`test_compare_compound[${src}]`, src, { a: 4, b: 2, c: 3 })),
  t('test_inop', '{{ 1 in [1, 2, 3] }}|{{ 1 not in [1, 2, 3] }}'),
  ...['[]', '{}', '()'].map((v) => t(`test_collection_literal[${v}]`, `{{ ${v} }}`)),
  ...NUMERIC_LITERALS.map((v) => t(`test_numeric_literal[${v}]`, `{{ ${v} }}`)),
  t('test_bool', '{{ true and false }}|{{ false or true }}|{{ not false }}'),
  t('test_grouping', '{{ (true and false) or (false and true) and not false }}'),
  t('test_django_attr', '{{ [1, 2, 3].0 }}|{{ [[1]].0.0 }}'),
  t('test_conditional_expression', '{{ 0 if true else 1 }}'),
  t('test_short_conditional_expression', '<{{ 1 if false }}>'),
  t('test_short_conditional_expression', '<{{ (1 if false).bar }}>'),
  t('test_filter_priority', '{{ "foo"|upper + "bar"|upper }}'),
  ...FUNCTION_CALLS.map((sig) => t(`test_function_calls[${sig}]`, `{{ foo(${sig}) }}`)),
  ...TUPLE_EXPRS.map((src) => t(`test_tuple_expr[${src}]`, src, { seq: [[1, 2]], foo: 1, bar: 2 })),
  t('test_trailing_comma', '{{ (1, 2,) }}|{{ [1, 2,] }}|{{ {1: 2,} }}'),
  t('test_block_end_name', '{% block foo %}...{% endblock foo %}'),
  t('test_block_end_name', '{% block x %}{% endblock y %}'),
  ...['True', 'False', 'None'].map((c) => t(`test_constant_casing[${c}]`, `{{ ${c} }}|{{ ${c.toLowerCase()} }}|{{ ${c.toUpperCase()} }}`)),
  t('test_test_chaining', '{{ foo is string is sequence }}'),
  t('test_test_chaining', '{{ 42 is string or 42 is number }}'),
  t('test_string_concatenation', '{{ "foo" "bar" "baz" }}'),
  t('test_notin', '{{ not 42 in bar }}', { bar: Array.from({ length: 100 }, (_v, i) => i) }),
  t('test_notin', '{{ not 42 in range(100) }}'),
  t('test_operator_precedence', '{{ 2 * 3 + 4 % 2 + 1 - 2 }}'),
  t('test_raw2', '{% raw %}{{ FOO }} and {% BAR %}{% endraw %}'),
  t('test_const', '{{ true }}|{{ false }}|{{ none }}|{{ none is defined }}|{{ missing is defined }}'),
  t('test_const_assign', '{% set true = 42 %}'),
  t('test_const_assign', '{% for none in seq %}{% endfor %}'),
  t('test_localset', '{% set foo = 0 %}{% for item in [1, 2] %}{% set foo = 1 %}{% endfor %}{{ foo }}'),
  t('test_parse_unary', '{{ -foo["bar"] }}', { foo: { bar: 42 } }),
  t('test_parse_unary', '{{ -foo["bar"]|abs }}', { foo: { bar: 42 } }),
  // TestLstripBlocks / TestTrimBlocks: only the tests whose environment is the default one.
  t('test_lstrip_blocks_false_with_no_lstrip', '    {% if True %}\n    {% endif %}'),
  t('test_lstrip_blocks_false_with_no_lstrip', '    {%+ if True %}\n    {%+ endif %}'),
  t('test_lstrip_trim_blocks_consume_before_without_new_line', '  {%- if kvs %}   {%- for k, v in kvs %}{{ k }}={{ v }} {% endfor -%}  {%- endif %}', { kvs: [['a', 1], ['b', 2]] }),
  t('test_trim_blocks_false_with_no_trim', '    {% if True %}\n    {% endif %}'),
  t('test_trim_blocks_false_with_no_trim', '    {% if True +%}\n    {% endif %}'),
  t('test_trim_blocks_false_with_no_trim', '    {# comment #}\n    '),
  t('test_trim_blocks_false_with_no_trim', '    {# comment +#}\n    '),
  t('test_trim_blocks_false_with_no_trim', '    {% raw %}{% endraw %}\n    '),
  t('test_trim_blocks_false_with_no_trim', '    {% raw %}{% endraw +%}\n    '),
];
