// The request_body warning: a value interpolated inside a JSON string literal without a
// JSON-escaping filter (SPEC §3, Conduit).
import { describe, expect, it } from 'vitest';
import { analyse, codesAt, only } from './analyse.js';

const body = { slot: 'body' as const };

describe('template-json-unescaped', () => {
  it('warns at the value, suggesting json_encode without the quotes', () => {
    const d = only('{"name": "{{ user.username }}"}', body);
    expect(d).toMatchObject({ code: 'template-json-unescaped', severity: 'warning', line: 1, col: 14 });
    expect(d.hint).toBe(
      'drop the surrounding quotes and write {{ user.username | json_encode }} (or | tojson): it writes the quotes and escapes the value',
    );
  });

  it('keeps the IR: a warning is not an error', () => {
    const result = analyse('{"name": "{{ user.username }}"}', body);
    expect(result.ir).not.toBeNull();
    expect(result.ir!.readsUser).toBe(true);
  });

  it('warns for a value inside a longer string, with a general hint', () => {
    const d = only('{"greeting": "Hello {{ user.first_name }}!"}', body);
    expect(d).toMatchObject({ code: 'template-json-unescaped', col: 24 });
    expect(d.hint).toContain('build the whole JSON string in one expression');
  });

  it('does not warn for escaped or plainly safe values', () => {
    expect(codesAt('{"name": {{ user.username | json_encode }}, "n": "{{ user.username | tojson }}"}', body)).toEqual([]);
    expect(codesAt('{"n": "{{ 3 }}", "b": "{{ user.id is none }}", "c": "{{ (body_text | length) + 1 }}"}', body)).toEqual([]);
    expect(codesAt('{"at": "{{ now() }}", "iso": "{{ now().isoformat() }}", "q": "{{ body_text | urlencode }}"}', body)).toEqual([]);
    expect(codesAt('{"a": "{{ \'fixed\' }}", "i": [{% for x in range(2) %}"{{ loop.index }}"{% endfor %}]}', body)).toEqual([]);
  });

  it('does not warn for values outside JSON strings', () => {
    expect(codesAt('{"id": {{ user.id }}, "tag": "x"}', body)).toEqual([]);
  });

  it('follows escaped quotes in the literal text', () => {
    expect(codesAt('{"say": "a \\" quote", "id": {{ user.id }}}', body)).toEqual([]);
    expect(codesAt('{"say": "a \\" {{ user.id }}"}', body)).toEqual(['template-json-unescaped@1:18']);
  });

  it('follows the text through control flow in source order', () => {
    expect(codesAt('{"a": "{% if user.id %}{{ user.email }}{% endif %}"}', body)).toEqual(['template-json-unescaped@1:27']);
  });

  it('only looks at JSON request bodies', () => {
    expect(codesAt('name="{{ user.username }}"', body)).toEqual([]);
    expect(codesAt('{"name": "{{ user.username }}"}', { slot: 'resp' })).toEqual([]);
    expect(codesAt('[{"name": "{{ user.username }}"}]', body)).toEqual(['template-json-unescaped@1:15']);
  });
  it('leaves an expression the slot rejects to its error, and still checks the others', () => {
    // The hint would suggest `get_secret('k') | json_encode`, which a body may not use either.
    expect(codesAt('{"k": "{{ get_secret(\'k\') }}"}', body)).toEqual(['template-slot-not-allowed@1:11']);
    expect(codesAt('{"k": "{{ get_secret(\'k\') }}", "n": "{{ user.username }}"}', body)).toEqual([
      'template-slot-not-allowed@1:11',
      'template-json-unescaped@1:41',
    ]);
  });
});
