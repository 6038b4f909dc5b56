// Syntax errors: code template-syntax (or unsupported-tag), a message in template terms and the
// exact spot, including the errors nunjucks reports without a position.
import { describe, expect, it } from 'vitest';
import { analyse, only } from './analyse.js';

describe('template syntax errors', () => {
  it('points at the unexpected token', () => {
    const d = only('Hello\n{{ user.id +  }}');
    expect(d).toMatchObject({ code: 'template-syntax', severity: 'error', line: 2, col: 15 });
    expect(d.message).toBe("unexpected '}}'");
  });

  it('cleans parser internals out of messages', () => {
    const d = only("{{ x | default('a' }}", { extraVariables: ['x'] });
    expect(d.message).toBe("expected ',' after expression");
    expect(d.message).not.toMatch(/parse[A-Z]/);
    expect(only('{{ x | }}').message).toBe("expected a name, got '}}'");
    expect(only('{% for x y %}{% endfor %}').message).toBe('expected "in" keyword for loop');
  });

  it("places an unclosed '{{' at its opening", () => {
    const d = only('abc {{ user.id');
    expect(d).toMatchObject({ code: 'template-syntax', line: 1, col: 5 });
    expect(d.message).toBe("'{{' is not closed: expected '}}'");
  });

  it('places an unterminated string at its quote', () => {
    expect(only("{{ 'abc }}")).toMatchObject({ code: 'template-syntax', col: 4, message: 'unterminated string literal' });
  });

  it('places an unclosed block at its tag', () => {
    const d = only('x\n  {% if user.id %}yes');
    expect(d).toMatchObject({ code: 'template-syntax', line: 2, col: 3 });
    expect(d.message).toBe('{% if %} is not closed: expected {% endif %}');
    expect(only('{% for x in range(3) %}{{ x }}')).toMatchObject({ col: 1, message: '{% for %} is not closed: expected {% endfor %}' });
  });

  it('explains an end tag that closes the wrong block', () => {
    const d = only('{% if user.id %}\n{% for b in range(2) %}\n{% endif %}');
    expect(d).toMatchObject({ code: 'template-syntax', line: 3, col: 4 });
    expect(d.message).toBe('{% endif %} does not match the open {% for %}');
    expect(d.hint).toBe('close {% for %} with {% endfor %} first');
    expect(only('{% endfor %}').message).toBe('{% endfor %} has no matching opening tag');
  });

  it('places comment errors', () => {
    expect(only('ab {# note')).toMatchObject({ col: 4, message: "'{#' is not closed: expected '#}'" });
    expect(only('abc #} x')).toMatchObject({ col: 5, message: "'#}' without an opening '{#'" });
  });

  it('reports an unknown tag by name', () => {
    expect(only('{% frobnicate %}')).toMatchObject({ code: 'template-syntax', col: 4, message: "unknown tag 'frobnicate'" });
  });

  it('reports Jinja2 tags Conduit does not support as unsupported', () => {
    expect(only('{% with a = 1 %}{{ a }}{% endwith %}')).toMatchObject({ code: 'template-unsupported-tag', col: 4 });
  });

  it('rejects nunjucks-only syntax that parses', () => {
    expect(only('{% if user.id === 1 %}x{% endif %}')).toMatchObject({ code: 'template-syntax', col: 15 });
    expect(only('{% if user.id %}a{% elseif user.email %}b{% endif %}')).toMatchObject({ code: 'template-syntax', col: 21 });
    expect(only('{{ r/ab+/ }}')).toMatchObject({ code: 'template-syntax', col: 4 });
    expect(only('{% for x in range(3) if x else 1 %}{{ x }}{% endfor %}').code).toBe('template-syntax');
  });

  it('gives no IR and no secret uses for a template that does not parse', () => {
    const result = analyse("{{ get_secret('k') ", { slot: 'hdr' });
    expect(result.ir).toBeNull();
    expect(result.secretUses).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['template-syntax']);
  });
});
