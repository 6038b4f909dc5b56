// Transcribed from the synchronous parts of pallets/jinja tests/test_api.py, one case per
// assertion; where a test calls the Python API on something a template can express (a cycler, the
// templates meta.* inspects or streams), the template is rendered instead.
// Skipped (21): test_finalize, test_finalize_constant_expression, test_no_finalize_template_data,
// test_context_finalize, test_eval_finalize, test_env_autoescape (finalize callbacks),
// test_expressions (compile_expression), test_template_passthrough, test_get_template_undefined,
// test_find_refererenced_templates, test_find_included_templates (loaders), test_streaming_behavior
// (stream API), test_stopiteration_is_undefined, test_undefined_and_special_attributes,
// test_undefined_attribute_error (Python objects), test_logging_undefined, test_chainable_undefined,
// test_debug_undefined, test_strict_undefined (other Undefined classes), test_custom_code_generator,
// test_custom_context (subclassed environments).
import { transcriber } from './case-builder.js';

const t = transcriber('test_api.py');
const streamTemplate = '<ul>{% for item in seq %}<li>{{ loop.index }} - {{ item }}</li>{%- endfor %}</ul>';

export const JINJA_TEST_API_CASES = [
  t('test_item_and_attribute', '{{ foo.items()|list }}', { foo: { items: 42 } }),
  t('test_item_and_attribute', '{{ foo|attr("items")()|list }}', { foo: { items: 42 } }),
  t('test_item_and_attribute', '{{ foo["items"] }}', { foo: { items: 42 } }),
  t('test_cycler', '{% set c = cycler(1, 2, 3) %}{% for i in range(6) %}{{ c.current }}{{ c.next() }},{% endfor %}{{ c.next() }}{{ c.current }}{{ c.reset() }}{{ c.current }}'),
  t('test_autoescape_autoselect', '{{ foo }}', { foo: '<foo>' }),
  t('test_sandbox_max_range', '{% for item in range(total) %}{{ item }}{% endfor %}', { total: 100001 }),
  t('test_sandbox_max_range', '{% for item in range(total) %}{{ item }}{% endfor %}', { total: 10 }),
  t('test_find_undeclared_variables', '{% set foo = 42 %}{{ bar + foo }}', { bar: 1 }),
  t('test_find_undeclared_variables', '{% set foo = 42 %}{{ bar + foo }}{% macro meh(x) %}{{ x }}{% endmacro %}{% for item in seq %}{{ muh(item) + meh(seq) }}{% endfor %}', { bar: 1, seq: [1] }),
  t('test_find_undeclared_variables', '{% for x in range(5) %}{{ x }}{% endfor %}{{ foo }}', { foo: '!' }),
  t('test_basic_streaming', streamTemplate, { seq: [0, 1, 2] }),
  t('test_buffered_streaming', streamTemplate, { seq: ['<a>', 'b&c', '"d"'] }),
  t('test_dump_stream', '\u2713'),
  t('test_default_undefined', '{{ missing }}'),
  t('test_default_undefined', '{{ missing.attribute }}'),
  t('test_default_undefined', '{{ missing|list }}'),
  t('test_default_undefined', '{{ missing is not defined }}'),
  t('test_default_undefined', '{{ foo.missing }}', { foo: 42 }),
  t('test_default_undefined', '{{ not missing }}'),
  t('test_default_undefined', '{{ missing - 1}}'),
  t('test_default_undefined', "{{ 'foo' in missing }}"),
  t('test_default_undefined', '{{ missing == nothing }}|{{ missing != 42 }}'),
  t('test_indexing_gives_undefined', '{{ var[42].foo }}', { var: 0 }),
  t('test_none_gives_proper_error', '{{ none.split() }}'),
  t('test_object_repr', '{{ (42).upper() }}'),
];
