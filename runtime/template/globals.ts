// Jinja2's global functions (range, dict, namespace, cycler, joiner, lipsum) and Conduit's
// (now, get_secret, get_variable, jwt_encode; SPEC §2). A context variable of the same name
// shadows a global, as in Jinja2.
import { signJwt } from '../auth/jwt-sign.js';
import { BuiltinFunction } from './callables.js';
import { updateDict } from './container-methods.js';
import { intNumber, isIntLike } from './numbers.js';
import { Cycler, Joiner, Markup, Namespace, PyDateTime, PyRange } from './py-values.js';
import { escapeHtml } from './html.js';
import { renderError, typeError, valueError } from './render-errors.js';
import { pyTypeName, str } from './python-repr.js';
import { toPlainJs } from './json.js';
import { truthy } from './compare.js';
import { pyCapitalize } from './python-str.js';
import { Undefined, undefinedHint } from './undefined.js';
import { isNumeric } from './numbers.js';
import { add } from './operators.js';
import { chargeBytes, chargeWork } from './render-budget.js';
import type { KwArgs } from './callables.js';
import type { TemplateEnv } from './types.js';

const MAX_RANGE = 100_000;

function rangeArg(x: unknown): number {
  if (isIntLike(x)) return intNumber(x);
  throw typeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
}


const range = new BuiltinFunction(
  'range',
  { params: [{ name: 'start' }, { name: 'stop', default: null }, { name: 'step', default: null }] },
  ([start, stop, step]) => {
    const args = [start, stop, step].filter((x) => x !== null);
    const [a, b, c] = args.map(rangeArg);
    if (c === 0) throw valueError('range() arg 3 must not be zero');
    const made = args.length === 1 ? new PyRange(0, a!, 1) : new PyRange(a!, b!, c ?? 1);
    // SPEC §2, as Jinja2's sandbox: longer ranges are a rendering error.
    if (made.length > MAX_RANGE) throw renderError('overflow', `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`);
    return made;
  },
  "<class 'range'>",
);

const dict = new BuiltinFunction(
  'dict',
  { params: [{ name: 'source', default: undefined }], varkw: 'kwargs' },
  ([source, kwargs]) => {
    const map = new Map<unknown, unknown>();
    updateDict(map, source, kwargs as KwArgs);
    return map;
  },
  "<class 'dict'>",
);

const namespace = new BuiltinFunction(
  'namespace',
  { params: [{ name: 'source', default: undefined }], varkw: 'kwargs' },
  ([source, kwargs]) => {
    const ns = new Namespace();
    const map = new Map<unknown, unknown>();
    updateDict(map, source, kwargs as KwArgs);
    for (const [k, v] of map) ns.attrs.set(str(k), v);
    return ns;
  },
  "<class 'jinja2.utils.Namespace'>",
);

const cycler = new BuiltinFunction('cycler', { params: [], varargs: 'items' }, ([items]) => new Cycler(items as unknown[]), "<class 'jinja2.utils.Cycler'>");

const joiner = new BuiltinFunction('joiner', { params: [{ name: 'sep', default: ', ' }] }, ([sep]) => new Joiner(sep), "<class 'jinja2.utils.Joiner'>");

const LOREM_WORDS = 'a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate'.split(' ');

function randrange(lo: number, hi: number): number {
  if (hi <= lo) throw valueError(`empty range in randrange(${lo}, ${hi})`);
  return lo + Math.floor(Math.random() * (hi - lo));
}

const lipsum = new BuiltinFunction(
  'lipsum',
  { params: [{ name: 'n', default: 5 }, { name: 'html', default: true }, { name: 'min', default: 20 }, { name: 'max', default: 100 }] },
  ([n, html, min, max]) => {
    const paragraphs: string[] = [];
    for (let i = 0; i < rangeArg(n); i++) {
      let nextCapitalized = true;
      let lastComma = 0;
      let lastFullstop = 0;
      let last: string | null = null;
      const words: string[] = [];
      const count = randrange(rangeArg(min), rangeArg(max));
      // About eight bytes a word: charged before the words are drawn.
      chargeWork(count + 1);
      chargeBytes(8 * count);
      for (let idx = 0; idx < count; idx++) {
        let word: string;
        do word = LOREM_WORDS[Math.floor(Math.random() * LOREM_WORDS.length)]!;
        while (word === last);
        last = word;
        if (nextCapitalized) {
          word = pyCapitalize(word);
          nextCapitalized = false;
        }
        if (idx - randrange(3, 8) > lastComma) {
          lastComma = idx;
          lastFullstop += 2;
          word += ',';
        }
        if (idx - randrange(10, 20) > lastFullstop) {
          lastComma = lastFullstop = idx;
          word += '.';
          nextCapitalized = true;
        }
        words.push(word);
      }
      let text = words.join(' ');
      if (text.endsWith(',')) text = `${text.slice(0, -1)}.`;
      else if (!text.endsWith('.')) text += '.';
      paragraphs.push(text);
    }
    if (!truthy(html)) return paragraphs.join('\n\n');
    return new Markup(paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'));
  },
  '<function generate_lorem_ipsum>',
);

function nameArg(fn: string, x: unknown): string {
  if (typeof x === 'string') return x;
  if (x instanceof Markup) return x.text;
  throw typeError(`${fn}() expects a name (str), not ${pyTypeName(x)}`);
}

/**
 * `get_secret(key)`. SPEC §2: a missing secret renders as the original expression and is
 * reported by name only. Templates call it directly for a literal key (rt.getSecret).
 */
export function secretNamed(env: TemplateEnv, key: string): unknown {
  const value = env.getSecret(key);
  if (value !== undefined) return value;
  env.onMissingSecret?.(key);
  // The expression text as written, never escaped: it stands for the value, not for data.
  return new Markup(`{{ get_secret('${key}') }}`);
}

/**
 * `get_variable(key)`. SPEC §2: a missing variable prints as its expression, like a missing
 * secret; being Undefined, a `default()` after it still applies. Called directly for a literal key.
 */
export function variableNamed(env: TemplateEnv, key: string): unknown {
  const value = env.getVariable(key);
  return value !== undefined ? value : new Undefined(`variable '${key}' is not set`, undefined, key, `{{ get_variable('${key}') }}`);
}

const getSecret = new BuiltinFunction('get_secret', { params: [{ name: 'name' }] }, ([name], env) => secretNamed(env, nameArg('get_secret', name)));

const getVariable = new BuiltinFunction('get_variable', { params: [{ name: 'name' }] }, ([name], env) => variableNamed(env, nameArg('get_variable', name)));

/** now(offset=0): the current Unix time in whole seconds, plus `offset` seconds (SPEC §2). */
const now = new BuiltinFunction('now', { params: [{ name: 'offset', default: 0 }] }, ([offset], env) => {
  if (!isNumeric(offset) || typeof offset === 'boolean') throw typeError(`now() offset must be a number of seconds, not ${pyTypeName(offset)}`);
  return add(Math.floor(env.now().getTime() / 1000), offset);
});

/** jwt_encode(payload, key, algorithm, headers=None): converts to plain JS and signs (AuthError propagates). */
const jwtEncode = new BuiltinFunction(
  'jwt_encode',
  { params: [{ name: 'payload' }, { name: 'key' }, { name: 'algorithm' }, { name: 'headers', default: null }] },
  ([payload, key, algorithm, headers]) => {
    if (!(payload instanceof Map)) throw typeError('Expecting a dict object, as JWT only supports JSON objects as payloads.');
    if (headers !== null && !(headers instanceof Map)) throw typeError('headers must be a dict');
    const header = headers === null ? undefined : (toPlainJs(headers) as Record<string, unknown>);
    return signJwt(toPlainJs(payload) as Record<string, unknown>, nameArg('jwt_encode', key), nameArg('jwt_encode', algorithm), header);
  },
);

export const GLOBALS: ReadonlyMap<string, BuiltinFunction> = new Map([
  ['range', range],
  ['dict', dict],
  ['namespace', namespace],
  ['cycler', cycler],
  ['joiner', joiner],
  ['lipsum', lipsum],
  ['now', now],
  ['get_secret', getSecret],
  ['get_variable', getVariable],
  ['jwt_encode', jwtEncode],
]);
