// Conduit's functions: get_secret / get_variable (literal identifier names, collected with
// positions), jwt_encode and now arity, unknown functions, functions used as values.
import { describe, expect, it } from 'vitest';
import { analyse, codesAt, only } from './analyse.js';

const hdr = { slot: 'hdr' as const };

describe('get_secret and get_variable', () => {
  it('collects literal names into the IR, once each, with the position of every call', () => {
    const result = analyse("Basic {{ get_secret('user') }}:{{ get_secret(\"pass\") }}\n{{ get_secret('user') }}", hdr);
    expect(result.diagnostics).toEqual([]);
    expect(result.ir!.secretNames).toEqual(['user', 'pass']);
    expect(result.secretUses).toEqual([
      { name: 'user', file: 'template.txt', line: 1, col: 10 },
      { name: 'pass', file: 'template.txt', line: 1, col: 35 },
      { name: 'user', file: 'template.txt', line: 2, col: 4 },
    ]);
    expect(analyse("{{ get_variable('base_url') }}", { slot: 'url' }).ir!.variableNames).toEqual(['base_url']);
  });

  it('rejects names that are not identifiers, at the name', () => {
    const d = only("{{ get_secret('api-key') }}", hdr);
    expect(d).toMatchObject({ code: 'template-bad-secret-name', col: 16 });
    expect(d.message).toBe("'api-key' is not a valid secret name");
    expect(only("{{ get_secret('1key') }}", hdr).code).toBe('template-bad-secret-name');
    expect(only("{{ get_secret('') }}", hdr).code).toBe('template-bad-secret-name');
    expect(only("{{ get_variable('base url') }}", hdr)).toMatchObject({ code: 'template-bad-variable-name', col: 18 });
  });

  it('rejects computed names', () => {
    const d = only("{{ get_secret('api_' ~ tenant_id) }}", hdr);
    expect(d).toMatchObject({ code: 'template-bad-secret-name', col: 15 });
    expect(d.message).toBe('the secret name given to get_secret() must be a string literal');
    expect(only('{% set n = "x" %}{{ get_variable(n) }}', hdr)).toMatchObject({ code: 'template-bad-variable-name', col: 34 });
  });

  it('rejects a wrong number of arguments, at the function name', () => {
    expect(only('{{ get_secret() }}', hdr)).toMatchObject({ code: 'template-bad-arguments', col: 4 });
    expect(only("{{ get_secret('a', 'b') }}", hdr).code).toBe('template-bad-arguments');
    expect(only("{{ get_variable(name='a') }}", hdr).code).toBe('template-bad-arguments');
  });

  it('rejects a name passed through a splat (the build must see every name)', () => {
    expect(only("{{ get_secret(*['k']) }}", hdr)).toMatchObject({ code: 'template-bad-arguments', col: 4 });
    expect(only("{{ get_variable(**{'name': 'k'}) }}", hdr).code).toBe('template-bad-arguments');
    expect(only("{{ get_secret('k', *[]) }}", hdr).code).toBe('template-bad-arguments');
  });

  it('collects nothing from a call the slot does not allow', () => {
    const result = analyse("{{ get_secret('k') }}", { slot: 'resp' });
    expect(result.secretUses).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['template-slot-not-allowed']);
  });
});

describe('jwt_encode and now', () => {
  it('accepts the documented signatures', () => {
    expect(codesAt("{{ jwt_encode({'sub': user.id}, get_secret('key'), 'HS256') }}", hdr)).toEqual([]);
    expect(codesAt("{{ jwt_encode({'sub': 1}, 'k', 'HS256', {'kid': '1'}) }}", hdr)).toEqual([]);
    expect(codesAt("{{ jwt_encode(payload={'a': 1}, key='k', algorithm='HS256', headers=None) }}", hdr)).toEqual([]);
    expect(codesAt("{{ now() }}{{ now().isoformat() }}{{ now().timestamp() }}{{ now().strftime('%Y') }}")).toEqual([]);
  });

  it('leaves arguments passed through splats to the runtime to bind', () => {
    expect(codesAt("{% set a = [{'a': 1}, get_secret('key')] %}{{ jwt_encode(*a, algorithm='HS256') }}", hdr)).toEqual([]);
    expect(codesAt("{{ now(*[60]) }}{{ now(**{'offset': 60}) }}")).toEqual([]);
  });

  it('rejects missing, extra, unknown and repeated arguments', () => {
    const missing = only("{{ jwt_encode({'a': 1}, 'k') }}", hdr);
    expect(missing).toMatchObject({ code: 'template-bad-arguments', col: 4 });
    expect(missing.message).toBe('jwt_encode() is missing algorithm: jwt_encode(payload, key, algorithm, headers=None)');
    expect(only('{{ jwt_encode(1, 2, 3, 4, 5) }}', hdr)).toMatchObject({ code: 'template-bad-arguments', col: 27 });
    expect(only("{{ jwt_encode(1, 2, 3, kid='x') }}", hdr)).toMatchObject({ code: 'template-bad-arguments', col: 24 });
    expect(only('{{ jwt_encode(1, 2, 3, key=2) }}', hdr).message).toContain("'key' is given twice");
    expect(codesAt('{{ now(300) }}{{ now(offset=-60) }}{{ now() + 3600 }}')).toEqual([]);
    expect(only('{{ now(1, 2) }}')).toMatchObject({ code: 'template-bad-arguments', col: 4, message: 'now() takes at most one argument, the offset in seconds' });
    expect(only('{{ now(seconds=1) }}')).toMatchObject({ code: 'template-bad-arguments', col: 8 });
  });
});

describe('other calls', () => {
  it('rejects unknown functions with a suggestion', () => {
    const d = only('{{ rnage(3) }}');
    expect(d).toMatchObject({ code: 'template-unknown-function', col: 4 });
    expect(d.message).toBe("unknown function 'rnage' (did you mean 'range'?)");
    expect(only('{{ get_secrt("k") }}', hdr).message).toBe("unknown function 'get_secrt' (did you mean 'get_secret'?)");
  });

  it('says that the runtime environment is out of reach', () => {
    const d = only("{{ require('fs') }}");
    expect(d.code).toBe('template-unknown-function');
    expect(d.message).toBe("unknown function 'require': templates cannot reach the runtime environment");
  });

  it('rejects calling a variable', () => {
    expect(only('{{ user() }}').message).toBe("'user' is a variable, not a function");
  });

  it('requires Conduit functions to be called directly', () => {
    const d = only('{% set f = get_secret %}{{ f("k") }}', hdr);
    expect(d).toMatchObject({ code: 'template-function-not-called', col: 12 });
  });

  it('accepts calls of locals and methods', () => {
    expect(codesAt('{% set j = joiner(", ") %}{{ j() }}{{ user.email.split("@")[0] | upper }}')).toEqual([]);
  });

  it('checks the arguments of every call', () => {
    expect(codesAt('{{ range(nope) }}{{ user.email.replace(x, "y") }}')).toEqual([
      'template-unknown-variable@1:10',
      'template-unknown-variable@1:40',
    ]);
  });
});
