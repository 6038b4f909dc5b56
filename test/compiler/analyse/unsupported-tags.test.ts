// Includes, imports and inheritance are template-unsupported-tag: a connector template is a
// single template. Macros, call blocks, with, filter blocks and a lone block are Jinja2 and work.
import { describe, expect, it } from 'vitest';
import { codesAt, only } from './analyse.js';

describe('unsupported tags', () => {
  it.each([
    ["{% include 'header.txt' %}", 4],
    ["{% import 'macros' as m %}", 4],
    ["{% from 'macros' import x %}", 4],
    ["{% extends 'base' %}", 4],
  ])('%s', (text, col) => {
    const d = only(text);
    expect(d).toMatchObject({ code: 'template-unsupported-tag', severity: 'error', line: 1, col });
    expect(d.message).toMatch(/^\{% [a-z]+ %\} is not supported in Conduit templates$/);
    expect(d.hint).toMatch(/^a connector template is a single template/);
  });

  it.each([
    '{% block body %}x{% endblock %}',
    '{% macro greet(n) %}hi {{ n }}{% endmacro %}{{ greet(user.id) }}',
    '{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}x{% endcall %}',
    '{% with a = user.id %}{{ a }}{% endwith %}',
    '{% filter upper %}{{ user.email }}{% endfilter %}',
    '{% autoescape false %}{{ user.email }}{% endautoescape %}',
  ])('accepts %s', (text) => {
    expect(codesAt(text)).toEqual([]);
  });
});
