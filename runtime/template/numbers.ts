// Python's numeric semantics over the template value model (./values.ts): ints are JS numbers
// (integral, never -0) or bigints beyond 2^53, floats are fractional JS numbers or PyFloat for
// integral values, bool is an int. Results are normalised so one value has one representation.
import { PyFloat } from './py-values.js';
import { renderError, typeError } from './render-errors.js';

/** A float result in the value model. */
export function toFloat(x: number): number | PyFloat {
  return Number.isInteger(x) ? new PyFloat(x) : x;
}

/** An int result in the value model (a safe-range bigint becomes a number). */
export function normInt(x: bigint): number | bigint {
  return x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x;
}

export function isFloat(x: unknown): boolean {
  return typeof x === 'number' ? !Number.isInteger(x) : x instanceof PyFloat;
}

/** int, bool (an int in Python) */
export function isIntLike(x: unknown): boolean {
  return typeof x === 'number' ? Number.isInteger(x) : typeof x === 'bigint' || typeof x === 'boolean';
}

/** int (not bool), as Jinja2's `integer` test means it. */
export function isInt(x: unknown): boolean {
  return typeof x === 'number' ? Number.isInteger(x) : typeof x === 'bigint';
}

export function isNumeric(x: unknown): boolean {
  return typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || x instanceof PyFloat;
}

/** The JS double of any numeric value (floats, ints, bools). */
export function floatValue(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x instanceof PyFloat) return x.value;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'bigint') {
    const n = Number(x);
    if (!Number.isFinite(n)) throw renderError('overflow', 'int too large to convert to float');
    return n;
  }
  throw typeError(`must be real number, not ${String(x)}`);
}

/** The bigint of an int-like value. */
export function bigValue(x: unknown): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'boolean') return x ? 1n : 0n;
  return BigInt(x as number);
}

/** An int-like value as a JS number (ints beyond 2^53 lose precision; used for sizes and indices). */
export function intNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  return Number(x as bigint);
}

type Op = '+' | '-' | '*' | '/' | '//' | '%' | '**';

export function unsupported(op: string, a: string, b: string): Error {
  return typeError(`unsupported operand type(s) for ${op}: '${a}' and '${b}'`);
}

/** Python floor division of doubles (CPython float_floor_div / divmod). */
export function floatDivmod(vx: number, wx: number): [number, number] {
  if (wx === 0) throw renderError('zero-division', 'float divmod()');
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1;
    }
  } else {
    mod = wx < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    floordiv = (vx / wx < 0 ? -0 : 0) as number;
  }
  return [floordiv, mod];
}

function floatOp(op: Op, x: number, y: number): number | PyFloat {
  switch (op) {
    case '+':
      return toFloat(x + y);
    case '-':
      return toFloat(x - y);
    case '*':
      return toFloat(x * y);
    case '/':
      if (y === 0) throw renderError('zero-division', 'float division by zero');
      return toFloat(x / y);
    case '//':
      if (y === 0) throw renderError('zero-division', 'float floor division by zero');
      return toFloat(floatDivmod(x, y)[0]);
    case '%':
      if (y === 0) throw renderError('zero-division', 'float modulo');
      return toFloat(floatDivmod(x, y)[1]);
    case '**':
      return toFloat(floatPow(x, y));
  }
}

function floatPow(x: number, y: number): number {
  if (x === 0 && y < 0) throw renderError('zero-division', '0.0 cannot be raised to a negative power');
  if (x < 0 && Number.isFinite(y) && !Number.isInteger(y)) {
    throw renderError('value-error', 'a negative number raised to a fractional power is a complex number (not supported)');
  }
  if (x === 1 || y === 0) return 1;
  const r = x ** y;
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw renderError('overflow', 'Numerical result out of range');
  return r;
}

function intOp(op: Op, a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    let r: number;
    switch (op) {
      case '+':
        r = a + b;
        break;
      case '-':
        r = a - b;
        break;
      case '*':
        r = a * b;
        break;
      case '/':
        if (b === 0) throw renderError('zero-division', 'division by zero');
        return toFloat(a / b);
      case '//': {
        if (b === 0) throw renderError('zero-division', 'integer division or modulo by zero');
        let m = a % b;
        if (m !== 0 && m < 0 !== b < 0) m += b;
        return (a - m) / b + 0;
      }
      case '%': {
        if (b === 0) throw renderError('zero-division', 'integer modulo by zero');
        let m = a % b;
        if (m !== 0 && m < 0 !== b < 0) m += b;
        return m + 0;
      }
      case '**':
        if (b < 0) {
          if (a === 0) throw renderError('zero-division', '0.0 cannot be raised to a negative power');
          return toFloat(a ** b);
        }
        // Math.pow is not exact for every integer result: powers go through bigint.
        r = NaN;
        break;
    }
    if (Number.isSafeInteger(r)) return r + 0;
  }
  const x = bigValue(a);
  const y = bigValue(b);
  switch (op) {
    case '+':
      return normInt(x + y);
    case '-':
      return normInt(x - y);
    case '*':
      return normInt(x * y);
    case '/':
      if (y === 0n) throw renderError('zero-division', 'division by zero');
      return toFloat(Number(x) / Number(y));
    case '//': {
      if (y === 0n) throw renderError('zero-division', 'integer division or modulo by zero');
      let q = x / y;
      if (x % y !== 0n && x < 0n !== y < 0n) q -= 1n;
      return normInt(q);
    }
    case '%': {
      if (y === 0n) throw renderError('zero-division', 'integer modulo by zero');
      let m = x % y;
      if (m !== 0n && m < 0n !== y < 0n) m += y;
      return normInt(m);
    }
    case '**':
      if (y < 0n) {
        if (x === 0n) throw renderError('zero-division', '0.0 cannot be raised to a negative power');
        return toFloat(Number(x) ** Number(y));
      }
      if (y > 100000n && x !== 0n && x !== 1n && x !== -1n) throw renderError('overflow', 'exponent too large');
      return normInt(x ** y);
  }
}

/** Numeric binary operation (both operands numeric); null when either is not numeric. */
export function numericOp(op: Op, a: unknown, b: unknown): unknown {
  if (!isNumeric(a) || !isNumeric(b)) return null;
  if (isFloat(a) || isFloat(b)) return floatOp(op, floatValue(a), floatValue(b));
  return intOp(op, a, b);
}

export function negate(a: unknown): unknown {
  if (typeof a === 'number') return Number.isInteger(a) ? 0 - a : -a;
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  if (typeof a === 'boolean') return a ? -1 : 0;
  if (typeof a === 'bigint') return normInt(-a);
  return null;
}

export function positive(a: unknown): unknown {
  if (typeof a === 'boolean') return a ? 1 : 0;
  return isNumeric(a) ? a : null;
}

/** Python abs(). */
export function absolute(a: unknown): unknown {
  if (typeof a === 'number') return Math.abs(a);
  if (a instanceof PyFloat) return new PyFloat(Math.abs(a.value));
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (typeof a === 'bigint') return normInt(a < 0n ? -a : a);
  return null;
}

/** Python int(float) truncation (OverflowError for inf, ValueError for nan). */
export function truncToInt(x: number): number | bigint {
  if (x !== x) throw valueErrorNan();
  if (!Number.isFinite(x)) throw renderError('overflow', 'cannot convert float infinity to integer');
  const t = Math.trunc(x) + 0;
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

function valueErrorNan(): Error {
  return renderError('value-error', 'cannot convert float NaN to integer');
}
