// Macros, includes, imports and inheritance are template-unsupported-tag.
import { describe, expect, it } from 'vitest';
import { codesAt, only } from './analyse.js';

describe('unsupported tags', () => {
  it.each([
    ["{% include 'header.txt' %}", 4],
    ["{% import 'macros' as m %}", 4],
    ["{% from 'macros' import x %}", 4],
    ["{% extends 'base' %}", 4],
    ['{% block body %}x{% endblock %}', 4],
    ['{% macro greet(n) %}hi {{ n }}{% endmacro %}', 4],
  ])('%s', (text, col) => {
    const d = only(text);
    expect(d).toMatchObject({ code: 'template-unsupported-tag', severity: 'error', line: 1, col });
    expect(d.message).toMatch(/^\{% [a-z]+ %\} is not supported in Conduit templates$/);
    expect(d.hint).toBe('a connector template stands alone: no macros, includes, imports or inheritance');
  });

  it('reports a call block once, at its tag', () => {
    expect(codesAt('{% call m(1) %}x{% endcall %}')).toEqual(['template-unsupported-tag@1:4']);
  });
});
