// Python's format-spec mini-language (format(value, spec)) and str.format(*args, **kwargs).
import type { KwArgs } from './callables.js';
import { cpLength } from './code-points.js';
import { floatRepr, formatExponent, formatFixed, formatGeneral } from './float-format.js';
import { bigValue, floatValue, isFloat, isNumeric } from './numbers.js';
import { Markup, Namespace } from './py-values.js';
import { renderError, typeError, valueError } from './render-errors.js';
import { pyTypeName, repr, str } from './python-repr.js';
import { isUnsafeMemberName } from './unsafe-names.js';
import { Undefined } from './undefined.js';
import { dictGet } from './compare.js';
import { chargeBytes, repeated } from './render-budget.js';

interface Spec {
  fill: string;
  align: string;
  sign: string;
  z: boolean;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

const SPEC_RE = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/u;

function parseSpec(spec: string): Spec {
  const m = SPEC_RE.exec(spec);
  if (m === null) throw valueError('Invalid format specifier');
  return {
    fill: m[1] ?? (m[6] !== undefined && m[2] === undefined ? '0' : ' '),
    align: m[2] ?? (m[6] !== undefined ? '=' : ''),
    sign: m[3] ?? '-',
    z: m[4] !== undefined,
    alternate: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] === undefined ? 0 : Number(m[7]),
    grouping: m[8] ?? '',
    precision: m[9] === undefined ? null : Number(m[9]),
    type: m[10] ?? '',
  };
}

function pad(body: string, prefix: string, spec: Spec, defaultAlign: string): string {
  const align = spec.align === '' ? defaultAlign : spec.align;
  const total = cpLength(prefix) + cpLength(body);
  if (total >= spec.width) return prefix + body;
  const n = spec.width - total;
  switch (align) {
    case '<':
      return prefix + body + repeated(spec.fill, n);
    case '^': {
      const left = Math.floor(n / 2);
      return repeated(spec.fill, left) + prefix + body + repeated(spec.fill, n - left);
    }
    case '=':
      return prefix + repeated(spec.fill, n) + body;
    default:
      return repeated(spec.fill, n) + prefix + body;
  }
}

function group(digits: string, sep: string, every: number): string {
  if (sep === '') return digits;
  let out = '';
  for (let i = digits.length; i > 0; i -= every) out = digits.slice(Math.max(0, i - every), i) + (out === '' ? '' : sep + out);
  return out;
}

/** Zero padding with grouping: leading zeros are grouped too (`format(1234, '09,')` → '0,001,234'). */
function zeroPadGrouped(digits: string, width: number, sep: string, every: number): string {
  // The fewest digits whose grouped text reaches `width`, counted rather than built one zero at a time.
  chargeBytes(Math.max(0, width));
  const groupedLength = (n: number): number => n + (sep === '' ? 0 : Math.floor((n - 1) / every) * sep.length);
  let n = digits.length;
  while (groupedLength(n) < width) n++;
  return group(repeated('0', n - digits.length) + digits, sep, every);
}

function signOf(negative: boolean, sign: string): string {
  if (negative) return '-';
  return sign === '+' ? '+' : sign === ' ' ? ' ' : '';
}

function formatInt(value: bigint, spec: Spec): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let digits: string;
  let prefix = '';
  let every = 3;
  switch (spec.type) {
    case 'b':
      digits = abs.toString(2);
      prefix = spec.alternate ? '0b' : '';
      every = 4;
      break;
    case 'o':
      digits = abs.toString(8);
      prefix = spec.alternate ? '0o' : '';
      every = 4;
      break;
    case 'x':
    case 'X':
      digits = abs.toString(16);
      prefix = spec.alternate ? '0x' : '';
      if (spec.type === 'X') {
        digits = digits.toUpperCase();
        prefix = prefix.toUpperCase();
      }
      every = 4;
      break;
    case 'c':
      if (spec.sign !== '-') throw valueError("Sign not allowed with integer format specifier 'c'");
      return pad(String.fromCodePoint(Number(value)), '', spec, '<');
    default:
      digits = abs.toString();
  }
  if (spec.grouping === ',' && every !== 3) throw valueError(`Cannot specify ',' with '${spec.type}'.`);
  const head = signOf(negative, spec.sign) + prefix;
  if (spec.zero && spec.align === '=' && spec.fill === '0' && spec.grouping !== '') {
    return head + zeroPadGrouped(digits, spec.width - head.length, spec.grouping, every);
  }
  return pad(group(digits, spec.grouping, every), head, spec, '>');
}

function formatFloat(x: number, spec: Spec): string {
  let type = spec.type;
  let negative = x < 0 || Object.is(x, -0);
  let v = Math.abs(x);
  if (spec.z && v === 0) negative = false;
  let body: string;
  let suffix = '';
  const precision = spec.precision;
  switch (type) {
    case 'f':
    case 'F':
      body = formatFixed(v, precision ?? 6);
      if (spec.alternate && !body.includes('.')) body += '.';
      if (type === 'F') body = body.toUpperCase();
      break;
    case 'e':
    case 'E':
      body = formatExponent(v, precision ?? 6, type === 'E');
      break;
    case 'g':
    case 'G':
    case 'n':
      body = formatGeneral(v, precision ?? 6, type === 'G', spec.alternate);
      break;
    case '%':
      v *= 100;
      body = formatFixed(v, precision ?? 6);
      suffix = '%';
      break;
    default:
      body = precision === null ? floatRepr(v) : formatGeneral(v, precision, false, spec.alternate, true);
      type = '';
  }
  if (!Number.isFinite(v) && type !== 'F' && type !== 'E' && type !== 'G') body = v !== v ? 'nan' : 'inf';
  const head = signOf(negative && !(v !== v), spec.sign);
  if (spec.grouping !== '' && Number.isFinite(v)) {
    const dot = body.search(/[.eE%]/);
    const intPart = dot < 0 ? body : body.slice(0, dot);
    const rest = dot < 0 ? '' : body.slice(dot);
    if (/^\d+$/.test(intPart)) {
      if (spec.zero && spec.align === '=' && spec.fill === '0') {
        return head + zeroPadGrouped(intPart, spec.width - head.length - rest.length - suffix.length, spec.grouping, 3) + rest + suffix;
      }
      body = group(intPart, spec.grouping, 3) + rest;
    }
  }
  return pad(body + suffix, head, spec, '>');
}

/** Python format(value, spec). */
export function formatValue(value: unknown, specText: string): string {
  if (typeof value === 'string' || value instanceof Markup) {
    const text = typeof value === 'string' ? value : value.text;
    if (specText === '') return text;
    const spec = parseSpec(specText);
    if (spec.type !== '' && spec.type !== 's') throw valueError(`Unknown format code '${spec.type}' for object of type 'str'`);
    if (spec.sign !== '-' || spec.align === '=') throw valueError('Sign not allowed in string format specifier');
    const body = spec.precision === null ? text : Array.from(text).slice(0, spec.precision).join('');
    return pad(body, '', spec, '<');
  }
  if (isNumeric(value) && !(typeof value === 'boolean' && specText === '')) {
    const spec = parseSpec(specText);
    if (isFloat(value) || 'eEfFgG%'.includes(spec.type) && spec.type !== '') {
      if ('bcdoxX'.includes(spec.type) && spec.type !== '') {
        throw valueError(`Unknown format code '${spec.type}' for object of type 'float'`);
      }
      if (spec.type === 's') throw valueError(`Unknown format code 's' for object of type '${pyTypeName(value)}'`);
      return formatFloat(floatValue(value), spec);
    }
    if (spec.type === 's') throw valueError(`Unknown format code 's' for object of type 'int'`);
    if (spec.precision !== null) throw valueError('Precision not allowed in integer format specifier');
    return formatInt(bigValue(value), spec);
  }
  if (specText === '') return str(value);
  throw typeError(`unsupported format string passed to ${pyTypeName(value)}.__format__`);
}

/** `{0.attr}` inside str.format reads real attributes only: a namespace's, nothing else. */
function formatAttribute(obj: unknown, name: string): unknown {
  if (!isUnsafeMemberName(name) && obj instanceof Namespace && obj.attrs.has(name)) return obj.attrs.get(name);
  throw renderError('type-error', `'${pyTypeName(obj)}' object has no attribute '${name}'`);
}

function formatItem(obj: unknown, key: string): unknown {
  const k: unknown = /^\d+$/.test(key) ? Number(key) : key;
  if (obj instanceof Map) {
    const v = typeof k === 'string' && isUnsafeMemberName(k) ? undefined : dictGet(obj, k);
    if (v === undefined) throw renderError('lookup-error', repr(k));
    return v;
  }
  if (Array.isArray(obj) && typeof k === 'number') {
    if (k >= obj.length) throw renderError('lookup-error', 'list index out of range');
    return obj[k];
  }
  throw typeError(`'${pyTypeName(obj)}' object is not subscriptable`);
}

/** How a replacement field becomes text: `formatValue`, or markupsafe's EscapeFormatter for a Markup template. */
export type FormatField = (value: unknown, spec: string) => string;

/** str.format(*args, **kwargs) */
export function pyStrFormat(template: string, args: readonly unknown[], kwargs: KwArgs, formatField: FormatField = formatValue): string {
  let auto = 0;
  let mode: 'auto' | 'manual' | null = null;
  const resolve = (field: string): unknown => {
    const m = /^([^.[]*)([\s\S]*)$/.exec(field)!;
    const head = m[1]!;
    let value: unknown;
    if (head === '') {
      if (mode === 'manual') throw valueError('cannot switch from manual field specification to automatic field numbering');
      mode = 'auto';
      const i = auto++;
      if (i >= args.length) throw renderError('lookup-error', `Replacement index ${i} out of range for positional args tuple`);
      value = args[i];
    } else if (/^\d+$/.test(head)) {
      if (mode === 'auto') throw valueError('cannot switch from automatic field numbering to manual field specification');
      mode = 'manual';
      const i = Number(head);
      if (i >= args.length) throw renderError('lookup-error', `Replacement index ${i} out of range for positional args tuple`);
      value = args[i];
    } else {
      const v = kwargs?.get(head);
      if (v === undefined) throw renderError('lookup-error', `'${head}'`);
      value = v;
    }
    const rest = /\.([^.[]+)|\[([^\]]*)\]/gy;
    const tail = m[2]!;
    let pos = 0;
    while (pos < tail.length) {
      rest.lastIndex = pos;
      const part = rest.exec(tail);
      if (part === null) throw valueError('Only \'.\' or \'[\' may follow \']\' in format field specifier');
      value = part[1] !== undefined ? formatAttribute(value, part[1]) : formatItem(value, part[2]!);
      pos = rest.lastIndex;
    }
    if (value instanceof Undefined) return '';
    return value;
  };
  const render = (field: string, depth: number): string => {
    let name = field;
    let conversion = '';
    let spec = '';
    let bracket = 0;
    let i = 0;
    for (; i < field.length; i++) {
      const c = field[i];
      if (c === '[') bracket++;
      else if (c === ']') bracket--;
      else if (bracket === 0 && (c === '!' || c === ':')) break;
    }
    name = field.slice(0, i);
    let rest = field.slice(i);
    if (rest.startsWith('!')) {
      conversion = rest[1] ?? '';
      if (!'rsa'.includes(conversion) || conversion === '') throw valueError('Unknown conversion specifier');
      rest = rest.slice(2);
      if (rest !== '' && !rest.startsWith(':')) throw valueError('expected \':\' after conversion specifier');
    }
    if (rest.startsWith(':')) spec = rest.slice(1);
    // Python allows one level of fields inside a format spec ('{0:{1}}').
    spec = expand(spec, depth - 1);
    let value = resolve(name);
    if (conversion === 'r' || conversion === 'a') value = repr(value);
    else if (conversion === 's') value = str(value);
    return formatField(value, spec);
  };
  const expand = (text: string, depth: number): string => {
    if (depth <= 0 && text.includes('{')) throw valueError('Max string recursion exceeded');
    let out = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '{') {
        if (text[i + 1] === '{') {
          out += '{';
          i += 2;
          continue;
        }
        let level = 1;
        let j = i + 1;
        while (j < text.length && level > 0) {
          if (text[j] === '{') level++;
          else if (text[j] === '}') level--;
          if (level > 0) j++;
        }
        if (level !== 0) throw valueError("expected '}' before end of string");
        out += render(text.slice(i + 1, j), depth);
        i = j + 1;
      } else if (c === '}') {
        if (text[i + 1] !== '}') throw valueError("Single '}' encountered in format string");
        out += '}';
        i += 2;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  return expand(template, 2);
}

