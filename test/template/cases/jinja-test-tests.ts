// Transcribed from pallets/jinja tests/test_tests.py (Jinja2's own tests of `is` tests), one case
// per assertion or parameter set.
// Skipped: 3 tests — test_multiple_tests (a custom test function), test_is_filter and test_is_test
// (env.call_test, no template) — and the `complex is number` parameter (no complex numbers in JSON).
// `mydict` (a dict subclass) is a JSON object; test_escaped's Markup value is made with |safe.
import { transcriber } from './case-builder.js';

const t = transcriber('test_tests.py');

const TYPE_CHECKS = [
  'none is none', 'false is none', 'true is none', '42 is none',
  'none is true', 'false is true', 'true is true', '0 is true', '1 is true', '42 is true',
  'none is false', 'false is false', 'true is false', '0 is false', '1 is false', '42 is false',
  'none is boolean', 'false is boolean', 'true is boolean', '0 is boolean', '1 is boolean', '42 is boolean',
  '0.0 is boolean', '1.0 is boolean', '3.14159 is boolean',
  'none is integer', 'false is integer', 'true is integer', '42 is integer', '3.14159 is integer', '(10 ** 100) is integer',
  'none is float', 'false is float', 'true is float', '42 is float', '4.2 is float', '(10 ** 100) is float',
  'none is number', 'false is number', 'true is number', '42 is number', '3.14159 is number', '(10 ** 100) is number',
  'none is string', 'false is string', 'true is string', '42 is string', '"foo" is string',
  'none is sequence', 'false is sequence', '42 is sequence', '"foo" is sequence', '[] is sequence', '[1, 2, 3] is sequence', '{} is sequence',
  'none is mapping', 'false is mapping', '42 is mapping', '"foo" is mapping', '[] is mapping', '{} is mapping', 'mydict is mapping',
  'none is iterable', 'false is iterable', '42 is iterable', '"foo" is iterable', '[] is iterable', '{} is iterable', 'range(5) is iterable',
  'none is callable', 'false is callable', '42 is callable', '"foo" is callable', '[] is callable', '{} is callable', 'range is callable',
];

const COMPARE_ALIASES = ['eq 2', 'eq 3', 'ne 3', 'ne 2', 'lt 3', 'lt 2', 'le 2', 'le 1', 'gt 1', 'gt 2', 'ge 2', 'ge 3'];

export const JINJA_TEST_TESTS_CASES = [
  t('test_defined', '{{ missing is defined }}|{{ true is defined }}'),
  t('test_even', '{{ 1 is even }}|{{ 2 is even }}'),
  t('test_odd', '{{ 1 is odd }}|{{ 2 is odd }}'),
  t('test_lower', '{{ "foo" is lower }}|{{ "FOO" is lower }}'),
  ...TYPE_CHECKS.map((op) => t(`test_types[${op}]`, `{{ ${op} }}`, { mydict: {} })),
  t('test_upper', '{{ "FOO" is upper }}|{{ "foo" is upper }}'),
  t('test_equalto', '{{ foo is eq 12 }}|{{ foo is eq 0 }}|{{ foo is eq (3 * 4) }}|{{ bar is eq "baz" }}|{{ bar is eq "zab" }}|{{ bar is eq ("ba" + "z") }}|{{ bar is eq bar }}|{{ bar is eq foo }}', { foo: 12, bar: 'baz' }),
  ...COMPARE_ALIASES.map((op) => t(`test_compare_aliases[${op}]`, `{{ 2 is ${op} }}`)),
  t('test_sameas', '{{ foo is sameas false }}|{{ 0 is sameas false }}', { foo: false }),
  t('test_no_paren_for_arg1', '{{ foo is sameas none }}', { foo: null }),
  t('test_escaped', '{{ x is escaped }}|{{ y|safe is escaped }}', { x: 'foo', y: 'foo' }),
  t('test_greaterthan', '{{ 1 is greaterthan 0 }}|{{ 0 is greaterthan 1 }}'),
  t('test_lessthan', '{{ 0 is lessthan 1 }}|{{ 1 is lessthan 0 }}'),
  t('test_in', '{{ "o" is in "foo" }}|{{ "foo" is in "foo" }}|{{ "b" is in "foo" }}|{{ 1 is in ((1, 2)) }}|{{ 3 is in ((1, 2)) }}|{{ 1 is in [1, 2] }}|{{ 3 is in [1, 2] }}|{{ "foo" is in {"foo": 1}}}|{{ "baz" is in {"bar": 1}}}'),
  t('test_name_undefined', '{{ x is f }}'),
  t('test_name_undefined_in_if', '{% if x is defined %}{{ x is f }}{% endif %}', {}, {
    divergence: { spec: '§3: an unknown filter or test is a compile-time error (Jinja2 defers it inside an if to run time)', conduit: 'error' },
  }),
  t('test_name_undefined_in_if', '{% if x is defined %}{{ x is f }}{% endif %}', { x: 1 }),
];
