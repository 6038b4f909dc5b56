// Syntax errors: code template-syntax (or template-unsupported-tag) at the exact spot, with the
// errors that end the text inside something placed at what was left open.
import { describe, expect, it } from 'vitest';
import { analyse, codesAt, only } from './analyse.js';

describe('template syntax errors', () => {
  it('points at the unexpected token', () => {
    const d = only('Hello\n{{ user.id +  }}');
    expect(d).toMatchObject({ code: 'template-syntax', severity: 'error', line: 2, col: 15 });
    expect(d.message).toContain("'}}'");
    expect(only("{{ x | default('a' }}", { extraVariables: ['x'] })).toMatchObject({ code: 'template-syntax', col: 20 });
    expect(only('{% for x y %}{% endfor %}')).toMatchObject({ code: 'template-syntax', col: 10 });
  });

  it('names tag delimiters rather than token types', () => {
    expect(only('{{ user.id user }}').message).toBe("expected '}}', got 'user'");
    expect(only('{% for x in range(3) if x else 1 %}{% endfor %}').message).toBe("expected '%}', got 'else'");
  });

  it('keeps parser internals out of messages', () => {
    for (const text of ['{{ x | }}', '{{ (a }}', '{{ a[1 }}', '{% for x y %}{% endfor %}', '{{ a b }}']) {
      expect(only(text).message).not.toMatch(/parse[A-Z]|advanceAfter|variable-end|block-end/);
    }
  });

  it("places an unclosed '{{' at its opening", () => {
    const d = only('abc {{ user.id');
    expect(d).toMatchObject({ code: 'template-syntax', line: 1, col: 5 });
    expect(d.message).toBe("'{{' is not closed: expected '}}'");
    expect(only("{{ get_secret('k') ", { slot: 'hdr' })).toMatchObject({ col: 1, message: "'{{' is not closed: expected '}}'" });
  });

  it('places an unterminated string at its quote', () => {
    expect(only("{{ 'abc }}")).toMatchObject({ code: 'template-syntax', col: 4, message: 'unterminated string literal' });
  });

  it('places an unclosed block at its tag', () => {
    const d = only('x\n  {% if user.id %}yes');
    expect(d).toMatchObject({ code: 'template-syntax', line: 2, col: 3 });
    expect(d.message).toBe('{% if %} is not closed: expected {% endif %}');
    expect(only('{% for x in range(3) %}{{ x }}')).toMatchObject({ col: 1, message: '{% for %} is not closed: expected {% endfor %}' });
    expect(only('a {% set x %}abc')).toMatchObject({ col: 3, message: '{% set %} is not closed: expected {% endset %}' });
    expect(only('{% raw %}{{ x }}')).toMatchObject({ col: 1, message: '{% raw %} is not closed: expected {% endraw %}' });
  });

  it('places an unclosed comment at its opening', () => {
    expect(only('ab {# note')).toMatchObject({ code: 'template-syntax', col: 4, message: "'{#' is not closed: expected '#}'" });
  });

  it('explains an end tag that closes the wrong block', () => {
    const d = only('{% if user.id %}\n{% for b in range(2) %}\n{% endif %}');
    expect(d).toMatchObject({ code: 'template-syntax', line: 3, col: 4 });
    expect(d.message).toBe('{% endif %} does not match the open {% for %}');
    expect(d.hint).toBe('close {% for %} with {% endfor %} first');
    expect(only('{% endfor %}').message).toBe('{% endfor %} has no matching opening tag');
  });

  it('reports an unknown tag by name', () => {
    expect(only('{% frobnicate %}')).toMatchObject({ code: 'template-syntax', col: 4, message: "unknown tag 'frobnicate'" });
    expect(only('{% switch user.id %}{% endswitch %}').message).toBe("unknown tag 'switch'");
    expect(only('{% if user.id %}a{% elseif user.email %}b{% endif %}')).toMatchObject({
      col: 21,
      message: "'elseif' is not Jinja2: use {% elif %}",
    });
  });

  it('reports Jinja2 tags Conduit does not support as unsupported', () => {
    for (const tag of ['do', 'break', 'continue', 'trans']) {
      const d = only(`{% ${tag} x %}`);
      expect(d).toMatchObject({ code: 'template-unsupported-tag', col: 4, message: `{% ${tag} %} is not supported in Conduit templates` });
    }
  });

  it('reports a nesting deeper than the limit, not a stack overflow', () => {
    const d = only(`{{ ${'('.repeat(3000)}1${')'.repeat(3000)} }}`);
    expect(d).toMatchObject({ code: 'template-syntax', line: 1 });
    expect(d.message).toMatch(/nests too deeply/);
    expect(only('{% if user.id %}'.repeat(2000) + '{% endif %}'.repeat(2000)).message).toMatch(/nests too deeply/);
  });

  it('accepts what Jinja2 accepts', () => {
    expect(codesAt('abc #} {{ user.id }}')).toEqual([]);
    expect(codesAt('{{ user.email[1:3] }}{% set a, b = 1, 2 %}{{ (a, b) }}{{ user.id is divisibleby 3 }}')).toEqual([]);
  });

  it('gives no IR and no secret uses for a template that does not parse', () => {
    const result = analyse("{{ get_secret('k') ", { slot: 'hdr' });
    expect(result.ir).toBeNull();
    expect(result.secretUses).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['template-syntax']);
  });
});
