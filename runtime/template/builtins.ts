// The filter and test tables: each builtin is a plain function taking the value first, with
// Python's parameter names recorded so keyword arguments bind as in Jinja2. Compiled templates
// call the functions directly (the compiler binds keywords using its mirror of these
// signatures, compiler/template/builtin-signatures.ts); `map`/`select`/... call them by name.
import type { KwArgs } from './callables.js';
import * as seq from './filters-sequence.js';
import * as txt from './filters-text.js';
import * as val from './filters-value.js';
import * as t from './tests.js';
import { renderError, typeError } from './render-errors.js';

/** Parameters after the value: names, how many are required, and whether *args / **kwargs follow. */
export interface BuiltinSignature {
  readonly params: readonly string[];
  readonly required: number;
  /** The function takes (value, ...params, args: unknown[], kwargs: Map | null). */
  readonly varargs: boolean;
}

export interface Builtin {
  readonly fn: (...args: never[]) => unknown;
  readonly sig: BuiltinSignature;
}

type AnyFn = (...args: never[]) => unknown;

function def(fn: AnyFn, params: readonly string[] = [], required = 0, varargs = false): Builtin {
  return { fn, sig: { params, required, varargs } };
}

export const FILTERS: Readonly<Record<string, Builtin>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Builtin>, {
    abs: def(val.doAbs),
    attr: def(seq.doAttr, ['name'], 1),
    batch: def(seq.doBatch, ['linecount', 'fill_with'], 1),
    capitalize: def(txt.doCapitalize),
    center: def(txt.doCenter, ['width']),
    count: def(seq.doLength),
    d: def(val.doDefault, ['default_value', 'boolean']),
    default: def(val.doDefault, ['default_value', 'boolean']),
    dictsort: def(seq.doDictsort, ['case_sensitive', 'by', 'reverse']),
    e: def(val.doEscape),
    escape: def(val.doEscape),
    filesizeformat: def(val.doFilesizeformat, ['binary']),
    first: def(seq.doFirst),
    float: def(val.doFloat, ['default']),
    forceescape: def(val.doForceescape),
    format: def(txt.doFormat, [], 0, true),
    groupby: def(seq.doGroupby, ['attribute', 'default', 'case_sensitive'], 1),
    indent: def(txt.doIndent, ['width', 'first', 'blank']),
    int: def(val.doInt, ['default', 'base']),
    items: def(seq.doItems),
    join: def(seq.doJoin, ['d', 'attribute']),
    last: def(seq.doLast),
    length: def(seq.doLength),
    list: def(seq.doList),
    lower: def(txt.doLower),
    map: def((value: unknown, args: readonly unknown[], kwargs: KwArgs) => seq.doMap(callFilter, value, args, kwargs), [], 0, true),
    max: def(seq.doMax, ['case_sensitive', 'attribute']),
    min: def(seq.doMin, ['case_sensitive', 'attribute']),
    pprint: def(txt.doPprint),
    random: def(seq.doRandom),
    reject: def((value: unknown, args: readonly unknown[], kwargs: KwArgs) => seq.doReject(callTest, value, args, kwargs), [], 0, true),
    rejectattr: def((value: unknown, args: readonly unknown[], kwargs: KwArgs) => seq.doRejectattr(callTest, value, args, kwargs), [], 0, true),
    replace: def(txt.doReplace, ['old', 'new', 'count'], 2),
    reverse: def(seq.doReverse),
    round: def(val.doRound, ['precision', 'method']),
    safe: def(val.doSafe),
    select: def((value: unknown, args: readonly unknown[], kwargs: KwArgs) => seq.doSelect(callTest, value, args, kwargs), [], 0, true),
    selectattr: def((value: unknown, args: readonly unknown[], kwargs: KwArgs) => seq.doSelectattr(callTest, value, args, kwargs), [], 0, true),
    slice: def(seq.doSlice, ['slices', 'fill_with'], 1),
    sort: def(seq.doSort, ['reverse', 'case_sensitive', 'attribute']),
    string: def(val.doString),
    striptags: def(txt.doStriptags),
    sum: def(seq.doSum, ['attribute', 'start']),
    title: def(txt.doTitle),
    tojson: def(val.doTojson, ['indent']),
    trim: def(txt.doTrim, ['chars']),
    truncate: def(txt.doTruncate, ['length', 'killwords', 'end', 'leeway']),
    unique: def(seq.doUnique, ['case_sensitive', 'attribute']),
    upper: def(txt.doUpper),
    urlencode: def(txt.doUrlencode),
    urlize: def(txt.doUrlize, ['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes']),
    wordcount: def(txt.doWordcount),
    wordwrap: def(txt.doWordwrap, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens']),
    xmlattr: def(txt.doXmlattr, ['autospace']),
    // Conduit's extra filters (SPEC §2).
    from_json: def(val.doFromJson),
    json_encode: def(val.doJsonEncode),
    base64_encode: def(val.doBase64Encode),
    base64_decode: def(val.doBase64Decode),
  }),
);

const cmp = ['other'];

export const TESTS: Readonly<Record<string, Builtin>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Builtin>, {
    odd: def(t.testOdd),
    even: def(t.testEven),
    divisibleby: def(t.testDivisibleby, ['num'], 1),
    defined: def(t.testDefined),
    undefined: def(t.testUndefined),
    filter: def((value: unknown) => typeof value === 'string' && value in FILTERS),
    test: def((value: unknown) => typeof value === 'string' && value in TESTS),
    none: def(t.testNone),
    boolean: def(t.testBoolean),
    false: def(t.testFalse),
    true: def(t.testTrue),
    integer: def(t.testInteger),
    float: def(t.testFloat),
    lower: def(t.testLower),
    upper: def(t.testUpper),
    string: def(t.testString),
    mapping: def(t.testMapping),
    number: def(t.testNumber),
    sequence: def(t.testSequence),
    iterable: def(t.testIterable),
    callable: def(t.testCallable),
    sameas: def(t.testSameas, ['other'], 1),
    escaped: def(t.testEscaped),
    in: def(t.testIn, ['seq'], 1),
    '==': def(t.testEq, cmp, 1),
    eq: def(t.testEq, cmp, 1),
    equalto: def(t.testEq, cmp, 1),
    '!=': def(t.testNe, cmp, 1),
    ne: def(t.testNe, cmp, 1),
    '>': def(t.testGt, cmp, 1),
    gt: def(t.testGt, cmp, 1),
    greaterthan: def(t.testGt, cmp, 1),
    '>=': def(t.testGe, cmp, 1),
    ge: def(t.testGe, cmp, 1),
    '<': def(t.testLt, cmp, 1),
    lt: def(t.testLt, cmp, 1),
    lessthan: def(t.testLt, cmp, 1),
    '<=': def(t.testLe, cmp, 1),
    le: def(t.testLe, cmp, 1),
  }),
);

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
