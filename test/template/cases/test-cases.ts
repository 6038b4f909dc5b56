// Every Jinja2 built-in test, including argument forms (`is divisibleby 3`, `is divisibleby(3)`).
import { c } from './case-builder.js';

const VALUES = "[0, 1, 2.0, 2.5, -3, '', 'abc', 'ABC', 'Abc', none, true, false, [], [1], {}, {'a': 1}, (1,), missing, d.keys(), range(3), xs|map('string')]";

export const TEST_CASES = [
  c('defined undefined', '{{ s is defined }} {{ missing is defined }} {{ missing is undefined }} {{ n is defined }} {{ d.zz is undefined }}'),
  c('none', '{{ n is none }} {{ 0 is none }} {{ missing is none }} {{ n is not none }}'),
  c('boolean true false', '{{ t is boolean }} {{ 1 is boolean }} {{ t is true }} {{ 1 is true }} {{ f is false }} {{ 0 is false }}'),
  c('integer float number', '{{ i is integer }} {{ t is integer }} {{ fl is integer }} {{ whole is float }} {{ i is float }} {{ i is number }} {{ fl is number }} {{ t is number }} {{ big is integer }} {{ s is number }}'),
  c('string mapping', '{{ s is string }} {{ i is string }} {{ d is mapping }} {{ xs is mapping }} {{ (quote|e) is string }}'),
  c('sequence iterable', "{{ xs is sequence }} {{ s is sequence }} {{ d is sequence }} {{ i is sequence }} {{ xs is iterable }} {{ i is iterable }} {{ d is iterable }} {{ missing is iterable }} {{ missing is sequence }}"),
  c('odd even divisibleby', '{{ 3 is odd }} {{ 3 is even }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ 10 is divisibleby(num=5) }} {{ -3 is odd }} {{ 3.0 is odd }}'),
  c('divisibleby zero fails', '{{ 3 is divisibleby 0 }}'),
  c('lower upper tests', "{{ 'abc' is lower }} {{ 'Abc' is lower }} {{ 'ABC' is upper }} {{ '123' is upper }} {{ 'ß' is lower }}"),
  c('comparison tests', "{{ 3 is eq 3 }} {{ 3 is equalto 4 }} {{ 3 is ne 4 }} {{ 3 is gt 2 }} {{ 3 is greaterthan 3 }} {{ 3 is ge 3 }} {{ 2 is lt 3 }} {{ 2 is lessthan 2 }} {{ 2 is le 2 }}"),
  c('comparison tests by operator name in select', "{{ xs|select('==', 1)|list }} {{ xs|select('!=', 1)|list }} {{ xs|select('>', 1)|list }} {{ xs|select('>=', 2)|list }} {{ xs|select('<', 3)|list }} {{ xs|select('<=', 1)|list }}"),
  c('in test', "{{ 2 is in xs }} {{ 'x' is in 'xyz' }} {{ 'q' is in d }} {{ 2 is in(xs) }}"),
  c('sameas', '{{ n is sameas none }} {{ t is sameas true }} {{ 1 is sameas true }} {{ xs is sameas xs }} {{ [] is sameas [] }} {{ 1 is sameas 1 }}'),
  c('callable', "{{ s.upper is callable }} {{ s is callable }} {{ range is callable }} {{ d.items is callable }} {{ missing is callable }}"),
  c('filter and test tests', "{{ 'upper' is filter }} {{ 'nope' is filter }} {{ 'odd' is test }} {{ 'upper' is test }}"),
  c('escaped test', '{{ (s|e) is escaped }} {{ s is escaped }} {{ (s|safe) is escaped }}'),
  c('is not', '{{ 3 is not even }} {{ s is not string }} {{ missing is not defined }}'),
  c('test binds to primary with attribute', "{{ nested.user is mapping }} {{ nested.user.tags is sequence }}"),
  c('test argument with attribute lookup', '{{ 2 is in nested.list|map(attribute="id")|list }}'),
  c('test on each kind of value', `{% for v in ${VALUES} %}{{ v is number }}{{ v is string }}{{ v is mapping }}{{ v is iterable }}{{ v is sequence }}{{ v is none }}{{ v is defined }};{% endfor %}`),
  c('test truth in if', "{% if i is divisibleby 2 and s is string %}both{% endif %}"),
  c('test inside inline if', "{{ 'num' if fl is number else 'other' }}"),
  c('test with string argument', "{{ 'abc' is eq 'abc' }} {{ s is ne 'x' }}"),
];
