// The compiler's view of the runtime's builtins (runtime/template/builtins.ts and globals.ts):
// names and Python parameter lists, so keyword arguments are bound at compile time and unknown
// filters/tests are rejected. Compiler code does not import runtime code; a test keeps this
// mirror equal to the runtime tables.

export interface BuiltinSignature {
  /** Parameters after the value, in order. */
  readonly params: readonly string[];
  /** How many of `params` are required. */
  readonly required: number;
  /** Takes (value, args[], kwargs) instead: `map`, `select`, `format`, ... */
  readonly varargs: boolean;
}

function sig(params: readonly string[] = [], required = 0, varargs = false): BuiltinSignature {
  return { params, required, varargs };
}

const VARARGS = sig([], 0, true);

export const FILTER_SIGNATURES: ReadonlyMap<string, BuiltinSignature> = new Map([
  ['abs', sig()],
  ['attr', sig(['name'], 1)],
  ['batch', sig(['linecount', 'fill_with'], 1)],
  ['capitalize', sig()],
  ['center', sig(['width'])],
  ['count', sig()],
  ['d', sig(['default_value', 'boolean'])],
  ['default', sig(['default_value', 'boolean'])],
  ['dictsort', sig(['case_sensitive', 'by', 'reverse'])],
  ['e', sig()],
  ['escape', sig()],
  ['filesizeformat', sig(['binary'])],
  ['first', sig()],
  ['float', sig(['default'])],
  ['forceescape', sig()],
  ['format', VARARGS],
  ['groupby', sig(['attribute', 'default', 'case_sensitive'], 1)],
  ['indent', sig(['width', 'first', 'blank'])],
  ['int', sig(['default', 'base'])],
  ['items', sig()],
  ['join', sig(['d', 'attribute'])],
  ['last', sig()],
  ['length', sig()],
  ['list', sig()],
  ['lower', sig()],
  ['map', VARARGS],
  ['max', sig(['case_sensitive', 'attribute'])],
  ['min', sig(['case_sensitive', 'attribute'])],
  ['pprint', sig()],
  ['random', sig()],
  ['reject', VARARGS],
  ['rejectattr', VARARGS],
  ['replace', sig(['old', 'new', 'count'], 2)],
  ['reverse', sig()],
  ['round', sig(['precision', 'method'])],
  ['safe', sig()],
  ['select', VARARGS],
  ['selectattr', VARARGS],
  ['slice', sig(['slices', 'fill_with'], 1)],
  ['sort', sig(['reverse', 'case_sensitive', 'attribute'])],
  ['string', sig()],
  ['striptags', sig()],
  ['sum', sig(['attribute', 'start'])],
  ['title', sig()],
  ['tojson', sig(['indent'])],
  ['trim', sig(['chars'])],
  ['truncate', sig(['length', 'killwords', 'end', 'leeway'])],
  ['unique', sig(['case_sensitive', 'attribute'])],
  ['upper', sig()],
  ['urlencode', sig()],
  ['urlize', sig(['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'])],
  ['wordcount', sig()],
  ['wordwrap', sig(['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'])],
  ['xmlattr', sig(['autospace'])],
  ['from_json', sig()],
  ['json_encode', sig()],
  ['base64_encode', sig()],
  ['base64_decode', sig()],
]);

const CMP = sig(['other'], 1);

export const TEST_SIGNATURES: ReadonlyMap<string, BuiltinSignature> = new Map([
  ['odd', sig()],
  ['even', sig()],
  ['divisibleby', sig(['num'], 1)],
  ['defined', sig()],
  ['undefined', sig()],
  ['filter', sig()],
  ['test', sig()],
  ['none', sig()],
  ['boolean', sig()],
  ['false', sig()],
  ['true', sig()],
  ['integer', sig()],
  ['float', sig()],
  ['lower', sig()],
  ['upper', sig()],
  ['string', sig()],
  ['mapping', sig()],
  ['number', sig()],
  ['sequence', sig()],
  ['iterable', sig()],
  ['callable', sig()],
  ['sameas', sig(['other'], 1)],
  ['escaped', sig()],
  ['in', sig(['seq'], 1)],
  ['==', CMP],
  ['eq', CMP],
  ['equalto', CMP],
  ['!=', CMP],
  ['ne', CMP],
  ['>', CMP],
  ['gt', CMP],
  ['greaterthan', CMP],
  ['>=', CMP],
  ['ge', CMP],
  ['<', CMP],
  ['lt', CMP],
  ['lessthan', CMP],
  ['<=', CMP],
  ['le', CMP],
]);

/** Functions every slot can call (SPEC §2) plus Conduit's slot-restricted ones. */
export const GLOBAL_NAMES: ReadonlySet<string> = new Set([
  'range',
  'dict',
  'namespace',
  'cycler',
  'joiner',
  'lipsum',
  'now',
  'get_secret',
  'get_variable',
  'jwt_encode',
]);

/** Filters whose (literal) arguments name attributes, by parameter: checked for unsafe names. */
export const ATTRIBUTE_PARAMS: ReadonlyMap<string, readonly string[]> = new Map([
  ['attr', ['name']],
  ['groupby', ['attribute']],
  ['join', ['attribute']],
  ['max', ['attribute']],
  ['min', ['attribute']],
  ['sort', ['attribute']],
  ['sum', ['attribute']],
  ['unique', ['attribute']],
]);
