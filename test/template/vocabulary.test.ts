// The template vocabulary (runtime/template/vocabulary.ts) is the one table of filters, tests,
// globals, methods and loop attributes: the analyser accepts exactly its names, the code
// generator binds with its signatures, and the runtime implements every name in it.
import { describe, expect, it } from 'vitest';
import { KNOWN_NAMES } from '../../compiler/analyse/known-names.js';
import { UNSAFE_MEMBER_NAMES as COMPILER_UNSAFE, isUnsafeMemberName as compilerUnsafe } from '../../compiler/template/unsafe-names.js';
import { AUTOESCAPE_FILTERS, FILTERS as RUNTIME_FILTERS, TESTS as RUNTIME_TESTS } from '../../runtime/template/builtins.js';
import { DICT_METHODS, LIST_METHODS } from '../../runtime/template/container-methods.js';
import { GLOBALS } from '../../runtime/template/globals.js';
import { rt } from '../../runtime/template/helpers.js';
import { STR_METHODS } from '../../runtime/template/str-methods.js';
import { UNSAFE_MEMBER_NAMES as RUNTIME_UNSAFE, isUnsafeMemberName as runtimeUnsafe } from '../../runtime/template/unsafe-names.js';
import {
  DICT_METHOD_NAMES,
  FILTERS,
  GLOBAL_FUNCTIONS,
  LIST_METHOD_NAMES,
  STR_METHOD_NAMES,
  TESTS,
} from '../../runtime/template/vocabulary.js';

describe('template vocabulary', () => {
  it('every filter and test has a runtime implementation with its signature, in both escaping modes', () => {
    for (const [name, entry] of Object.entries(FILTERS)) {
      expect(typeof rt.F[name], name).toBe('function');
      expect(typeof rt.FA[name], name).toBe('function');
      expect(RUNTIME_FILTERS[name]!.sig, name).toBe(entry);
      expect(AUTOESCAPE_FILTERS[name]!.sig, name).toBe(entry);
    }
    for (const [name, entry] of Object.entries(TESTS)) {
      expect(typeof rt.T[name], name).toBe('function');
      expect(RUNTIME_TESTS[name]!.sig, name).toBe(entry);
    }
    expect(Object.keys(RUNTIME_FILTERS).sort()).toEqual(Object.keys(FILTERS).sort());
  });

  it('a non-varargs builtin declares as many parameters as its function can take', () => {
    for (const [name, b] of [...Object.entries(RUNTIME_FILTERS), ...Object.entries(RUNTIME_TESTS)]) {
      expect(b.sig.required, name).toBeLessThanOrEqual(b.sig.params.length);
      if (!b.sig.varargs && b.fn.length > 0) expect(b.fn.length, name).toBeLessThanOrEqual(1 + b.sig.params.length);
    }
  });

  it('every global function and method name is implemented by the runtime', () => {
    for (const name of GLOBAL_FUNCTIONS) expect(GLOBALS.has(name), name).toBe(true);
    expect(GLOBALS.size).toBe(GLOBAL_FUNCTIONS.length);
    for (const name of DICT_METHOD_NAMES) expect(DICT_METHODS.has(name), `dict.${name}`).toBe(true);
    for (const name of LIST_METHOD_NAMES) expect(LIST_METHODS.has(name), `list.${name}`).toBe(true);
    for (const name of STR_METHOD_NAMES) expect(STR_METHODS.has(name), `str.${name}`).toBe(true);
  });

  it('the analyser accepts exactly the vocabulary (tests without their operator spellings)', () => {
    expect([...KNOWN_NAMES.filters].sort()).toEqual(Object.keys(FILTERS).sort());
    expect(KNOWN_NAMES.tests.has('eq')).toBe(true);
    expect(KNOWN_NAMES.tests.has('==')).toBe(false);
    for (const name of ['safe', 'escape', 'forceescape', 'urlize', 'xmlattr', 'striptags', 'wordwrap', 'format', 'indent']) {
      expect(KNOWN_NAMES.filters.has(name), name).toBe(true);
    }
    expect(KNOWN_NAMES.tests.has('escaped')).toBe(true);
  });

  it('marks the filters that return safe values', () => {
    for (const name of ['safe', 'escape', 'e', 'forceescape', 'tojson', 'json_encode'] as const) expect(FILTERS[name].safety, name).toBe('markup');
    expect(FILTERS.urlize.safety).toBe('markup-when-autoescape');
    expect(FILTERS.upper.safety).toBe('like-input');
    expect(FILTERS.length.safety).toBe('plain');
  });

  it('the compiler refuses the unsafe member names of the runtime: one list', () => {
    expect(COMPILER_UNSAFE).toBe(RUNTIME_UNSAFE);
    for (const name of ['__proto__', '__class__', 'constructor', 'mro', 'items', '_id', 'arguments', 'caller']) {
      expect(compilerUnsafe(name), name).toBe(runtimeUnsafe(name));
    }
  });
});
