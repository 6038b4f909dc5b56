// Which caller query parameters a composite's template reads: named keys, or the whole mapping
// (then any key may matter, and the SDK types let a widget pass any key).
import { describe, expect, it } from 'vitest';
import { analyse, stepOf } from './analyse.js';

function reads(text: string) {
  const ir = analyse(text, stepOf(1, { slot: 'body' })).ir;
  if (ir === null) throw new Error(`${text} did not analyse cleanly`);
  return { keys: ir.queryParameterKeys, all: ir.readsAllQueryParameters };
}

describe('query parameter reads', () => {
  it('records literal keys without reading the whole mapping', () => {
    expect(reads("{{ request.query_parameters.page }}{{ request.query_parameters['per-page'] | upper }}")).toEqual({ keys: ['page', 'per-page'], all: false });
    expect(reads("{{ request.query_parameters.get('sort', 'asc') }}")).toEqual({ keys: ['sort'], all: false });
    // Bracketed, `items` is a key; dotted, it is the dict method.
    expect(reads("{{ request.query_parameters['items'] }}")).toEqual({ keys: ['items'], all: false });
  });

  it('treats other members of request as not reading the query', () => {
    expect(reads("{{ request.headers['content-type'] }}{{ request.body_text }}")).toEqual({ keys: [], all: false });
    expect(reads('{% set request = {} %}{{ request.anything }}')).toEqual({ keys: [], all: false });
  });

  it.each([
    ['the mapping as a value', '{{ request.query_parameters | tojson }}'],
    ['a dict method', '{% for k, v in request.query_parameters.items() %}{{ k }}={{ v }}{% endfor %}'],
    ['keys()', '{{ request.query_parameters.keys() | list }}'],
    ['a computed key', "{% set k = 'page' %}{{ request.query_parameters[k] }}"],
    ['get() with a computed key', "{% set k = 'page' %}{{ request.query_parameters.get(k) }}"],
    ['the whole request', '{{ request | tojson }}'],
    ['a computed member of request', "{% set m = 'query_parameters' %}{{ request[m] }}"],
    ['a dict method of request', "{{ request.get('query_parameters') }}"],
    ['an alias of the mapping', '{% set q = request.query_parameters %}{{ q.page }}'],
  ])('reads the whole mapping through %s', (_what, text) => {
    expect(reads(text).all).toBe(true);
  });
});
