// The template vocabulary: every filter, test, global function, method and loop attribute a
// template may use, with its Python signature and whether it returns a safe (Markup) value.
// Data only (no imports, no behaviour), so the compiler may read it: analysis rejects names not
// listed here, code generation binds keyword arguments with these signatures, and the runtime's
// helper tables (./builtins.ts) are typed by these names, so a name without an implementation
// does not compile.

export interface BuiltinSignature {
  /** Parameters after the value, in order. */
  readonly params: readonly string[];
  /** How many of `params` are required. */
  readonly required: number;
  /** Takes (value, args[], kwargs) instead: `map`, `select`, `format`, ... */
  readonly varargs: boolean;
}

/**
 * What a filter returns with respect to escaping:
 * - 'markup': always a safe (Markup) value (`safe`, `escape`, `tojson`, `json_encode`);
 * - 'markup-when-autoescape': Markup when autoescaping is on (`urlize`, `xmlattr`);
 * - 'like-input': Markup when its input is (string methods: `upper`, `replace`, `format` ...);
 * - 'plain': never Markup.
 */
export type Safety = 'markup' | 'markup-when-autoescape' | 'like-input' | 'plain';

/** What a result is known to be, for code generation: a JS string, a boolean, or anything. */
export type ResultKind = 'str' | 'bool' | 'any';

/**
 * An argument naming attributes of the items, read as Jinja2's make_attrgetter reads it
 * (`map(attribute='a.b')`, `attr('x')`, `sort(attribute='a,b')`): checked for unsafe names when
 * written literally.
 */
export interface AttributeArgument {
  /** Its keyword. */
  readonly keyword: string;
  /** Its index among the positional arguments after the value; null when only a keyword. */
  readonly position: number | null;
  /** A path: split on '.' into nested lookups (all but `attr`'s name). */
  readonly dotted: boolean;
  /** Several attributes separated by ',' (`sort`). */
  readonly commaList: boolean;
}

export interface FilterEntry extends BuiltinSignature {
  readonly safety: Safety;
  /** The result is always a string (or a Markup when `safety` allows it). */
  readonly result: ResultKind;
  /** Behaves differently when autoescaping is on (Jinja2's `pass_eval_context` filters). */
  readonly autoescapeAware: boolean;
  /** The arguments naming attributes. */
  readonly attributeArguments: readonly AttributeArgument[];
  /** Index of the positional argument naming a test (`select('odd')`, `selectattr('x', 'odd')`), or null. */
  readonly testNameAt: number | null;
  /**
   * Index of the positional argument naming a filter (`map('upper')`), or null; the arguments after
   * it are that filter's (`map('attr', 'x')`).
   */
  readonly filterNameAt: number | null;
  /** The HTML/markup filters: a hint when a template uses them with autoescaping off. */
  readonly conduitExtra: boolean;
  /** Its output needs no escaping inside a JSON string (JSON-escaped, a number, a URL/base64 alphabet). */
  readonly jsonStringSafe: boolean;
}

export interface TestEntry extends BuiltinSignature {
  /** Spelled as an operator (`==`, `<`): not a name a template writes after `is`. */
  readonly operator: boolean;
}

interface FilterOptions {
  readonly required?: number;
  readonly varargs?: boolean;
  /** Varargs filters: the names of their leading positional arguments (`selectattr(attribute, test, …)`). */
  readonly leading?: readonly string[];
  readonly safety?: Safety;
  readonly result?: ResultKind;
  readonly autoescapeAware?: boolean;
  /** Parameters naming attributes: a dotted path unless `attributeForm` says otherwise. */
  readonly attributeParams?: readonly string[];
  readonly attributeForm?: 'name' | 'path' | 'paths';
  readonly testParam?: string;
  readonly filterParam?: string;
  readonly conduitExtra?: boolean;
  readonly jsonStringSafe?: boolean;
}

function filter(params: readonly string[] = [], options: FilterOptions = {}): FilterEntry {
  // Positions count the parameters, or a varargs filter's leading positionals.
  const positional = options.leading ?? params;
  const at = (name: string | undefined): number | null => (name === undefined || !positional.includes(name) ? null : positional.indexOf(name));
  const form = options.attributeForm ?? 'path';
  return {
    params,
    required: options.required ?? 0,
    varargs: options.varargs ?? false,
    safety: options.safety ?? 'plain',
    result: options.result ?? 'any',
    autoescapeAware: options.autoescapeAware ?? false,
    attributeArguments: (options.attributeParams ?? []).map((keyword) => ({ keyword, position: at(keyword), dotted: form !== 'name', commaList: form === 'paths' })),
    testNameAt: at(options.testParam),
    filterNameAt: at(options.filterParam),
    conduitExtra: options.conduitExtra ?? false,
    jsonStringSafe: options.jsonStringSafe ?? false,
  };
}

const VARARGS: FilterOptions = { varargs: true };
/** A number (or a string of digits and unit letters): safe inside a JSON string. */
const NUMBER: FilterOptions = { jsonStringSafe: true };
/** A str method applied to the value: the result is a string, Markup when the value is. */
const STRING: FilterOptions = { safety: 'like-input', result: 'str' };

/** Jinja2 3.1's built-in filters and Conduit's extras (SPEC §2). */
export const FILTERS = {
  abs: filter([], NUMBER),
  attr: filter(['name'], { required: 1, attributeParams: ['name'], attributeForm: 'name' }),
  batch: filter(['linecount', 'fill_with'], { required: 1 }),
  capitalize: filter([], STRING),
  center: filter(['width'], STRING),
  count: filter([], NUMBER),
  d: filter(['default_value', 'boolean']),
  default: filter(['default_value', 'boolean']),
  dictsort: filter(['case_sensitive', 'by', 'reverse']),
  e: filter([], { safety: 'markup', result: 'str' }),
  escape: filter([], { safety: 'markup', result: 'str' }),
  filesizeformat: filter(['binary'], { result: 'str', ...NUMBER }),
  first: filter(),
  float: filter(['default'], NUMBER),
  forceescape: filter([], { safety: 'markup', result: 'str' }),
  format: filter([], { ...VARARGS, ...STRING }),
  groupby: filter(['attribute', 'default', 'case_sensitive'], { required: 1, attributeParams: ['attribute'] }),
  indent: filter(['width', 'first', 'blank'], STRING),
  int: filter(['default', 'base'], NUMBER),
  items: filter(),
  join: filter(['d', 'attribute'], { ...STRING, autoescapeAware: true, attributeParams: ['attribute'] }),
  last: filter(),
  length: filter([], NUMBER),
  list: filter(),
  lower: filter([], STRING),
  map: filter([], { ...VARARGS, leading: ['filter'], filterParam: 'filter', attributeParams: ['attribute'] }),
  max: filter(['case_sensitive', 'attribute'], { attributeParams: ['attribute'] }),
  min: filter(['case_sensitive', 'attribute'], { attributeParams: ['attribute'] }),
  pprint: filter([], { result: 'str' }),
  random: filter(),
  reject: filter([], { ...VARARGS, leading: ['test'], testParam: 'test' }),
  rejectattr: filter([], { ...VARARGS, leading: ['attribute', 'test'], attributeParams: ['attribute'], testParam: 'test' }),
  replace: filter(['old', 'new', 'count'], { ...STRING, required: 2, autoescapeAware: true }),
  reverse: filter(),
  round: filter(['precision', 'method'], NUMBER),
  safe: filter([], { safety: 'markup', result: 'str' }),
  select: filter([], { ...VARARGS, leading: ['test'], testParam: 'test' }),
  selectattr: filter([], { ...VARARGS, leading: ['attribute', 'test'], attributeParams: ['attribute'], testParam: 'test' }),
  slice: filter(['slices', 'fill_with'], { required: 1 }),
  sort: filter(['reverse', 'case_sensitive', 'attribute'], { attributeParams: ['attribute'], attributeForm: 'paths' }),
  string: filter([], { safety: 'like-input', result: 'str' }),
  striptags: filter([], { result: 'str' }),
  sum: filter(['attribute', 'start'], { attributeParams: ['attribute'], ...NUMBER }),
  title: filter([], { result: 'str' }),
  tojson: filter(['indent'], { safety: 'markup', result: 'str', jsonStringSafe: true }),
  trim: filter(['chars'], STRING),
  truncate: filter(['length', 'killwords', 'end', 'leeway'], STRING),
  unique: filter(['case_sensitive', 'attribute'], { attributeParams: ['attribute'] }),
  upper: filter([], STRING),
  urlencode: filter([], { result: 'str', jsonStringSafe: true }),
  urlize: filter(['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'], { safety: 'markup-when-autoescape', result: 'str', autoescapeAware: true }),
  wordcount: filter([], NUMBER),
  wordwrap: filter(['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'], { result: 'str' }),
  xmlattr: filter(['autospace'], { safety: 'markup-when-autoescape', result: 'str', autoescapeAware: true }),
  // Conduit's extra filters (SPEC §2).
  from_json: filter([], { conduitExtra: true }),
  json_encode: filter([], { safety: 'markup', result: 'str', conduitExtra: true, jsonStringSafe: true }),
  base64_encode: filter([], { result: 'str', conduitExtra: true, jsonStringSafe: true }),
  base64_decode: filter([], { result: 'str', conduitExtra: true }),
} as const satisfies Readonly<Record<string, FilterEntry>>;

export type FilterName = keyof typeof FILTERS;

function test(params: readonly string[] = [], required = 0, operator = false): TestEntry {
  return { params, required, varargs: false, operator };
}

const CMP = ['other'];

/** Jinja2 3.1's built-in tests. */
export const TESTS = {
  odd: test(),
  even: test(),
  divisibleby: test(['num'], 1),
  defined: test(),
  undefined: test(),
  filter: test(),
  test: test(),
  none: test(),
  boolean: test(),
  false: test(),
  true: test(),
  integer: test(),
  float: test(),
  lower: test(),
  upper: test(),
  string: test(),
  mapping: test(),
  number: test(),
  sequence: test(),
  iterable: test(),
  callable: test(),
  sameas: test(['other'], 1),
  escaped: test(),
  in: test(['seq'], 1),
  '==': test(CMP, 1, true),
  eq: test(CMP, 1),
  equalto: test(CMP, 1),
  '!=': test(CMP, 1, true),
  ne: test(CMP, 1),
  '>': test(CMP, 1, true),
  gt: test(CMP, 1),
  greaterthan: test(CMP, 1),
  '>=': test(CMP, 1, true),
  ge: test(CMP, 1),
  '<': test(CMP, 1, true),
  lt: test(CMP, 1),
  lessthan: test(CMP, 1),
  '<=': test(CMP, 1, true),
  le: test(CMP, 1),
} as const satisfies Readonly<Record<string, TestEntry>>;

export type TestName = keyof typeof TESTS;

/** Jinja2's global functions, available in every slot (SPEC §2). */
export const JINJA_GLOBALS = ['range', 'dict', 'namespace', 'cycler', 'joiner', 'lipsum'] as const;
/** Conduit's functions (SPEC §2); the slots that may call them are the analyser's business. */
export const CONDUIT_GLOBALS = ['now', 'get_secret', 'get_variable', 'jwt_encode'] as const;
export type GlobalFunctionName = (typeof JINJA_GLOBALS)[number] | (typeof CONDUIT_GLOBALS)[number];
export const GLOBAL_FUNCTIONS: readonly GlobalFunctionName[] = [...JINJA_GLOBALS, ...CONDUIT_GLOBALS];

/** Python dict methods that leave the dict as it is (so the structured values, shared and read-only, have them too). */
export const DICT_READ_METHOD_NAMES = ['keys', 'values', 'items', 'get', 'copy'] as const;
/** Python dict methods: `d.items` is the method, `d['items']` the key first. */
export const DICT_METHOD_NAMES = [...DICT_READ_METHOD_NAMES, 'pop', 'popitem', 'setdefault', 'update', 'clear'] as const;
export type DictMethodName = (typeof DICT_METHOD_NAMES)[number];
export const LIST_METHOD_NAMES = ['append', 'extend', 'insert', 'pop', 'remove', 'sort', 'clear', 'copy', 'count', 'index', 'reverse'] as const;
export type ListMethodName = (typeof LIST_METHOD_NAMES)[number];
export const TUPLE_METHOD_NAMES = ['count', 'index'] as const;
export const STR_METHOD_NAMES = [
  'upper', 'lower', 'casefold', 'title', 'capitalize', 'swapcase', 'strip', 'lstrip', 'rstrip', 'startswith', 'endswith',
  'find', 'rfind', 'index', 'rindex', 'count', 'replace', 'split', 'rsplit', 'splitlines', 'join', 'partition',
  'rpartition', 'center', 'ljust', 'rjust', 'zfill', 'format', 'format_map', 'translate', 'expandtabs', 'removeprefix', 'removesuffix',
  'isalpha', 'isalnum', 'isdecimal', 'isdigit', 'isnumeric', 'isidentifier', 'isascii', 'islower', 'isupper',
  'istitle', 'isspace', 'isprintable',
] as const;
export type StrMethodName = (typeof STR_METHOD_NAMES)[number];

/** Jinja2's `loop` attributes holding a number or a boolean. */
export const LOOP_NUMBER_ATTRIBUTES = ['index', 'index0', 'revindex', 'revindex0', 'first', 'last', 'length', 'depth', 'depth0'] as const;
/** Jinja2's `loop` attributes read as values. */
export const LOOP_ATTRIBUTES = [...LOOP_NUMBER_ATTRIBUTES, 'previtem', 'nextitem'] as const;
/**
 * str methods that give Markup on a Markup receiver (markupsafe 3), with the positions of the
 * arguments they escape: replace's new text, the fill character of center/ljust/rjust; 'all' for
 * format/format_map, whose every replacement field is escaped once formatted (EscapeFormatter).
 * The others use their arguments as written (strip's characters, replace's old text). Every
 * other str method gives str's own result.
 */
export const MARKUP_RESULT_METHODS: Readonly<Record<string, readonly number[] | 'all'>> = {
  capitalize: [], casefold: [], title: [], lower: [], upper: [], swapcase: [], lstrip: [], rstrip: [], strip: [], translate: [],
  expandtabs: [], zfill: [], removeprefix: [], removesuffix: [],
  replace: [1], ljust: [1], rjust: [1], center: [1],
  format: 'all', format_map: 'all',
};
/** str methods whose parts are Markup on a Markup receiver (their separators used as written). */
export const MARKUP_SPLITTING_METHOD_NAMES = ['split', 'rsplit', 'splitlines', 'partition', 'rpartition'] as const;

/** Jinja2's `loop` methods (a recursive loop is also callable as `loop(items)`). */
export const LOOP_METHODS = ['cycle', 'changed'] as const;

/** Members of a macro (or `caller`) object a template may read. */
export const MACRO_ATTRIBUTES = ['name', 'arguments', 'catch_kwargs', 'catch_varargs', 'caller'] as const;
