// str methods and string filters on a Markup receiver, as markupsafe 3 (Jinja2 3.1's dependency)
// defines them: which arguments are escaped (replace's new text, the fill character of
// center/ljust/rjust, format's and join's values) and which are used as written (replace's old
// text, strip's characters, split's separator, removeprefix's prefix), and which results are
// Markup again.
import { c } from './case-builder.js';

const CONTEXT = { lt: 'a<b<c', amp: '&x&', tag: '<i>', words: ['<1>', '2'] };

const m = (name: string, template: string) => c(`markup method: ${name}`, template, CONTEXT);

export const MARKUP_METHOD_CASES = [
  m('replace escapes only the new text', "{{ (lt|safe).replace('<', '&') }}|{{ (lt|safe).replace('&lt;', '&') }}|{{ (lt|safe).replace('b', tag) }}"),
  m('replace with a count', "{{ (lt|safe).replace('&lt;', '[', 1) }}"),
  m('strip takes its characters as written', "{{ (amp|safe).strip('&') }}|{{ (amp|safe).lstrip('&') }}|{{ (amp|safe).rstrip('&x') }}"),
  m('removeprefix and removesuffix take their text as written', "{{ (tag|safe).removeprefix('<') }}|{{ (tag|safe).removesuffix('>') }}|{{ (tag|safe).removeprefix('&lt;') }}"),
  m('split takes its separator as written', "{{ (lt|safe).split('<') }}|{{ (lt|safe).rsplit('<', 1) }}|{{ (lt|safe).split() }}"),
  m('split parts are Markup', "{% for p in (lt|safe).split('b') %}[{{ p }}]{% endfor %}"),
  m('partition takes its separator as written', "{{ (lt|safe).partition('<') }}|{{ (lt|safe).rpartition('b') }}"),
  m('center, ljust and rjust escape the fill character', "{{ (tag|safe).center(7, '<') }}|{{ (tag|safe).ljust(6, '&') }}|{{ (tag|safe).rjust(6, '>') }}"),
  m('zfill and expandtabs', "{{ (tag|safe).zfill(5) }}|{{ ('\t<'|safe).expandtabs(2) }}"),
  m('format escapes its values', "{{ ('{}|{x}'|safe).format(tag, x=amp) }}"),
  m('join escapes the items', "{{ ('<br>'|safe).join(words) }}"),
  m('case methods stay Markup', "{{ (tag|safe).upper() }}|{{ (tag|safe).title() }}|{{ (tag|safe).swapcase() }}|{{ (tag|safe).capitalize() }}|{{ (tag|safe).casefold() }}"),
  m('str methods without a Markup result', "{{ (lt|safe).count('<') }}|{{ (lt|safe).find('&') }}|{{ (lt|safe).startswith('a&') }}|{{ (tag|safe).endswith('>') }}"),
  m('replace filter on Markup', "{{ lt|safe|replace('<', '&') }}|{{ lt|safe|replace('&lt;', tag) }}"),
  m('trim filter on Markup takes its characters as written', "{{ amp|safe|trim('&') }}|{{ tag|safe|trim('<>') }}"),
  m('center filter on Markup', "{{ tag|safe|center(9) }}"),
  m('truncate filter on Markup', "{{ (lt ~ lt)|safe|truncate(5, true, '<>', 0) }}"),
  m('indent filter on Markup', "{{ ('<a>\\n<b>'|safe)|indent(2, true) }}"),
  m('urlize does not escape Markup again', "{{ lt|safe|urlize }}|{{ ('<b>see</b> http://example.com/?a=1&amp;b=2'|safe)|urlize }}"),
  m('urlize escapes plain text', "{{ lt|urlize }}|{{ ('<b>see</b> http://example.com/?a=1&b=2')|urlize }}"),
  m('format pads before escaping', "{{ ('[{:>4}]'|safe).format('<') }}|{{ ('[{!r}]'|safe).format('<') }}|{{ ('[{}]'|safe).format(tag|safe) }}"),
  m('format of a Markup value with a spec fails', "{{ ('[{:>9}]'|safe).format(tag|safe) }}"),
  m('format_map on str and on Markup', "{{ '{a}-{b}'.format_map({'a': tag, 'b': 1}) }}|{{ ('{a}-{b}'|safe).format_map({'a': tag, 'b': tag|safe}) }}"),
  m('format_map refuses positional fields', "{{ '{0}'.format_map({}) }}"),
  m('format_map of a missing key fails', "{{ '{x}'.format_map({}) }}"),
  m('format_map of a list fails', "{{ '{a}'.format_map([1]) }}"),
  m('translate on str and on Markup', "{{ 'a<b'.translate({60: '&', 97: none, 98: 66}) }}|{{ (tag|safe).translate({60: '[', 62: ']'}) }}|{{ 'ab'.translate('xyz' * 40) }}"),
  m('translate with a bad mapping fails', "{{ 'a'.translate({97: 1.5}) }}"),
  m('percent on Markup escapes what every field prints', "{{ ('%s|%r|%5s|%.2s'|safe) % ([tag], tag, '<', '<>') }}|{{ ('%(a)s'|safe) % {'a': {'k': tag}} }}|{{ ('%s'|safe) % (tag|safe) }}|{{ ('%d'|safe) % 3 }}"),
  m('format filter on Markup escapes what every field prints', "{{ '%s|%r'|safe|format([tag], tag) }}|{{ '%(a)s'|safe|format(a=[tag]) }}"),
  m('replace escapes a new value of any type', "{{ ('<br>'|safe).replace('b', [tag]) }}|{{ ('<br>'|safe).replace('b', 1) }}"),
];
