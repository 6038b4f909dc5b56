// Float text exactly as CPython writes it: repr() (shortest round-trip digits, exponent outside
// 1e-4 ≤ |x| < 1e16) and the correctly rounded, round-half-even fixed/exponent/general formats
// used by '%.2f' % x, '{:.3e}'.format(x) and round(x, n). JS's toFixed/toExponential round
// ties away from zero, so formatting works on the exact decimal expansion of the double.
import { repeated } from './render-budget.js';

export function floatRepr(x: number): string {
  // Between 1e-4 and 1e16 JS and Python both write the shortest digits in fixed notation.
  const abs = x < 0 ? -x : x;
  if (abs >= 1e-4 && abs < 1e16) return Number.isInteger(x) ? `${String(x)}.0` : String(x);
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const text = x.toExponential();
  const e = text.indexOf('e');
  const neg = x < 0;
  const digits = text.slice(neg ? 1 : 0, e).replace('.', '');
  const exp = Number(text.slice(e + 1));
  const decpt = exp + 1;
  const sign = neg ? '-' : '';
  if (decpt > 16 || decpt < -3) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expAbs = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${expAbs < 10 ? '0' : ''}${expAbs}`;
  }
  if (decpt <= 0) return `${sign}0.${repeated('0', -decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${repeated('0', decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** |x| = 0.D × 10^point, D the exact decimal digits of a finite nonzero double (no leading zeros). */
interface ExactDecimal {
  readonly digits: string;
  readonly point: number;
}

export function exactDecimal(x: number): ExactDecimal {
  let m = Math.abs(x);
  if (Number.isInteger(m)) {
    const digits = BigInt(m).toString();
    return { digits, point: digits.length };
  }
  let k = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  const digits = (BigInt(m) * 5n ** BigInt(k)).toString();
  return { digits, point: digits.length - k };
}

/**
 * Keeps the first `keep` digits of D (keep may be ≤ 0 or beyond D's length) rounding half to even;
 * returns the kept digits as an integer string (may be one digit longer after a carry) or '0'.
 */
function roundDigits(digits: string, keep: number): string {
  if (keep >= digits.length) return digits + repeated('0', keep - digits.length);
  if (keep < 0) return '0';
  const kept = digits.slice(0, keep);
  const first = digits.charCodeAt(keep) - 48;
  let up: boolean;
  if (first !== 5) up = first > 5;
  else if (/[1-9]/.test(digits.slice(keep + 1))) up = true;
  else up = keep > 0 && (digits.charCodeAt(keep - 1) - 48) % 2 === 1;
  if (!up) return kept === '' ? '0' : kept;
  return (BigInt(kept === '' ? '0' : kept) + 1n).toString();
}

function isSpecial(x: number): string | null {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/**
 * Whether toFixed(precision) is exact for |x|: it rounds the exact binary value correctly except
 * on exact ties (where it rounds up, Python to even), and a tie needs x·2^(precision+1) integral.
 */
function toFixedIsExact(abs: number, precision: number): boolean {
  return abs < 1e21 && precision <= 100 && !Number.isInteger(abs * 2 ** (precision + 1));
}

/** '%.{precision}f' without sign handling of specials' case (callers add sign/width). */
export function formatFixed(x: number, precision: number): string {
  const special = isSpecial(x);
  if (special !== null) return special;
  const neg = x < 0 || Object.is(x, -0);
  const abs = neg ? -x : x;
  if (toFixedIsExact(abs, precision)) return (neg ? '-' : '') + abs.toFixed(precision);
  if (x === 0) return `${neg ? '-' : ''}0${precision > 0 ? `.${repeated('0', precision)}` : ''}`;
  const { digits, point } = exactDecimal(x);
  let n = roundDigits(digits, point + precision);
  if (n.length <= precision) n = repeated('0', precision - n.length + 1) + n;
  const intPart = n.slice(0, n.length - precision);
  const frac = n.slice(n.length - precision);
  return `${neg ? '-' : ''}${intPart}${precision > 0 ? `.${frac}` : ''}`;
}

/** Significant digits of |x| rounded to `sig` digits, and the decimal exponent of the first one. */
function significant(x: number, sig: number): { digits: string; exp: number } {
  const { digits, point } = exactDecimal(x);
  let n = roundDigits(digits, sig);
  let exp = point - 1;
  if (n.length > sig) {
    n = n.slice(0, sig);
    exp++;
  }
  return { digits: n, exp };
}

/** '%.{precision}e' */
export function formatExponent(x: number, precision: number, upper = false): string {
  const special = isSpecial(x);
  if (special !== null) return upper ? special.toUpperCase() : special;
  const neg = x < 0 || Object.is(x, -0);
  let digits: string;
  let exp: number;
  if (x === 0) {
    digits = repeated('0', precision + 1);
    exp = 0;
  } else {
    ({ digits, exp } = significant(x, precision + 1));
  }
  const mantissa = precision > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expAbs = Math.abs(exp);
  return `${neg ? '-' : ''}${mantissa}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${expAbs < 10 ? '0' : ''}${expAbs}`;
}

/**
 * '%.{precision}g' and format()'s 'g' (CPython format_float_short): exponent form when the
 * decimal point would sit at or before 10^-4 or past the precision; trailing zeros dropped
 * unless `alternate` (#). `addDot0` is format()'s no-type-with-precision mode: exponent one digit
 * earlier, and a fixed result always has a digit after the point.
 */
export function formatGeneral(x: number, precision: number, upper = false, alternate = false, addDot0 = false): string {
  const special = isSpecial(x);
  if (special !== null) return upper ? special.toUpperCase() : special;
  const p = precision === 0 ? 1 : precision;
  const neg = x < 0 || Object.is(x, -0);
  let digits: string;
  let exp: number;
  if (x === 0) {
    digits = '0';
    exp = 0;
  } else {
    ({ digits, exp } = significant(x, p));
  }
  if (alternate) digits = digits.padEnd(p, '0');
  else digits = digits.replace(/0+$/, '') || '0';
  const decpt = exp + 1;
  const useExp = decpt <= -4 || decpt > (addDot0 ? p - 1 : p);
  let body: string;
  if (useExp) {
    const mantissa = digits.length > 1 || alternate ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expAbs = Math.abs(exp);
    body = `${mantissa}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${expAbs < 10 ? '0' : ''}${expAbs}`;
  } else if (decpt <= 0) {
    body = `0.${repeated('0', -decpt)}${digits}`;
  } else if (decpt >= digits.length) {
    body = digits + repeated('0', decpt - digits.length) + (alternate ? '.' : addDot0 ? '.0' : '');
  } else {
    body = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  return (neg ? '-' : '') + body;
}

/** Python's round(x, ndigits) for a float: correctly rounded half-even, back to the nearest double. */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (ndigits > 323) return x;
  if (ndigits >= 0) {
    const abs = x < 0 ? -x : x;
    if (toFixedIsExact(abs, ndigits)) {
      const r = Number(abs.toFixed(ndigits));
      return x < 0 ? -r : r;
    }
  }
  if (ndigits < -308) return 0 * Math.sign(x);
  const text = formatFixedAnyPrecision(x, ndigits);
  const value = Number(text);
  return value === 0 ? (x < 0 ? -0 : 0) : value;
}

/** Like formatFixed but accepts negative precision (rounds to tens, hundreds, ...). */
function formatFixedAnyPrecision(x: number, precision: number): string {
  if (precision >= 0) return formatFixed(x, precision);
  const { digits, point } = exactDecimal(x);
  const n = roundDigits(digits, point + precision);
  return `${x < 0 ? '-' : ''}${n}${repeated('0', -precision)}`;
}
