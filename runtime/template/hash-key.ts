// A string that equal hashable template values share (Python's hash + eq, where 1 == 1.0 == True
// and Markup('a') == 'a'), so sets of values (`unique`) are Set lookups instead of pairwise
// comparisons. null for the values without one (NaN equals nothing, not even itself; ranges).
import { Markup, PyFloat, isTuple } from './py-values.js';
import { Undefined } from './undefined.js';

function numberKey(x: number): string | null {
  if (x !== x) return null;
  if (!Number.isInteger(x)) return `f${x}`;
  // An integral double beyond 2^53 equals exactly one int: key it by that int's digits.
  return Number.isSafeInteger(x) ? `i${x + 0}` : `i${BigInt(x)}`;
}

export function hashKey(x: unknown): string | null {
  if (typeof x === 'string') return `s${x}`;
  if (typeof x === 'number') return numberKey(x);
  if (typeof x === 'boolean') return x ? 'i1' : 'i0';
  if (typeof x === 'bigint') return `i${x}`;
  if (x === null) return 'n';
  if (x instanceof Markup) return `s${x.text}`;
  if (x instanceof PyFloat) return numberKey(x.value);
  if (x instanceof Undefined) return 'u';
  if (isTuple(x)) {
    const parts: string[] = [];
    for (const item of x as readonly unknown[]) {
      const key = hashKey(item);
      if (key === null) return null;
      // Length-prefixed, so ('a,b',) and ('a', 'b') differ.
      parts.push(`${key.length}:${key}`);
    }
    return `t${parts.join('')}`;
  }
  return null;
}
