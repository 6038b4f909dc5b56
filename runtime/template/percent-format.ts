// Python's printf-style `str % args` (also Jinja2's `format` filter): %s %r %a %d %i %u %o %x %X
// %e %E %f %F %g %G %c %%, flags `#0- +`, width/precision (or `*`), and `%(key)s` with a dict.
import { cpLength } from './code-points.js';
import { formatExponent, formatFixed, formatGeneral } from './float-format.js';
import { bigValue, floatValue, isFloat, isNumeric, truncToInt } from './numbers.js';
import { Markup, isTuple, tuple } from './py-values.js';
import { renderError, typeError } from './render-errors.js';
import { pyTypeName, repr, str } from './python-repr.js';
import { dictGet } from './compare.js';
import { escapeHtml } from './html.js';
import { repeated } from './render-budget.js';

const SPEC_RE = /%(?:\(([^)]*)\))?([-#0 +]*)(\*|\d+)?(?:\.(\*|\d*))?([hlL])?([diouxXeEfFgGcrsa%])?/y;

function asciiRepr(value: unknown): string {
  return repr(value).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
    if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
    return `\\U${cp.toString(16).padStart(8, '0')}`;
  });
}

function intOf(value: unknown, conv: string): bigint {
  if (isNumeric(value)) return isFloat(value) ? bigValue(truncToInt(floatValue(value))) : bigValue(value);
  throw typeError(`%${conv} format: a real number is required, not ${pyTypeName(value)}`);
}

function strictIntOf(value: unknown, conv: string): bigint {
  if (isNumeric(value) && !isFloat(value)) return bigValue(value);
  throw typeError(`%${conv} format: an integer is required, not ${pyTypeName(value)}`);
}

function floatOf(value: unknown, conv: string): number {
  if (isNumeric(value)) return floatValue(value);
  throw typeError(`must be real number, not ${pyTypeName(value)} (%${conv})`);
}

function applyWidth(body: string, sign: string, flags: string, width: number, numeric: boolean): string {
  const len = cpLength(body) + sign.length;
  if (width <= len) return sign + body;
  if (flags.includes('-')) return sign + body + repeated(' ', width - len);
  if (numeric && flags.includes('0')) {
    // Zeros go after the sign and any 0x/0o prefix.
    const prefix = /^0[xXob]/.test(body) ? body.slice(0, 2) : '';
    return sign + prefix + repeated('0', width - len) + body.slice(prefix.length);
  }
  return repeated(' ', width - len) + sign + body;
}

/** `escaping`: a Markup's `%` (markupsafe's _MarkupEscapeHelper): %s/%r/%a text is escaped (a Markup's %s is not). */
function convert(conv: string, value: unknown, flags: string, width: number, precision: number | null, escaping: boolean): string {
  const signFor = (negative: boolean): string => (negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '');
  switch (conv) {
    case 's':
    case 'r':
    case 'a': {
      let text = conv === 's' ? str(value) : conv === 'r' ? repr(value) : asciiRepr(value);
      if (escaping && !(conv === 's' && value instanceof Markup)) text = escapeHtml(text);
      if (precision !== null) text = Array.from(text).slice(0, precision).join('');
      return applyWidth(text, '', flags, width, false);
    }
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const n = conv === 'd' || conv === 'i' || conv === 'u' ? intOf(value, conv) : strictIntOf(value, conv);
      const negative = n < 0n;
      const abs = negative ? -n : n;
      let digits = conv === 'o' ? abs.toString(8) : conv === 'x' ? abs.toString(16) : conv === 'X' ? abs.toString(16).toUpperCase() : abs.toString();
      if (precision !== null && digits.length < precision) digits = repeated('0', precision - digits.length) + digits;
      if (flags.includes('#') && conv !== 'd' && conv !== 'i' && conv !== 'u') digits = (conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X') + digits;
      return applyWidth(digits, signFor(negative), flags, width, true);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const x = floatOf(value, conv);
      const p = precision ?? 6;
      const negative = x < 0 || Object.is(x, -0);
      const v = Math.abs(x);
      let body: string;
      if (conv === 'e' || conv === 'E') body = formatExponent(v, p, conv === 'E');
      else if (conv === 'f' || conv === 'F') {
        body = formatFixed(v, p);
        if (flags.includes('#') && !body.includes('.')) body += '.';
        if (conv === 'F') body = body.toUpperCase();
      } else body = formatGeneral(v, p, conv === 'G', flags.includes('#'));
      return applyWidth(body, signFor(negative && v === v), flags, width, Number.isFinite(v));
    }
    case 'c': {
      let ch: string;
      if (typeof value === 'string' || value instanceof Markup) {
        const text = typeof value === 'string' ? value : value.text;
        if (cpLength(text) !== 1) throw typeError('%c requires an int or a unicode character, not a string of length ' + cpLength(text));
        ch = text;
      } else if (isNumeric(value) && !isFloat(value)) {
        const code = Number(bigValue(value));
        if (code < 0 || code > 0x10ffff) throw renderError('overflow', '%c arg not in range(0x110000)');
        ch = String.fromCodePoint(code);
      } else {
        throw typeError(`%c requires an int or a unicode character, not ${pyTypeName(value)}`);
      }
      return applyWidth(ch, '', flags, width, false);
    }
    default:
      throw renderError('value-error', `unsupported format character '${conv}'`);
  }
}

/** `fmt % args`: a tuple is the positional arguments, a dict serves `%(key)s`, anything else is one argument. */
export function percentFormat(fmt: string, args: unknown, escaping = false): string {
  const positional: readonly unknown[] = isTuple(args) ? args : [args];
  const mapping = args instanceof Map ? args : null;
  let next = 0;
  let usedMapping = false;
  const take = (): unknown => {
    if (next >= positional.length) throw typeError('not enough arguments for format string');
    return positional[next++];
  };
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    SPEC_RE.lastIndex = pct;
    const m = SPEC_RE.exec(fmt);
    if (m === null || m[6] === undefined) throw renderError('value-error', 'incomplete format');
    i = SPEC_RE.lastIndex;
    const [, key, flags = '', widthText, precisionText, , conv] = m;
    if (conv === '%') {
      out += '%';
      continue;
    }
    let width = 0;
    if (widthText === '*') {
      const w = take();
      if (!isNumeric(w) || isFloat(w)) throw typeError('* wants int');
      width = Number(bigValue(w));
    } else if (widthText !== undefined) width = Number(widthText);
    let precision: number | null = null;
    if (precisionText === '*') {
      const p = take();
      if (!isNumeric(p) || isFloat(p)) throw typeError('* wants int');
      precision = Number(bigValue(p));
    } else if (precisionText !== undefined) precision = precisionText === '' ? 0 : Number(precisionText);
    let value: unknown;
    if (key !== undefined) {
      if (mapping === null) throw typeError('format requires a mapping');
      value = dictGet(mapping, key);
      if (value === undefined) throw renderError('lookup-error', `'${key}'`);
      usedMapping = true;
    } else {
      value = take();
    }
    let flagSet = flags;
    if (width < 0) {
      flagSet += '-';
      width = -width;
    }
    out += convert(conv!, value, flagSet, width, precision, escaping);
  }
  if (!usedMapping && mapping === null && next < positional.length) {
    throw typeError('not all arguments converted during string formatting');
  }
  return out;
}

/** Markup % args escapes what each field prints, whatever its type (markupsafe's _MarkupEscapeHelper). */
export function markupPercentFormat(fmt: Markup, args: unknown): Markup {
  return new Markup(percentFormat(fmt.text, args, true));
}
