// Python's binary and unary operators and `in` over template values.
import { dictHas, eq } from './compare.js';
import { escapeHtml } from './html.js';
import { intNumber, isFloat, isIntLike, negate, numericOp, positive } from './numbers.js';
import { markupPercentFormat, percentFormat } from './percent-format.js';
import { DictView, Markup, PyIterator, PyRange, isTuple, tuple } from './py-values.js';
import { renderError, typeError } from './render-errors.js';
import { pyTypeName } from './python-repr.js';
import { Undefined } from './undefined.js';
import { LoopContext } from './loop.js';
import { chargeBytes, repeated } from './render-budget.js';

function unsupported(op: string, a: unknown, b: unknown): Error {
  if (a instanceof Undefined) return a.error();
  if (b instanceof Undefined) return b.error();
  return typeError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function markupText(x: unknown): string {
  return x instanceof Markup ? x.text : typeof x === 'string' ? escapeHtml(x) : '';
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      if (Number.isSafeInteger(r)) return r;
    } else if (!Number.isInteger(r)) {
      return r;
    }
  }
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  const n = numericOp('+', a, b);
  if (n !== null) return n;
  if ((a instanceof Markup || typeof a === 'string') && (b instanceof Markup || typeof b === 'string')) {
    return new Markup(markupText(a) + markupText(b));
  }
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
  }
  throw unsupported('+', a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)) {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  const n = numericOp('-', a, b);
  if (n !== null) return n;
  throw unsupported('-', a, b);
}

/** Results beyond this many characters/items fail as Python's MemoryError would, not as a JS crash. */
const MAX_REPEAT_SIZE = 1 << 28;

function repeat(seq: unknown, times: unknown): unknown {
  const n = Math.max(0, intNumber(times));
  const unit = typeof seq === 'string' ? seq.length : seq instanceof Markup ? seq.text.length : (seq as unknown[]).length;
  if (unit * n > MAX_REPEAT_SIZE) throw renderError('overflow', 'the repeated sequence would be too large');
  if (typeof seq === 'string') return repeated(seq, n);
  if (seq instanceof Markup) return new Markup(repeated(seq.text, n));
  const items = seq as unknown[];
  chargeBytes(8 * items.length * n);
  const out: unknown[] = new Array(items.length * n);
  for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < items.length; j++) out[k++] = items[j];
  return isTuple(seq) ? tuple(out) : out;
}

function isSequence(x: unknown): boolean {
  return typeof x === 'string' || x instanceof Markup || Array.isArray(x);
}

export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)) {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  const n = numericOp('*', a, b);
  if (n !== null) return n;
  if (isSequence(a) && isIntLike(b)) return repeat(a, b);
  if (isSequence(b) && isIntLike(a)) return repeat(b, a);
  if (isSequence(a) && isFloat(b)) throw typeError(`can't multiply sequence by non-int of type 'float'`);
  throw unsupported('*', a, b);
}

export function div(a: unknown, b: unknown): unknown {
  const n = numericOp('/', a, b);
  if (n !== null) return n;
  throw unsupported('/', a, b);
}

export function floordiv(a: unknown, b: unknown): unknown {
  const n = numericOp('//', a, b);
  if (n !== null) return n;
  throw unsupported('//', a, b);
}

export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return percentFormat(a, b);
  if (a instanceof Markup) return markupPercentFormat(a, b);
  const n = numericOp('%', a, b);
  if (n !== null) return n;
  throw unsupported('%', a, b);
}

export function pow(a: unknown, b: unknown): unknown {
  const n = numericOp('**', a, b);
  if (n !== null) return n;
  throw unsupported('** or pow()', a, b);
}

export function neg(a: unknown): unknown {
  const n = negate(a);
  if (n !== null) return n;
  if (a instanceof Undefined) throw a.error();
  throw typeError(`bad operand type for unary -: '${pyTypeName(a)}'`);
}

export function pos(a: unknown): unknown {
  const n = positive(a);
  if (n !== null) return n;
  if (a instanceof Undefined) throw a.error();
  throw typeError(`bad operand type for unary +: '${pyTypeName(a)}'`);
}

/** `item in container` */
export function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string' || container instanceof Markup) {
    const text = typeof container === 'string' ? container : container.text;
    if (typeof item === 'string') return text.includes(item);
    if (item instanceof Markup) return text.includes(item.text);
    throw typeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
  }
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) if (eq(container[i], item)) return true;
    return false;
  }
  if (container instanceof Map) return dictHas(container, item);
  if (container instanceof Undefined) return false;
  if (container instanceof DictView) {
    if (container.kind === 'keys') return dictHas(container.dict, item);
    for (const x of container) if (eq(x, item)) return true;
    return false;
  }
  if (container instanceof PyRange) {
    if (!isIntLike(item)) {
      for (const x of container) if (eq(x, item)) return true;
      return false;
    }
    const n = intNumber(item);
    const { start, step, length } = container;
    const offset = n - start;
    return offset % step === 0 && offset / step >= 0 && offset / step < length;
  }
  if (container instanceof PyIterator) {
    for (;;) {
      const r = container.next();
      if (r.done === true) return false;
      if (eq(r.value, item)) return true;
    }
  }
  if (container instanceof LoopContext) return container.items.some((x) => eq(x, item));
  throw typeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}
