// Where the compiler keeps mirrors of the runtime's builtin tables (it reads a few pure runtime
// modules directly, such as the unsafe member names), these tests keep every mirror equal to what
// it mirrors, and every name the analysis accepts backed by a runtime implementation.
import { describe, expect, it } from 'vitest';
import { KNOWN_NAMES } from '../../compiler/analyse/known-names.js';
import { FILTER_SIGNATURES, GLOBAL_NAMES, TEST_SIGNATURES, type BuiltinSignature } from '../../compiler/template/builtin-signatures.js';
import { DICT_METHOD_NAMES } from '../../compiler/template/compile-template.js';
import { UNSAFE_MEMBER_NAMES as COMPILER_UNSAFE, isUnsafeMemberName as compilerUnsafe } from '../../compiler/template/unsafe-names.js';
import { FILTERS, TESTS, type Builtin } from '../../runtime/template/builtins.js';
import { DICT_METHODS } from '../../runtime/template/container-methods.js';
import { GLOBALS } from '../../runtime/template/globals.js';
import { rt } from '../../runtime/template/helpers.js';
import { UNSAFE_MEMBER_NAMES as RUNTIME_UNSAFE, isUnsafeMemberName as runtimeUnsafe } from '../../runtime/template/unsafe-names.js';

function runtimeSignatures(table: Readonly<Record<string, Builtin>>): Record<string, BuiltinSignature> {
  return Object.fromEntries(Object.keys(table).map((name) => [name, { ...table[name]!.sig, params: [...table[name]!.sig.params] }]));
}

describe('compiler mirrors of the runtime', () => {
  it('filter signatures match the runtime filters', () => {
    expect(Object.fromEntries([...FILTER_SIGNATURES].map(([n, s]) => [n, { ...s, params: [...s.params] }]))).toEqual(runtimeSignatures(FILTERS));
  });

  it('test signatures match the runtime tests', () => {
    expect(Object.fromEntries([...TEST_SIGNATURES].map(([n, s]) => [n, { ...s, params: [...s.params] }]))).toEqual(runtimeSignatures(TESTS));
  });

  it('global function names match the runtime globals', () => {
    expect([...GLOBAL_NAMES].sort()).toEqual([...GLOBALS.keys()].sort());
  });

  it('dict method names match the runtime dict methods', () => {
    expect([...DICT_METHOD_NAMES].sort()).toEqual([...DICT_METHODS.keys()].sort());
  });

  it('every filter and test is reachable through rt', () => {
    for (const name of FILTER_SIGNATURES.keys()) expect(typeof rt.F[name], name).toBe('function');
    for (const name of TEST_SIGNATURES.keys()) expect(typeof rt.T[name], name).toBe('function');
  });

  it('a non-varargs builtin declares as many parameters as its function can take', () => {
    for (const [name, b] of [...Object.entries(FILTERS), ...Object.entries(TESTS)]) {
      if (b.sig.varargs) expect(b.fn.length, name).toBeLessThanOrEqual(3);
      else expect(b.fn.length, name).toBeLessThanOrEqual(1 + b.sig.params.length);
      expect(b.sig.required, name).toBeLessThanOrEqual(b.sig.params.length);
    }
  });
});

describe('the analysis and the runtime agree', () => {
  it('every filter and test name the analysis accepts has a runtime implementation', () => {
    for (const name of KNOWN_NAMES.filters) expect(FILTER_SIGNATURES.has(name) && name in FILTERS, `filter ${name}`).toBe(true);
    for (const name of KNOWN_NAMES.tests) expect(TEST_SIGNATURES.has(name) && name in TESTS, `test ${name}`).toBe(true);
  });

  it('the compiler refuses the unsafe member names of the runtime: one list', () => {
    expect(COMPILER_UNSAFE).toBe(RUNTIME_UNSAFE);
    for (const name of ['__proto__', '__class__', 'constructor', 'mro', 'items', '_id', 'arguments', 'caller']) {
      expect(compilerUnsafe(name), name).toBe(runtimeUnsafe(name));
    }
  });
});
