// Template input builders (runtime/template/values.ts) and the JSON reader behind from_json.
import { describe, expect, it } from 'vitest';
import { PyFloat, isTuple } from '../../runtime/template/py-values.js';
import { str } from '../../runtime/template/python-repr.js';
import { TemplateRenderError } from '../../runtime/template/types.js';
import { bodyText, fromJsValue, headersDict, makeProfileFields, markShared, parseJsonValue, templateVars } from '../../runtime/template/values.js';
import { compileToFunction, envFor } from './harness.js';

function render(template: string, vars: ReadonlyMap<string, unknown>): string {
  return compileToFunction(template, { autoescape: false })(vars, envFor({}));
}

describe('fromJsValue', () => {
  it('turns objects into dicts, undefined into None and keeps ints as ints', () => {
    const v = fromJsValue({ a: 1, b: [true, null, undefined], c: { d: 'x' }, e: 1.5, big: 10n ** 20n, safeBig: 5n });
    expect(v).toBeInstanceOf(Map);
    expect(str(v)).toBe("{'a': 1, 'b': [True, None, None], 'c': {'d': 'x'}, 'e': 1.5, 'big': 100000000000000000000, 'safeBig': 5}");
  });

  it('treats an integral double beyond 2^53 as a float and a Date as its ISO text', () => {
    expect(fromJsValue(1e300)).toEqual(new PyFloat(1e300));
    expect(fromJsValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('makeProfileFields', () => {
  const vars = templateVars({ user: fromJsValue({ profile_fields: {} }) });
  (vars.get('user') as Map<string, unknown>).set('profile_fields', makeProfileFields({ '7': 'Gold', '12': 3, '100000000000000000000': 'big' }));

  it('answers by_id(N) for an int or a numeric string id', () => {
    expect(render('{{ user.profile_fields.by_id(7) }}|{{ user.profile_fields.by_id("12") }}|{{ user.profile_fields.by_id(" 7 ") }}', vars)).toBe('Gold|3|Gold');
    expect(render('{{ user.profile_fields.by_id(100000000000000000000) }}', vars)).toBe('big');
  });

  it('gives undefined for a missing or non-numeric id, and is a dict otherwise', () => {
    expect(render('{{ user.profile_fields.by_id(8) is defined }}|{{ user.profile_fields.by_id("x") is defined }}|{{ user.profile_fields.by_id(8)|default("none") }}', vars)).toBe(
      'False|False|none',
    );
    expect(render("{{ user.profile_fields['7'] }}|{{ user.profile_fields|length }}|{{ user.profile_fields.keys()|list }}", vars)).toBe(
      "Gold|3|['7', '12', '100000000000000000000']",
    );
  });

  it('checks by_id arguments like a method', () => {
    expect(() => render('{{ user.profile_fields.by_id() }}', vars)).toThrow(TemplateRenderError);
  });
});

describe('parseJsonValue (json.loads semantics)', () => {
  it('keeps key order including integer-like keys, float-ness and big ints', () => {
    const v = parseJsonValue('{"b": 1, "10": 2, "2": 3, "a": 1.0, "n": 123456789012345678901234567890, "e": 1e2, "f": 0.5}');
    expect(str(v)).toBe("{'b': 1, '10': 2, '2': 3, 'a': 1.0, 'n': 123456789012345678901234567890, 'e': 100.0, 'f': 0.5}");
  });

  it('accepts NaN and Infinity as Python does and keeps the last of repeated keys at the first position', () => {
    expect(str(parseJsonValue('[NaN, Infinity, -Infinity]'))).toBe('[nan, inf, -inf]');
    expect(str(parseJsonValue('{"a": 1, "b": 2, "a": 3}'))).toBe("{'a': 3, 'b': 2}");
  });

  it.each(['', '{', '{"a" 1}', '[1,]', '{"a": 1,}', '01', '"\u0001"', '"\\x"', 'tru', '1 2', "{'a': 1}"])('rejects %j', (text) => {
    expect(() => parseJsonValue(text)).toThrow(TemplateRenderError);
  });

  // Expected texts are Python's str(json.loads(text)), as python3 prints them.
  it.each([
    ['{"a": 1, "b": [1, 2, {"c": null}], "d": "é😀\\u00e9\\ud83d\\ude00", "e": true, "f": -0, "g": -1.5}', "{'a': 1, 'b': [1, 2, {'c': None}], 'd': 'é😀é😀', 'e': True, 'f': 0, 'g': -1.5}"],
    ['{"10": 1, "a": 2}', "{'10': 1, 'a': 2}"],
    ['{"a": 2, "10": 1}', "{'a': 2, '10': 1}"],
    ['[{"x": 1}, {"0": "zero", "y": 2}]', "[{'x': 1}, {'0': 'zero', 'y': 2}]"],
    ['{"__proto__": {"polluted": 1}, "constructor": 2}', "{'__proto__': {'polluted': 1}, 'constructor': 2}"],
    ['{"price": 1299.99, "qty": 2, "ratio": 2.50, "whole": 2.00, "exp": 1E+2, "tiny": 1e-7}', "{'price': 1299.99, 'qty': 2, 'ratio': 2.5, 'whole': 2.0, 'exp': 100.0, 'tiny': 1e-07}"],
    ['{"id": 9007199254740993, "ok": 9007199254740991}', "{'id': 9007199254740993, 'ok': 9007199254740991}"],
    ['"just a string"', 'just a string'],
    ['  [ ]  ', '[]'],
    ['{"s": "1.0 inside a string", "n": 3}', "{'s': '1.0 inside a string', 'n': 3}"],
    [
      '[0, -0, 0.0, -0.0, 0e5, 1.5e300, 123456789012345.6, 0.1, 0.30000000000000004, 1234567890.12345678, 3.14159265358979, 1e-7, 5e-324]',
      '[0, 0, 0.0, -0.0, 0.0, 1.5e+300, 123456789012345.6, 0.1, 0.30000000000000004, 1234567890.1234567, 3.14159265358979, 1e-07, 5e-324]',
    ],
    // Floats JSON.parse would read as ints: they round to a whole number.
    ['[1.99999999999999999, -921249955892562.961449, 2.5, 7]', '[2.0, -921249955892563.0, 2.5, 7]'],
    ['"tab\\there \\"q\\" \\\\ \\/ \\b\\f\\n\\r"', 'tab\there "q" \\ / \b\f\n\r'],
  ])('reads %s as Python does', (text, python) => {
    expect(str(parseJsonValue(text))).toBe(python);
  });

  it('never pollutes prototypes from a __proto__ key', () => {
    const v = parseJsonValue('{"__proto__": {"polluted": true}}') as Map<string, unknown>;
    expect(v.get('__proto__')).toBeInstanceOf(Map);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('makes tuples of nothing: JSON arrays are lists', () => {
    expect(isTuple(parseJsonValue('[1, 2]'))).toBe(false);
  });
});

describe('bodyText', () => {
  it('decodes UTF-8 (keeping a BOM) and gives None for invalid bytes', () => {
    expect(bodyText(Buffer.from('héllo', 'utf8'))).toBe('héllo');
    expect(bodyText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
    expect(bodyText(Buffer.from([0xff, 0xfe, 0x00]))).toBeNull();
  });
});

describe('headersDict', () => {
  it('lower-cases names and joins repeats, from pairs or a record', () => {
    const fromPairs = headersDict([
      ['Content-Type', 'application/json'],
      ['X-Trace', 'a'],
      ['x-trace', 'b'],
    ]);
    expect([...fromPairs]).toEqual([
      ['content-type', 'application/json'],
      ['x-trace', 'a, b'],
    ]);
    expect([...headersDict({ 'X-Api': '1' })]).toEqual([['x-api', '1']]);
    expect(render("{{ headers['content-type'] }}", templateVars({ headers: fromPairs }))).toBe('application/json');
  });
});

describe('markShared', () => {
  const shared = () => templateVars({ user: markShared(fromJsValue({ id: 'u1', tags: ['a'], nested: { k: 1 } })) });

  it('keeps shared values readable, copyable and non-mutating methods working', () => {
    expect(render("{{ user.id }} {{ user.get('id') }} {{ user.pop('zz', 'd') }} {{ user.setdefault('id', 'x') }} {{ user.tags + ['b'] }}", shared())).toBe("u1 u1 d u1 ['a', 'b']");
    expect(render("{% set mine = user.copy() %}{% set _ = mine.update({'id': 'u2'}) %}{{ mine.id }} {{ user.id }}", shared())).toBe('u2 u1');
  });

  it.each([
    "{{ user.update({'id': 'x'}) }}",
    "{{ user.pop('id') }}",
    '{{ user.popitem() }}',
    "{{ user.setdefault('new', 1) }}",
    '{{ user.clear() }}',
    "{{ user.tags.append('x') }}",
    '{{ user.tags.pop() }}',
    '{{ user.tags.sort() }}',
    "{{ user.nested.update(k=2) }}",
  ])('refuses %s', (template) => {
    const vars = shared();
    expect(() => render(template, vars)).toThrow(TemplateRenderError);
    expect(render('{{ user }}', vars)).toBe("{'id': 'u1', 'tags': ['a'], 'nested': {'k': 1}}");
  });
});
