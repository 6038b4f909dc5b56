// `rt`: the helper namespace compiled templates call (generated modules import it as
// `import { rt } from 'conduit/runtime'`). Compiled code reaches nothing else: no globals, no
// JS property access by name. Every function takes template values (see ./values.ts).
import { AUTOESCAPE_FILTERS, FILTERS, TESTS, applyFilter, callFilter, callTest } from './builtins.js';
import { doFromJson, escapeText, tojsonText } from './filters-value.js';
import { memberOfJson, NO_MEMBER, parseJson } from './json.js';
import { urlencodeEscapedText } from './filters-text.js';
import type { KwArgs } from './callables.js';
import { dictSet, eq, ge, gt, le, lt, truthy } from './compare.js';
import { GLOBALS, secretNamed, variableNamed } from './globals.js';
import { LoopContext, loopChanged, loopCycle } from './loop.js';
import { Macro, MISSING, missingParameter } from './macro.js';
import { concatMarkup, escapeOutput, markup } from './markup.js';
import { escapeHtml } from './html.js';
import { call, callMethod, getattr, getitem, getkey, getslice } from './lookup.js';
import { add, contains, div, floordiv, mod, mul, neg, pos, pow, sub } from './operators.js';
import { Namespace, PyFloat, tuple as makeTuple } from './py-values.js';
import { beginRender, chargeTextWork, chargeWork } from './render-budget.js';
import { renderError, valueError, type RenderErrorCode } from './render-errors.js';
import { str } from './python-repr.js';
import { spreadArgs, spreadKwargs } from './splat.js';
import { iterate } from './sequences.js';
import type { TemplateVars } from './types.js';
import { Undefined, undefinedHint, undefinedName } from './undefined.js';
import { isUnsafeMemberName } from './unsafe-names.js';

type Fn = (...args: unknown[]) => unknown;

function table(source: Readonly<Record<string, { readonly fn: unknown }>>): Readonly<Record<string, Fn>> {
  const out = Object.create(null) as Record<string, Fn>;
  for (const name of Object.keys(source)) out[name] = source[name]!.fn as Fn;
  return Object.freeze(out);
}

/** A top-level name: the context's variable, else Jinja2's/Conduit's global, else Undefined. */
function name(vars: TemplateVars, key: string): unknown {
  const value = vars.get(key);
  if (value !== undefined) return value;
  const global = GLOBALS.get(key);
  return global !== undefined ? global : undefinedName(key);
}

/** `{% set a, b = value %}` / `{% for a, b in ... %}`: exactly n items. */
function unpack(value: unknown, n: number): readonly unknown[] {
  const items = iterate(value);
  if (items.length < n) throw valueError(`not enough values to unpack (expected ${n}, got ${items.length})`);
  if (items.length > n) throw valueError(`too many values to unpack (expected ${n})`);
  return items;
}

/** A dict literal from alternating keys and values (a repeated key keeps its first position). */
function dict(flat: readonly unknown[]): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>();
  for (let i = 0; i < flat.length; i += 2) dictSet(map, flat[i], flat[i + 1]);
  return map;
}

/** `{% set ns.attr = value %}`: only namespace objects accept attribute assignment. */
function setAttr(target: unknown, attr: string, value: unknown): void {
  if (!(target instanceof Namespace)) throw renderError('runtime-error', 'cannot assign attribute on non-namespace object');
  if (isUnsafeMemberName(attr)) throw renderError('runtime-error', `cannot assign attribute '${attr}'`);
  target.attrs.set(attr, value);
}

function fail(code: RenderErrorCode, message: string): never {
  throw renderError(code, message);
}

/**
 * `(value|from_json).name` for a name the compiler has checked (no dict method): when the JSON is
 * an object with that member, its value, without building the dict around it (the whole text is
 * still read, so bad JSON fails as from_json does); anything else reads the parsed value as
 * `rt.key` would.
 */
function fromJsonKey(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return getkey(doFromJson(value), name);
  chargeTextWork(value.length);
  let member: unknown;
  try {
    member = memberOfJson(value, name);
  } catch {
    // from_json's own error for this text.
    return getkey(parseJson(value), name);
  }
  return member !== NO_MEMBER ? member : getkey(parseJson(value), name);
}

/** The state of one loop's `loop.changed()`. */
function changedState(): { last: unknown[] | null } {
  return { last: null };
}

const NOTHING: unknown = null;

export const rt = Object.freeze({
  /** Initial value of compiler temporaries (typed unknown so any value may be stored). */
  nothing: NOTHING,
  /** Prologue of every compiled template: a fresh per-render budget (./render-budget.ts). */
  beginRender,
  /** One unit per loop iteration and macro call. */
  chargeWork,
  name,
  str,
  truthy,
  attr: getattr,
  /** `x.name` for a compile-time checked name that is no dict method. */
  key: getkey,
  fromJsonKey,
  item: getitem,
  slice: getslice,
  call,
  /**
   * `get_secret('key')` / `get_variable('key')` with a literal key, compiled so where no context
   * variable can have that name (registry templates: the runtime's variables are fixed).
   */
  getSecret: secretNamed,
  getVariable: variableNamed,
  /** A global (range, dict, …) where no context variable can have its name. */
  global: (key: string): unknown => GLOBALS.get(key),
  callMethod: callMethod as (env: unknown, obj: unknown, name: string, args: readonly unknown[], kwargs: KwArgs) => unknown,
  add,
  sub,
  mul,
  div,
  floordiv,
  mod,
  pow,
  neg,
  pos,
  eq,
  ne: (a: unknown, b: unknown): boolean => !eq(a, b),
  lt,
  le,
  gt,
  ge,
  /** `item in container` (operands in evaluation order) */
  in: (item: unknown, container: unknown): boolean => contains(container, item),
  /** A variable the template reads but nothing provides. */
  undef: (key: string): unknown => undefinedName(key),
  newList: (): unknown[] => [],
  /** Keyword arguments from alternating names and values. */
  kw: (flat: readonly unknown[]): Map<string, unknown> => {
    const map = new Map<string, unknown>();
    for (let i = 0; i < flat.length; i += 2) map.set(flat[i] as string, flat[i + 1]);
    return map;
  },
  /** `f(a, *rest)`: the written positionals and rest's items. */
  spread: spreadArgs,
  /** `f(k=1, **opts)`: the written keywords and opts' entries. */
  spreadKw: spreadKwargs,
  iter: iterate,
  unpack,
  tuple: makeTuple,
  dict,
  float: (x: number): PyFloat => new PyFloat(x),
  setAttr,
  /** Filters and tests by name (the compiler only emits names it knows). */
  F: table(FILTERS),
  /** The filters as they behave with autoescaping on (`join`, `replace`, `urlize`, `xmlattr` differ). */
  FA: table(AUTOESCAPE_FILTERS),
  T: table(TESTS),
  /** `{{ x }}` with autoescaping: Markup's text, anything else HTML-escaped. */
  escape: escapeOutput,
  /** `{{ x }}` with autoescaping for a value the compiler knows is a plain string. */
  escapeStr: (s: unknown): string => escapeHtml(s as string),
  /** `a ~ b` with autoescaping. */
  concat: concatMarkup,
  /** A rendered block (block set, filter block, recursive loop) as Markup. */
  markup,
  /** A `{% macro %}` / call block `caller` (./macro.ts). */
  macro: (name: string | null, args: readonly string[], defaults: number, flags: number, autoescape: boolean, body: (...a: never[]) => string): Macro =>
    new Macro(name, args, defaults, flags, autoescape, body as (...a: unknown[]) => string),
  /** A macro parameter the call left out. */
  missing: MISSING as unknown,
  missingParameter,
  callFilter,
  /** A filter called with `*args` / `**kwargs` (bound when it runs). */
  applyFilter,
  /** `x|tojson` / `x|e` where the result is printed at once: the text, without the Markup box. */
  tojsonText,
  escapeText,
  /** `{{ x|urlencode }}` with autoescaping: the printed text, escaped only where it can need it. */
  urlencodeEscapedText,
  callTest,
  loop: (items: readonly unknown[], depth?: number, recurse?: (items: unknown, depth: number) => unknown): LoopContext =>
    new LoopContext(items, depth, recurse ?? null),
  cycle: loopCycle,
  changedState,
  changed: (state: { last: unknown[] | null }, args: readonly unknown[]): boolean => loopChanged(state, args, eq),
  noPrevItem: (): Undefined => undefinedHint('there is no previous item'),
  noNextItem: (): Undefined => undefinedHint('there is no next item'),
  /** `a if cond` without else, when cond is false. */
  condUndefined: (): Undefined => undefinedHint('the inline if-expression on line evaluated to false and no else section was defined.'),
  fail,
});

export type TemplateHelpers = typeof rt;
