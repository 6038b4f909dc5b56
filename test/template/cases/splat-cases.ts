// Python's call splats, `f(a, *rest, k=1, **opts)`, wherever Jinja2 takes call arguments: globals,
// macros and `caller`, methods, `loop.cycle`/`loop.changed`, filters and tests; the orders the
// parser accepts and refuses; and the TypeErrors of a splat Python cannot take (a non-iterable
// after `*`, a non-mapping or non-string keys after `**`, a keyword given twice).
import { c } from './case-builder.js';

const SPLAT_CONTEXT = {
  bounds: [1, 5],
  stop: [4],
  opts: { a: 1, b: '<b>' },
  kw: { width: 9 },
  pair: ['x', 'y'],
  letters: 'abc',
  five: 5,
  none: null,
  nums: [3, 1, 2],
  rows: [{ name: 'Ada', age: 36 }, { name: 'bob', age: 25 }],
  int_keys: { '1': 'one' },
  sep: { d: '-' },
  angle: 'a<b',
};

const s = (name: string, template: string) => c(`splat: ${name}`, template, SPLAT_CONTEXT);

const DETAIL = '{% macro detail(icon, value) -%}[{{ icon }}|{{ value }}|{{ varargs }}|{{ kwargs }}]{%- endmacro %}';

export const SPLAT_CASES = [
  // globals
  s('range over a list', '{{ range(*bounds)|list }}'),
  s('range with a written positional first', '{{ range(0, *stop)|list }}'),
  s('range over a string fails (str is no int)', "{{ range(*'12')|list }}"),
  s('range over nothing fails (no argument)', '{{ range(*[])|list }}'),
  s('range over an undefined splats nothing', '{{ range(*missing)|list }}'),
  s('star of an int is a TypeError', '{{ range(*five)|list }}'),
  s('star of none is a TypeError', '{{ range(*none)|list }}'),
  s('dict of a mapping', '{{ dict(**opts) }}'),
  s('dict with written keywords and a mapping', '{{ dict(z=0, **opts)|dictsort }}'),
  s('dict keyword given twice', '{{ dict(a=0, **opts) }}'),
  s('double star of a list is a TypeError', '{{ dict(**nums) }}'),
  s('double star of an undefined fails', '{{ dict(**missing) }}'),
  s('double star of a namespace is a TypeError', '{% set ns = namespace(a=1) %}{{ dict(**ns) }}'),
  s('double star of int keys is a TypeError', '{{ dict(**int_keys) }}'),
  s('double star of a literal dict', "{{ dict(**{'k': 'v'}) }}"),
  s('namespace from a mapping', '{% set ns = namespace(**opts) %}{{ ns.a }}{{ ns.b }}'),
  s('cycler over a list', '{% set c = cycler(*pair) %}{{ c.next() }}{{ c.next() }}{{ c.next() }}'),
  s('joiner with a splatted separator', '{% set j = joiner(*["+"]) %}{{ j() }}a{{ j() }}b'),
  s('lipsum with keywords from a mapping', "{{ lipsum(**{'n': 1, 'html': false, 'min': 1, 'max': 1})|length > 0 }}"),
  // macros and caller
  s('macro with positionals from a list', DETAIL + '{{ detail(*pair) }}'),
  s('macro extra positionals land in varargs', DETAIL + "{{ detail('i', *nums) }}"),
  s('macro keywords from a mapping land in kwargs', DETAIL + "{{ detail('i', 'v', **opts) }}"),
  s('macro parameter from a mapping', DETAIL + "{{ detail(**{'icon': 'I', 'value': 'V'}) }}"),
  s('macro parameter twice (positional and mapping)', DETAIL + "{{ detail('i', **{'icon': 'I'}) }}"),
  s('macro with too many splatted positionals', "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(*nums) }}"),
  s('macro with an unknown keyword from a mapping', "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, **opts) }}"),
  s('caller with varargs', "{% macro m() %}{{ caller(1, *varargs) }}{% endmacro %}{% call(a, b, c) m(2, 3) %}{{ a }}{{ b }}{{ c }}{% endcall %}"),
  s('caller given again through a mapping', "{% macro m() %}{{ caller() }}{% endmacro %}{% call m(**{'caller': 1}) %}x{% endcall %}"),
  s('call block with splatted arguments', DETAIL.replace('{%- endmacro', '{{ caller() }}{%- endmacro') + '{% call detail(*pair, **opts) %}body{% endcall %}'),
  // methods
  s('string method with splatted arguments', "{{ '{}-{}'.format(*pair) }}"),
  s('string method with keywords from a mapping', "{{ '{a}/{b}'.format(**opts) }}"),
  s('replace with splatted arguments', "{{ 'a-b-c'.replace(*['-', '+']) }}"),
  s('dict get with a splat', "{{ opts.get(*['z', 'default']) }}"),
  s('list append with a splat', '{% set l = [] %}{% set _ = l.append(*pair[:1]) %}{{ l }}'),
  // loop methods
  s('loop cycle over a splat', '{% for n in nums %}{{ loop.cycle(*pair) }}{% endfor %}'),
  s('loop cycle with a written item and a splat', '{% for n in nums %}{{ loop.cycle("<", *pair) }}{% endfor %}'),
  s('loop cycle over an empty splat fails', '{% for n in nums %}{{ loop.cycle(*[]) }}{% endfor %}'),
  s('loop changed with a splat', '{% for n in [1, 1, 2] %}{{ loop.changed(*[n]) }}{% endfor %}'),
  s('loop cycle with a splat in a dynamic loop', '{% for n in nums %}{% set l = loop %}{{ l.cycle(*pair) }}{% endfor %}'),
  s('recursive loop called with a splat', '{% for r in [[1, [2]]] recursive %}{{ r if r is number else loop(*[r]) }}{% endfor %}'),
  // filters
  s('filter argument from a list', "{{ 'x'|center(*[5]) }}"),
  s('filter keyword from a mapping', "{{ 'x'|center(**kw) }}"),
  s('filter argument twice (splat and mapping)', "{{ 'x'|center(*[5], **kw) }}"),
  s('filter with too many splatted arguments', "{{ 'x'|center(*[1, 2, 3]) }}"),
  s('filter with an unknown keyword from a mapping', "{{ 'x'|center(**opts) }}"),
  s('join with a splatted separator', '{{ nums|join(*["|"]) }}'),
  s('join keyword from a mapping', '{{ nums|join(**sep) }}'),
  s('map with a splatted filter name', "{{ pair|map(*['upper'])|join }}"),
  s('map with attribute from a mapping', "{{ rows|map(**{'attribute': 'name'})|join(',') }}"),
  s('sort with splatted arguments', '{{ nums|sort(*[true]) }}'),
  s('format with splatted arguments', "{{ '%s-%s'|format(*pair) }}"),
  // The input is a variable: Jinja2's optimizer folds a literal one without autoescaping.
  s('replace with Markup arguments from a splat', "{{ angle|replace(*['a', '&'|safe]) }}"),
  s('default with a splat', "{{ missing|default(*['<dflt>']) }}"),
  s('filter splat of an int is a TypeError', "{{ 'x'|center(*five) }}"),
  s('filter block with splatted arguments', '{% filter center(*[7]) %}ab{% endfilter %}'),
  s('filter block with splatted variables', '{% set w = [7] %}{% filter center(*w) %}ab{% endfilter %}{% filter center(**kw) %}{{ pair }}{% endfilter %}'),
  s('filter block splat set inside the body', '{% filter center(*w) %}{% set w = [3] %}ab{% endfilter %}'),
  // Set in the template: Jinja2 cannot compile a block set's filter reading a context variable.
  s('block set with a splatted filter argument', '{% set p = pair %}{% set x | replace(*p) %}xyz{% endset %}{{ x }}'),
  // tests
  s('test argument from a list', '{{ 10 is divisibleby(*[5]) }}'),
  s('test keyword from a mapping', "{{ 10 is divisibleby(**{'num': 3}) }}"),
  s('test with a missing splatted argument', '{{ 10 is divisibleby(*[]) }}'),
  s('test sameas with a splat', '{{ none is sameas(*[none]) }}'),
  s('negated test with a splat', '{{ 3 is not in(*[nums]) }}'),
  s('select with a splatted test name', "{{ nums|select(*['odd'])|list }}"),
  // syntax
  s('positional after a star is a syntax error', '{{ range(*stop, 2) }}'),
  s('keyword after a double star is a syntax error', '{{ dict(**opts, a=1) }}'),
  s('two stars are a syntax error', '{{ range(*stop, *stop) }}'),
  s('two double stars are a syntax error', '{{ dict(**opts, **opts) }}'),
  s('star after a double star is a syntax error', '{{ dict(**opts, *stop) }}'),
  s('keyword after a star is fine', "{{ dict(*[], a=1) }}"),
  s('star after a keyword is fine', "{{ '{}{x}'.format(x=1, *pair) }}"),
  s('trailing comma after splats', '{{ dict(*[], **opts,) }}'),
  s('splat of an expression', '{{ range(*(bounds if true else stop))|list }}'),
  s('splat of a filtered value', '{{ range(*nums|sort|list|batch(2)|first)|list }}'),
  s('star without a value is a syntax error', '{{ range(*) }}'),
];
