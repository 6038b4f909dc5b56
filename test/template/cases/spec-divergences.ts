// Where SPEC says Conduit differs from Jinja2 on purpose, each a named case asserting what Conduit
// does (and, in the differential test, that Jinja2's sandbox does something else):
// - §2 Safety: `constructor`, `__proto__`, `prototype`, `__class__`, `mro`, `__globals__` and
//   similar are rejected at compile time, where Jinja2's sandbox renders an undefined value;
//   through macros and caller() closures too.
// (The unknown-test and `extends` divergences sit with the pallets cases they come from:
// test_tests.py::test_name_undefined_in_if, test_regression.py::test_extends_output_bugs.)
import type { Case } from '../harness.js';
import { c } from './case-builder.js';

const UNSAFE = '§2 Safety: unsafe member names are rejected at compile time (Jinja2\'s sandbox renders them undefined)';
const CONTEXT = { s: 'x', d: {}, items: [1] };

function unsafe(name: string, template: string): Case {
  return c(`spec divergence: ${name}`, template, CONTEXT, { divergence: { spec: UNSAFE, conduit: 'error' } });
}

export const SPEC_DIVERGENCE_CASES: readonly Case[] = [
  unsafe('__class__ attribute', '{{ s.__class__ }}'),
  unsafe('constructor attribute', '{{ s.constructor }}'),
  unsafe('__proto__ attribute', '{{ d.__proto__ }}'),
  unsafe('prototype attribute', '{{ s.prototype }}'),
  unsafe('mro attribute', '{{ s.mro }}'),
  unsafe('__globals__ attribute', '{{ d.__globals__ }}'),
  unsafe('__class__ subscript', '{{ d["__class__"] }}'),
  unsafe('__class__ through attr()', '{{ s|attr("__class__") }}'),
  unsafe('constructor in a loop', '{% for i in items %}{{ i.constructor }}{% endfor %}'),
  unsafe('__globals__ of a macro', '{% macro m() %}x{% endmacro %}{{ m.__globals__ }}'),
  unsafe('__globals__ of caller', '{% macro m() %}{{ caller.__globals__ }}{% endmacro %}{% call m() %}x{% endcall %}'),
  unsafe('constructor of a macro argument', '{% macro m(v) %}{{ v.constructor }}{% endmacro %}{{ m(s) }}'),
  // Both refuse these: Jinja2's sandbox raises once the chain goes past the first unsafe step.
  c('spec safety: __mro__ chain fails in both', '{{ s.__class__.__mro__ }}', CONTEXT),
  c('spec safety: __init__.__globals__ fails in both', '{{ cycler.__init__.__globals__ }}', CONTEXT),
];
