// Rendering failures are TemplateRenderError with a stable code (the executor maps them all to
// the 422 "Configuration (template rendering)" scope; the code says which kind it was).
import { describe, expect, it } from 'vitest';
import { TemplateRenderError } from '../../runtime/template/types.js';
import { parseJsonValue } from '../../runtime/template/values.js';
import { compileToFunction, envFor } from './harness.js';

function codeOf(template: string, context = '{"d": {}, "xs": [1], "s": "abc", "n": null}'): string {
  try {
    compileToFunction(template)(parseJsonValue(context) as Map<string, unknown>, envFor({}));
  } catch (err) {
    if (err instanceof TemplateRenderError) return err.code;
    throw err;
  }
  throw new Error(`rendered without error: ${template}`);
}

describe('rendering error codes', () => {
  it.each([
    ['{{ missing.attr }}', 'undefined'],
    ['{{ d.a.b }}', 'undefined'],
    ['{{ missing + 1 }}', 'undefined'],
    ['{{ missing() }}', 'undefined'],
    ['{{ missing|int }}', 'undefined'],
    ["{{ 'a' + 1 }}", 'type-error'],
    ['{{ 1 < "a" }}', 'type-error'],
    ['{{ n|length }}', 'type-error'],
    ['{{ s|upper(1) }}', 'type-error'],
    ["{{ s.split(nope=1) }}", 'type-error'],
    ['{{ s() }}', 'not-callable'],
    ['{{ 1() }}', 'not-callable'],
    ['{% set a, b = [1] %}', 'value-error'],
    ["{{ '{bad'|from_json }}", 'value-error'],
    ['{{ xs[::0] }}', 'value-error'],
    ['{{ 1 / 0 }}', 'zero-division'],
    ['{{ 1 % 0 }}', 'zero-division'],
    ['{{ 10.0 ** 400 }}', 'overflow'],
    ['{{ [].pop() }}', 'lookup-error'],
    ["{{ {}.pop('k') }}", 'lookup-error'],
    ["{{ '{0}'.format() }}", 'lookup-error'],
    ["{{ d|dictsort(by='x') }}", 'filter-argument'],
    ['{{ xs|map|list }}', 'filter-argument'],
    ["{{ xs|map('nope')|list }}", 'runtime-error'],
    ['{% set d.x = 1 %}', 'runtime-error'],
    ["{{ 'abcdef'|truncate(1) }}", 'assertion'],
  ])('%s → %s', (template, code) => {
    expect(codeOf(template)).toBe(code);
  });

  it('messages name what went wrong, as Jinja2 does', () => {
    const message = (template: string): string => {
      try {
        compileToFunction(template)(new Map([['d', new Map()]]), envFor({}));
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    };
    expect(message('{{ missing.x }}')).toBe("'missing' is undefined");
    expect(message('{{ d.a.b }}')).toBe("'dict object' has no attribute 'a'");
    expect(message("{{ 'a' + 1 }}")).toBe("unsupported operand type(s) for +: 'str' and 'int'");
  });
});

describe('limits that would otherwise crash the process', () => {
  it('huge repetitions and ranges fail as rendering errors', () => {
    expect(codeOf("{{ 'x' * 10 ** 10 }}")).toBe('overflow');
    expect(codeOf('{{ [1, 2] * 10 ** 9 }}')).toBe('overflow');
    expect(codeOf('{% for i in range(10 ** 12) %}{% endfor %}')).toBe('overflow');
  });
});
