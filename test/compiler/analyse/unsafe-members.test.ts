// SPEC §2 Safety: member names that leave the data are rejected wherever they are written
// literally: attribute and item access, attr(), attribute= arguments, str.format fields.
import { describe, expect, it } from 'vitest';
import { isUnsafeMemberName, UNSAFE_MEMBER_NAMES } from '../../../compiler/template/unsafe-names.js';
import {
  isUnsafeMemberName as isRuntimeUnsafe,
  UNSAFE_MEMBER_NAMES as RUNTIME_UNSAFE_MEMBER_NAMES,
} from '../../../runtime/template/unsafe-names.js';
import { codesAt, only } from './analyse.js';

const x = { extraVariables: ['x'] };
const LISTED = [
  'constructor', '__proto__', 'prototype', '__class__', '__mro__', 'mro', '__globals__', '__builtins__',
  '__subclasses__', '__init__', '__dict__', '__getattribute__', '__code__', 'func_globals', '__defineGetter__',
  'toString', 'valueOf', 'hasOwnProperty',
];

describe('unsafe member names', () => {
  it.each(LISTED)('rejects .%s and [%s]', (name) => {
    expect(codesAt(`{{ x.${name} }}`, x)).toEqual(['template-unsafe-member@1:6']);
    expect(codesAt(`{{ x['${name}'] }}`, x)).toEqual(['template-unsafe-member@1:7']);
  });

  it('rejects any name starting with __', () => {
    expect(isUnsafeMemberName('__anything__')).toBe(true);
    expect(isUnsafeMemberName('__lookupGetter__')).toBe(true);
    expect(isUnsafeMemberName('__private')).toBe(true);
    expect(isUnsafeMemberName('_private')).toBe(false);
    expect(isUnsafeMemberName('name')).toBe(false);
  });

  it('refuses exactly what the runtime refuses: the compiler reads the runtime list', () => {
    expect(UNSAFE_MEMBER_NAMES).toBe(RUNTIME_UNSAFE_MEMBER_NAMES);
    expect(isUnsafeMemberName).toBe(isRuntimeUnsafe);
    for (const name of ['__x', 'toString', 'valueOf', 'hasOwnProperty', 'name', 'items']) {
      expect(isUnsafeMemberName(name)).toBe(isRuntimeUnsafe(name));
    }
  });

  it('rejects them on Conduit values too', () => {
    expect(codesAt('{{ user.__class__ }}{{ user.email.__class__.__mro__ }}')).toEqual([
      'template-unsafe-member@1:9',
      'template-unsafe-member@1:35',
      'template-unsafe-member@1:45',
    ]);
    expect(codesAt("{{ now().constructor }}")).toEqual(['template-unsafe-member@1:10']);
  });

  it('rejects them in filter arguments that name attributes', () => {
    expect(codesAt("{{ x | attr('constructor') }}", x)).toEqual(['template-unsafe-member@1:14']);
    expect(codesAt("{{ x | map(attribute='a.__class__') | list }}", x)).toEqual(['template-unsafe-member@1:25']);
    expect(codesAt("{{ x | map('attr', '__proto__') | list }}", x)).toEqual(['template-unsafe-member@1:21']);
    expect(codesAt("{{ x | selectattr('prototype') | list }}", x)).toEqual(['template-unsafe-member@1:20']);
    expect(codesAt("{{ x | sort(attribute='name, constructor') }}", x)).toEqual(['template-unsafe-member@1:30']);
    expect(codesAt("{{ x | groupby('__dict__') }}", x)).toEqual(['template-unsafe-member@1:17']);
    expect(codesAt("{{ x | sum(attribute='mro') }}{{ x | unique(attribute='__init__') | list }}", x)).toEqual([
      'template-unsafe-member@1:23',
      'template-unsafe-member@1:56',
    ]);
  });

  it('rejects them in str.format fields', () => {
    expect(codesAt("{{ '{0.__class__}'.format(x) }}", x)).toEqual(['template-unsafe-member@1:8']);
    expect(codesAt("{{ '{0.name}-{1}'.format(x, 2) }}", x)).toEqual([]);
  });

  it('rejects them as namespace attribute targets', () => {
    expect(codesAt('{% set ns = namespace() %}{% set ns.__proto__ = 1 %}')).toEqual(['template-unsafe-member@1:37']);
  });

  it('accepts ordinary member names', () => {
    expect(codesAt("{{ x.name }}{{ x['first-name'] }}{{ x | attr('access_token') }}{{ x | map(attribute='a.b') | list }}", x)).toEqual([]);
  });
});
