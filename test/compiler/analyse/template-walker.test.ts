// The walker over the statements a template may now use: macro and call-block bodies, `with`,
// blocks and filter blocks each have their own scope, and every name inside them is checked.
import { describe, expect, it } from 'vitest';
import { codesAt } from './analyse.js';

describe('TemplateWalker scopes', () => {
  it('sees macro parameters, caller, varargs and kwargs inside the macro only', () => {
    expect(codesAt('{% macro m(a, b=a) %}{{ a }}{{ b }}{{ caller() }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1) }}')).toEqual([]);
    expect(codesAt('{% macro m(a) %}{{ a }}{% endmacro %}{{ a }}')).toEqual(['template-unknown-variable@1:41']);
  });

  it('checks names and members inside macro and call-block bodies', () => {
    expect(codesAt('{% macro m() %}{{ usr.id }}{% endmacro %}')).toEqual(['template-unknown-variable@1:19']);
    expect(codesAt('{% macro m() %}{{ caller() }}{% endmacro %}{% call(x) m() %}{{ x }}{{ user.nope }}{% endcall %}')).toEqual([
      'template-unknown-member@1:76',
    ]);
  });

  it('binds with targets for its body only; values read the enclosing scope', () => {
    expect(codesAt('{% with a = user.id, b = a %}{{ a }}{% endwith %}')).toEqual(['template-unknown-variable@1:26']);
    expect(codesAt('{% with a = 1 %}{% endwith %}{{ a }}')).toEqual(['template-unknown-variable@1:33']);
  });

  it('a macro name is a variable of the enclosing scope', () => {
    expect(codesAt('{% macro greet() %}hi{% endmacro %}{{ greet() }}{{ greet.name }}')).toEqual([]);
  });

  it('refuses unsafe members through macros and caller', () => {
    for (const text of [
      '{% macro m() %}{% endmacro %}{{ m.__globals__ }}',
      '{% macro m() %}{% endmacro %}{{ m.constructor }}',
      '{% macro m() %}{{ caller.__class__ }}{% endmacro %}',
      '{% macro m() %}{% endmacro %}{{ m["__proto__"] }}',
    ]) {
      expect(codesAt(text), text).toEqual([expect.stringMatching(/^template-unsafe-member@/)]);
    }
  });
});
