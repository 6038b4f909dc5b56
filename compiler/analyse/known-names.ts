// The names templates may use, as the analyser sees them: read from the one template vocabulary
// (runtime/template/vocabulary.ts, data only), plus the spellings from other engines the
// analyser recognises to suggest the right filter.
import { FILTERS, JINJA_GLOBALS, TESTS } from '../../runtime/template/vocabulary.js';

/** The one list of filter and test names, from the template vocabulary. */
export const KNOWN_NAMES: {
  readonly filters: ReadonlySet<string>;
  readonly tests: ReadonlySet<string>;
} = Object.freeze({
  filters: new Set<string>(Object.keys(FILTERS)),
  // The operator spellings (`==`, `<`) are test names too, but never written after `is`.
  tests: new Set<string>(Object.entries(TESTS).filter(([, t]) => !t.operator).map(([name]) => name)),
});

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
export const JINJA_GLOBAL_FUNCTIONS: ReadonlySet<string> = new Set(JINJA_GLOBALS);

/** Names that are literals, not variables: the parser's own list. */
export { LITERAL_NAMES } from '../template/parse-grammar.js';
