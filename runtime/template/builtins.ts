// The filter and test tables: each builtin is a plain function taking the value first, with
// the Python signature of the vocabulary (./vocabulary.ts), so keyword arguments bind as in
// Jinja2. Compiled templates call the functions directly (the compiler binds keywords with the
// same vocabulary); `map`/`select`/... call them by name.
import type { KwArgs } from './callables.js';
import * as seq from './filters-sequence.js';
import * as txt from './filters-text.js';
import * as val from './filters-value.js';
import * as t from './tests.js';
import { renderError, typeError } from './render-errors.js';
import { attrGetter } from './filters-sequence.js';
import { escapedText, likeInput } from './markup.js';
import { Markup } from './py-values.js';
import { iterate } from './sequences.js';
import {
  FILTERS as VOCABULARY_FILTERS,
  TESTS as VOCABULARY_TESTS,
  type BuiltinSignature,
  type FilterName,
  type TestName,
} from './vocabulary.js';

type AnyFn = (...args: never[]) => unknown;
type VarargsFn = (value: unknown, args: readonly unknown[], kwargs: KwArgs) => unknown;

export interface Builtin {
  readonly fn: AnyFn;
  readonly sig: BuiltinSignature;
}

/** The implementation of every filter of the vocabulary (a missing one is a type error). */
const FILTER_IMPLEMENTATIONS: { readonly [K in FilterName]: AnyFn } = {
  abs: val.doAbs,
  attr: seq.doAttr,
  batch: seq.doBatch,
  capitalize: likeInput(txt.doCapitalize),
  center: likeInput(txt.doCenter),
  count: seq.doLength,
  d: val.doDefault,
  default: val.doDefault,
  dictsort: seq.doDictsort,
  e: val.doEscape,
  escape: val.doEscape,
  filesizeformat: val.doFilesizeformat,
  first: seq.doFirst,
  float: val.doFloat,
  forceescape: val.doForceescape,
  format: txt.doFormat,
  groupby: seq.doGroupby,
  indent: likeInput(txt.doIndent),
  int: val.doInt,
  items: seq.doItems,
  join: seq.doJoin,
  last: seq.doLast,
  length: seq.doLength,
  list: seq.doList,
  lower: likeInput(txt.doLower),
  map: ((value, args, kwargs) => seq.doMap(callFilter, value, args, kwargs)) satisfies VarargsFn,
  max: seq.doMax,
  min: seq.doMin,
  pprint: txt.doPprint,
  random: seq.doRandom,
  reject: ((value, args, kwargs) => seq.doReject(callTest, value, args, kwargs)) satisfies VarargsFn,
  rejectattr: ((value, args, kwargs) => seq.doRejectattr(callTest, value, args, kwargs)) satisfies VarargsFn,
  // Jinja2's do_replace without autoescaping: str(s).replace(...), a plain string even from a Markup.
  replace: txt.doReplace,
  reverse: seq.doReverse,
  round: val.doRound,
  safe: val.doSafe,
  select: ((value, args, kwargs) => seq.doSelect(callTest, value, args, kwargs)) satisfies VarargsFn,
  selectattr: ((value, args, kwargs) => seq.doSelectattr(callTest, value, args, kwargs)) satisfies VarargsFn,
  slice: seq.doSlice,
  sort: seq.doSort,
  string: val.doString,
  striptags: txt.doStriptags,
  sum: seq.doSum,
  title: txt.doTitle,
  tojson: val.doTojson,
  // Markup.strip(chars) takes its characters as written (markupsafe 3).
  trim: likeInput(txt.doTrim, false),
  truncate: truncateLikeInput,
  unique: seq.doUnique,
  upper: likeInput(txt.doUpper),
  urlencode: txt.doUrlencode,
  urlize: txt.doUrlize,
  wordcount: txt.doWordcount,
  wordwrap: txt.doWordwrap,
  xmlattr: txt.doXmlattr,
  from_json: val.doFromJson,
  json_encode: val.doJsonEncode,
  base64_encode: val.doBase64Encode,
  base64_decode: val.doBase64Decode,
};

/**
 * The filters that behave differently with autoescaping on (Jinja2's eval-context filters):
 * compiled templates with autoescaping call these instead.
 */
const AUTOESCAPE_IMPLEMENTATIONS: Readonly<Partial<Record<FilterName, AnyFn>>> = {
  join: markupJoin,
  replace: markupReplace,
  urlize: (...args: Parameters<typeof txt.doUrlize>) => new Markup(txt.doUrlize(...args)),
  xmlattr: (...args: Parameters<typeof txt.doXmlattr>) => new Markup(txt.doXmlattr(...args)),
};

const TEST_IMPLEMENTATIONS: { readonly [K in TestName]: AnyFn } = {
  odd: t.testOdd,
  even: t.testEven,
  divisibleby: t.testDivisibleby,
  defined: t.testDefined,
  undefined: t.testUndefined,
  filter: (value: unknown) => typeof value === 'string' && Object.prototype.hasOwnProperty.call(VOCABULARY_FILTERS, value),
  test: (value: unknown) => typeof value === 'string' && Object.prototype.hasOwnProperty.call(VOCABULARY_TESTS, value),
  none: t.testNone,
  boolean: t.testBoolean,
  false: t.testFalse,
  true: t.testTrue,
  integer: t.testInteger,
  float: t.testFloat,
  lower: t.testLower,
  upper: t.testUpper,
  string: t.testString,
  mapping: t.testMapping,
  number: t.testNumber,
  sequence: t.testSequence,
  iterable: t.testIterable,
  callable: t.testCallable,
  sameas: t.testSameas,
  escaped: t.testEscaped,
  in: t.testIn,
  '==': t.testEq,
  eq: t.testEq,
  equalto: t.testEq,
  '!=': t.testNe,
  ne: t.testNe,
  '>': t.testGt,
  gt: t.testGt,
  greaterthan: t.testGt,
  '>=': t.testGe,
  ge: t.testGe,
  '<': t.testLt,
  lt: t.testLt,
  lessthan: t.testLt,
  '<=': t.testLe,
  le: t.testLe,
};

function table(signatures: Readonly<Record<string, BuiltinSignature>>, impls: Readonly<Record<string, AnyFn>>): Readonly<Record<string, Builtin>> {
  const out = Object.create(null) as Record<string, Builtin>;
  for (const name of Object.keys(signatures)) out[name] = { fn: impls[name]!, sig: signatures[name]! };
  return Object.freeze(out);
}

export const FILTERS: Readonly<Record<string, Builtin>> = table(VOCABULARY_FILTERS, FILTER_IMPLEMENTATIONS);
export const AUTOESCAPE_FILTERS: Readonly<Record<string, Builtin>> = table(VOCABULARY_FILTERS, { ...FILTER_IMPLEMENTATIONS, ...AUTOESCAPE_IMPLEMENTATIONS });
export const TESTS: Readonly<Record<string, Builtin>> = table(VOCABULARY_TESTS, TEST_IMPLEMENTATIONS);

/** `join` with autoescaping (Jinja2's do_join): Markup as soon as the separator or an item is. */
function markupJoin(value: unknown, d: unknown = '', attribute: unknown = null): unknown {
  const items = iterate(value);
  let values = items;
  if (attribute !== null) {
    const get = attrGetter(attribute);
    const got = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) got[i] = get.get(items[i]);
    values = got;
  }
  let anyMarkup = d instanceof Markup;
  for (let i = 0; i < values.length && !anyMarkup; i++) anyMarkup = values[i] instanceof Markup;
  if (!anyMarkup) return seq.doJoin(values, d);
  return new Markup(values.map(escapedText).join(escapedText(d)));
}

/**
 * `replace` with autoescaping (Jinja2's do_replace): Markup arguments make the result Markup. On
 * Markup it is markupsafe 3's Markup.replace: the old text as written, the new one escaped.
 */
function markupReplace(s: unknown, old: unknown, replacement: unknown, count: unknown = null): unknown {
  if (s instanceof Markup || old instanceof Markup || replacement instanceof Markup) {
    return new Markup(txt.doReplace(escapedText(s), old, escapedText(replacement), count));
  }
  return txt.doReplace(s, old, replacement, count);
}

/**
 * `truncate` (Jinja2's do_truncate) keeps Markup: lengths count `end` as written, the head stays
 * Markup and `end` is escaped onto it (Markup + str).
 */
function truncateLikeInput(s: unknown, length: unknown = 255, killwords: unknown = false, end: unknown = '...', leeway: unknown = null): unknown {
  if (!(s instanceof Markup)) return txt.doTruncate(s, length, killwords, end, leeway);
  const result = txt.doTruncate(s.text, length, killwords, end, leeway) as string;
  if (result === s.text) return s;
  const endText = end instanceof Markup ? end.text : (end as string);
  return new Markup(result.slice(0, result.length - endText.length) + escapedText(end));
}

/**
 * Binds (value, args, kwargs) to a builtin's parameters: one slot per parameter (undefined for an
 * omitted optional one, so the JS default applies), then the *args array and **kwargs map.
 */
export function bindBuiltin(kind: string, name: string, sig: BuiltinSignature, value: unknown, args: readonly unknown[], kwargs: KwArgs): unknown[] {
  const { params, required, varargs } = sig;
  if (varargs) return [value, [...args], kwargs === null ? null : new Map(kwargs)];
  if (args.length > params.length) {
    throw typeError(`${kind} '${name}' takes at most ${params.length + 1} positional arguments (${args.length + 1} given)`);
  }
  const bound: unknown[] = [value, ...args];
  for (let i = args.length; i < params.length; i++) bound.push(undefined);
  for (const [key, v] of kwargs ?? []) {
    const i = params.indexOf(key);
    if (i < 0) throw typeError(`${kind} '${name}' got an unexpected keyword argument '${key}'`);
    if (i < args.length) throw typeError(`${kind} '${name}' got multiple values for argument '${key}'`);
    bound[i + 1] = v;
  }
  for (let i = 0; i < required; i++) {
    if (bound[i + 1] === undefined) throw typeError(`${kind} '${name}' missing required argument '${params[i]}'`);
  }
  return bound;
}

function callByName(kind: 'filter' | 'test', table: Readonly<Record<string, Builtin>>, name: string, value: unknown, args: readonly unknown[], kwargs: KwArgs): unknown {
  const entry = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (entry === undefined) throw renderError('runtime-error', `No ${kind} named '${name}'.`);
  const bound = bindBuiltin(kind, name, entry.sig, value, args, kwargs);
  return (entry.fn as (...a: unknown[]) => unknown)(...bound);
}

/** Calls a filter by name (Jinja2's environment.call_filter), for `map('upper')` and friends. */
export function callFilter(name: string, value: unknown, args: readonly unknown[], kwargs: KwArgs): unknown {
  return callByName('filter', FILTERS, name, value, args, kwargs);
}

export function callTest(name: string, value: unknown, args: readonly unknown[], kwargs: KwArgs): unknown {
  return callByName('test', TESTS, name, value, args, kwargs);
}

/** `x|name(*args, **kwargs)`: a filter whose arguments are bound when it runs (autoescape picks the variant). */
export function applyFilter(name: string, autoescape: boolean, value: unknown, args: readonly unknown[], kwargs: KwArgs): unknown {
  return callByName('filter', autoescape ? AUTOESCAPE_FILTERS : FILTERS, name, value, args, kwargs);
}
