// Locals with Jinja2 scoping: set (plain, tuple, block, namespace attribute), for targets (with
// tuple unpacking), loop inside for only, a for body as its own scope, loop filters.
import { describe, expect, it } from 'vitest';
import { codesAt, only } from './analyse.js';

describe('template scopes', () => {
  it('knows names set earlier', () => {
    expect(codesAt('{% set total = user.id %}{{ total }}')).toEqual([]);
    expect(codesAt('{% set a, b = (1, 2) %}{{ a }}{{ b }}')).toEqual([]);
  });

  it('does not know a name before it is set', () => {
    expect(codesAt('{{ later }}{% set later = 1 %}')).toEqual(['template-unknown-variable@1:4']);
  });

  it('checks the value of a set before binding the name', () => {
    expect(codesAt('{% set x = x %}')).toEqual(['template-unknown-variable@1:12']);
  });

  it('binds a block set after its body, and keeps names set inside the body local', () => {
    expect(codesAt('{% set greeting %}hi {{ user.first_name }}{% endset %}{{ greeting }}')).toEqual([]);
    expect(codesAt('{% set g %}{% set inner = 1 %}{% endset %}{{ inner }}')).toEqual(['template-unknown-variable@1:46']);
  });

  it('binds for targets, with tuple unpacking, only inside the loop', () => {
    expect(codesAt('{% for k, v in user.items() %}{{ k }}={{ v }}{% endfor %}')).toEqual([]);
    expect(codesAt('{% for x in range(3) %}{% endfor %}{{ x }}')).toEqual(['template-unknown-variable@1:39']);
  });

  it('checks the iterable in the outer scope', () => {
    expect(codesAt('{% for x in x %}{% endfor %}')).toEqual(['template-unknown-variable@1:13']);
  });

  it('knows loop inside a for body and checks its members', () => {
    expect(codesAt('{% for x in range(3) %}{{ loop.index }}{{ loop.cycle("a", "b") }}{{ loop.last }}{% endfor %}')).toEqual([]);
    const d = only('{% for x in range(3) %}{{ loop.indx }}{% endfor %}');
    expect(d).toMatchObject({ code: 'template-unknown-member', col: 32 });
    expect(d.message).toBe("loop has no member 'indx' (did you mean 'index'?)");
  });

  it('has no loop outside a for body, nor in its else branch', () => {
    expect(only('{{ loop.index }}').message).toBe("'loop' is only defined inside {% for %}");
    expect(codesAt('{% for x in range(0) %}{% else %}{{ loop.index }}{{ x }}{% endfor %}')).toEqual([
      'template-unknown-variable@1:37',
      'template-unknown-variable@1:53',
    ]);
  });

  it('keeps names set in a for body inside it, and says how to carry them out', () => {
    const d = only('{% for x in range(3) %}{% set last = x %}{% endfor %}{{ last }}');
    expect(d).toMatchObject({ code: 'template-unknown-variable', col: 57 });
    expect(d.hint).toContain('namespace');
    expect(codesAt('{% set ns = namespace(last=0) %}{% for x in range(3) %}{% set ns.last = x %}{% endfor %}{{ ns.last }}')).toEqual([]);
  });

  it('lets a for body read outer names and shadow them', () => {
    expect(codesAt('{% set sep = "," %}{% for user in range(2) %}{{ sep }}{{ user }}{% endfor %}{{ user.id }}')).toEqual([]);
  });

  it('does not open a scope for if', () => {
    expect(codesAt('{% if user.id %}{% set who = user.id %}{% endif %}{{ who }}')).toEqual([]);
  });

  it('reads a for-loop filter with the loop target bound', () => {
    expect(codesAt('{% for x in range(5) if x > 1 %}{{ x }}{% endfor %}')).toEqual([]);
    expect(codesAt('{% for x in range(5) if y %}{% endfor %}')).toEqual(['template-unknown-variable@1:25']);
  });

  it('checks the namespace of a namespace assignment', () => {
    expect(codesAt('{% set ns.x = 1 %}')).toEqual(['template-unknown-variable@1:8']);
  });

  it('lets a filter block body have its own scope', () => {
    expect(codesAt('{% filter upper %}{% set t = 1 %}{{ t }}{% endfilter %}{{ t }}')).toEqual(['template-unknown-variable@1:59']);
  });
});
