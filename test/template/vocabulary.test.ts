// The template vocabulary (runtime/template/vocabulary.ts) is the one table of filters, tests,
// globals, methods and loop attributes: the analyser accepts exactly its names, the code
// generator binds with its signatures, and the runtime implements every name in it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  LOOP_ATTRIBUTES,
  LOOP_METHODS,
  MACRO_ATTRIBUTES,
  STR_METHOD_NAMES,
  TESTS,
} from '../../runtime/template/vocabulary.js';
import { filterSlots } from '../../compiler/template/filter-slots.js';
import type { Expr } from '../../compiler/template/ast.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The .ts files below a folder of the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The items of every array literal made only of string literals (`['a', 'b', …]`, `new Set([…])`). */
function stringLists(text: string): string[][] {
  const list = /\[\s*((?:'[^'\n]*'|"[^"\n]*")(?:\s*,\s*(?:'[^'\n]*'|"[^"\n]*"))+)\s*,?\s*\]/g;
  return [...text.matchAll(list)].map((m) => [...m[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]!));
}

const str = (value: string): Expr => ({ kind: 'Const', line: 0, col: 0, value });

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

  it('no module of compiler/ or runtime/ but the vocabulary writes out a list of its names', () => {
    const vocabulary: Record<string, ReadonlySet<string>> = {
      filters: new Set(Object.keys(FILTERS)),
      tests: new Set(Object.entries(TESTS).filter(([, t]) => !t.operator).map(([name]) => name)),
      globals: new Set(GLOBAL_FUNCTIONS),
      'dict methods': new Set(DICT_METHOD_NAMES),
      'list methods': new Set(LIST_METHOD_NAMES),
      'str methods': new Set(STR_METHOD_NAMES),
      'loop members': new Set([...LOOP_ATTRIBUTES, ...LOOP_METHODS]),
      'macro attributes': new Set(MACRO_ATTRIBUTES),
    };
    const copies: string[] = [];
    for (const file of [...sources('compiler'), ...sources('runtime')]) {
      if (file === join('runtime', 'template', 'vocabulary.ts')) continue;
      for (const items of stringLists(readFileSync(join(ROOT, file), 'utf8'))) {
        for (const [what, names] of Object.entries(vocabulary)) {
          const known = items.filter((item) => names.has(item)).length;
          // Three or more names, nearly all of one kind: a copy of (part of) a vocabulary list.
          if (known >= 3 && known >= 0.8 * items.length) copies.push(`${file}: ${what}: ${items.join(', ')}`);
        }
      }
    }
    expect(copies).toEqual([]);
  });

  it('the check above sees a copied list', () => {
    const copied = "const NAMES = new Set(['upper', 'lower', 'title']);\nconst OK = ['a', 'b'];";
    expect(stringLists(copied)).toEqual([['upper', 'lower', 'title'], ['a', 'b']]);
  });

  it('says which filter arguments name attributes, tests and filters (the slot rules analysis and code generation read)', () => {
    const slots = filterSlots('sort', [str('r'), str('c'), str('a.b,c')], [{ name: 'attribute', value: str('x') }]);
    expect(slots.attributes.map((a) => [(a.node as { value: string }).value, a.rule.dotted, a.rule.commaList])).toEqual([['a.b,c', true, true], ['x', true, true]]);
    expect(filterSlots('attr', [str('x')], []).attributes.map((a) => a.rule.dotted)).toEqual([false]);
    expect(filterSlots('selectattr', [str('a.b'), str('odd')], []).testNames).toEqual([str('odd')]);
    // map('attr', 'x'): the arguments after the filter's name are that filter's.
    const mapped = filterSlots('map', [str('attr'), str('x')], []);
    expect(mapped.filterNames).toEqual([str('attr')]);
    expect(mapped.attributes.map((a) => [(a.node as { value: string }).value, a.rule.dotted])).toEqual([['x', false]]);
    expect(filterSlots('upper', [str('x')], []).attributes).toEqual([]);
  });
});
