// Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, ...).
import { compare, eq } from './compare.js';
import { isCallable } from './lookup.js';
import { isFloat, isInt, isNumeric } from './numbers.js';
import { contains, mod } from './operators.js';
import { Markup } from './py-values.js';
import { pyIsLower, pyIsUpper } from './python-str.js';
import { str } from './python-repr.js';
import { hasLen, isIterable } from './sequences.js';
import { Undefined } from './undefined.js';
import { DictView } from './py-values.js';
import { LoopContext } from './loop.js';

export const testOdd = (value: unknown): boolean => eq(mod(value, 2), 1);
export const testEven = (value: unknown): boolean => eq(mod(value, 2), 0);
export const testDivisibleby = (value: unknown, num: unknown): boolean => eq(mod(value, num), 0);
export const testDefined = (value: unknown): boolean => !(value instanceof Undefined);
export const testUndefined = (value: unknown): boolean => value instanceof Undefined;
export const testNone = (value: unknown): boolean => value === null;
export const testBoolean = (value: unknown): boolean => value === true || value === false;
export const testFalse = (value: unknown): boolean => value === false;
export const testTrue = (value: unknown): boolean => value === true;
export const testInteger = (value: unknown): boolean => isInt(value);
export const testFloat = (value: unknown): boolean => isFloat(value);
export const testLower = (value: unknown): boolean => pyIsLower(str(value));
export const testUpper = (value: unknown): boolean => pyIsUpper(str(value));
export const testString = (value: unknown): boolean => typeof value === 'string' || value instanceof Markup;
export const testMapping = (value: unknown): boolean => value instanceof Map;
export const testNumber = (value: unknown): boolean => isNumeric(value);
/** len() and __getitem__: dict views and loop objects have a length but no item access. */
export const testSequence = (value: unknown): boolean => hasLen(value) && !(value instanceof DictView) && !(value instanceof LoopContext);
export const testIterable = (value: unknown): boolean => isIterable(value);
export const testCallable = (value: unknown): boolean => isCallable(value);
/** `is sameas`: Python identity; for immutable primitives identity follows value (small ints, interned strings, singletons). */
export function testSameas(value: unknown, other: unknown): boolean {
  if (value !== other) return false;
  // CPython caches the ints -5..256 only; other equal numbers are distinct objects.
  if (typeof value === 'number') return Number.isInteger(value) && value >= -5 && value <= 256;
  return true;
}
export const testEscaped = (value: unknown): boolean => value instanceof Markup;
export const testIn = (value: unknown, seq: unknown): boolean => contains(seq, value);
export const testEq = (value: unknown, other: unknown): boolean => eq(value, other);
export const testNe = (value: unknown, other: unknown): boolean => !eq(value, other);
export const testGt = (value: unknown, other: unknown): boolean => compare(value, other, '>') > 0;
export const testGe = (value: unknown, other: unknown): boolean => compare(value, other, '>=') >= 0;
export const testLt = (value: unknown, other: unknown): boolean => compare(value, other, '<') < 0;
export const testLe = (value: unknown, other: unknown): boolean => compare(value, other, '<=') <= 0;
