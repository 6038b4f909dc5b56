// The filter and test names templates may use: Jinja2 3.1's built-ins that make sense outside
// HTML, plus Conduit's extra filters (SPEC §2). The analyser rejects every other name and the
// code generator implements exactly these, so this file is the single list both sides read.

/** Jinja2 built-in filters kept (HTML-only ones are in HTML_ONLY_FILTERS) and Conduit's extras. */
const FILTERS = [
  // Jinja2 3.1 built-ins
  'abs', 'attr', 'batch', 'capitalize', 'center', 'count', 'd', 'default', 'dictsort', 'e', 'escape',
  'filesizeformat', 'first', 'float', 'format', 'groupby', 'indent', 'int', 'items', 'join', 'last',
  'length', 'list', 'lower', 'map', 'max', 'min', 'pprint', 'random', 'reject', 'rejectattr', 'replace',
  'reverse', 'round', 'select', 'selectattr', 'slice', 'sort', 'string', 'striptags', 'sum', 'title',
  'tojson', 'trim', 'truncate', 'unique', 'upper', 'urlencode', 'wordcount', 'wordwrap',
  // Conduit extras
  'from_json', 'json_encode', 'base64_encode', 'base64_decode',
] as const;

/** Jinja2 3.1 built-in tests, spelled as names (the operator spellings `==`, `<`... are not names). */
const TESTS = [
  'boolean', 'callable', 'defined', 'divisibleby', 'eq', 'equalto', 'even', 'false', 'filter', 'float',
  'ge', 'greaterthan', 'gt', 'in', 'integer', 'iterable', 'le', 'lessthan', 'lower', 'lt', 'mapping',
  'ne', 'none', 'number', 'odd', 'sameas', 'sequence', 'string', 'test', 'true', 'undefined', 'upper',
] as const;

export type KnownFilterName = (typeof FILTERS)[number];
export type KnownTestName = (typeof TESTS)[number];

/** The one list of filter and test names shared by the analyser and the code generator. */
export const KNOWN_NAMES: {
  readonly filters: ReadonlySet<string>;
  readonly tests: ReadonlySet<string>;
} = Object.freeze({
  filters: new Set<string>(FILTERS),
  tests: new Set<string>(TESTS),
});

/**
 * Jinja2 filters and tests left out because they only matter for HTML autoescaping or produce
 * HTML markup; the value says what to do instead (shown as the diagnostic hint).
 */
export const HTML_ONLY_FILTERS: ReadonlyMap<string, string> = new Map([
  ['safe', 'autoescaping is off in Conduit, so `safe` has nothing to do: remove it'],
  ['forceescape', 'use `escape` (autoescaping is off, values are never pre-escaped)'],
  ['urlize', 'templates build API requests, not HTML: format links yourself'],
  ['xmlattr', 'templates build API requests, not HTML: write the attributes yourself'],
]);

export const HTML_ONLY_TESTS: ReadonlyMap<string, string> = new Map([
  ['escaped', 'autoescaping is off in Conduit, so no value is ever marked as escaped'],
]);

/** Spellings from other template engines, mapped to the Conduit filter that does the job. */
export const FILTER_ALIASES: ReadonlyMap<string, string> = new Map([
  ['json', 'json_encode'],
  ['to_json', 'json_encode'],
  ['jsonify', 'json_encode'],
  ['json_dumps', 'json_encode'],
  ['dump', 'json_encode'],
  ['fromjson', 'from_json'],
  ['json_decode', 'from_json'],
  ['parse_json', 'from_json'],
  ['json_loads', 'from_json'],
  ['b64encode', 'base64_encode'],
  ['base64encode', 'base64_encode'],
  ['b64decode', 'base64_decode'],
  ['base64decode', 'base64_decode'],
  ['url_encode', 'urlencode'],
  ['len', 'length'],
  ['str', 'string'],
]);

/** Jinja2's global functions, available in every slot (SPEC §2). */
export const JINJA_GLOBAL_FUNCTIONS: ReadonlySet<string> = new Set(['range', 'dict', 'namespace', 'cycler', 'joiner', 'lipsum']);

/** Names that are literals, not variables: Python spellings and Jinja2's lower-case ones. */
export const LITERAL_NAMES: ReadonlySet<string> = new Set(['True', 'False', 'None', 'true', 'false', 'none']);
