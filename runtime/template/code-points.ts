// Python strings index by code point, JS strings by UTF-16 unit. These helpers take the fast
// native path when a string has no surrogates and split into code points otherwise.

const SURROGATE = /[\ud800-\udfff]/;

export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** len(s) */
export function cpLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python's slice index normalisation: (start, stop, step) → the selected indices' bounds. */
export function sliceIndices(length: number, start: number | null, stop: number | null, step: number): [number, number] {
  let lo: number;
  let hi: number;
  if (step > 0) {
    lo = start === null ? 0 : start < 0 ? Math.max(0, start + length) : Math.min(start, length);
    hi = stop === null ? length : stop < 0 ? Math.max(0, stop + length) : Math.min(stop, length);
  } else {
    lo = start === null ? length - 1 : start < 0 ? Math.max(-1, start + length) : Math.min(start, length - 1);
    hi = stop === null ? -1 : stop < 0 ? Math.max(-1, stop + length) : Math.min(stop, length - 1);
  }
  return [lo, hi];
}

/** Indices a Python slice selects, in order. */
export function sliceSelect<T>(items: readonly T[], start: number | null, stop: number | null, step: number): T[] {
  const [lo, hi] = sliceIndices(items.length, start, stop, step);
  if (step === 1) return items.slice(lo, Math.max(lo, hi));
  const out: T[] = [];
  if (step > 0) for (let i = lo; i < hi; i += step) out.push(items[i]!);
  else for (let i = lo; i > hi; i += step) out.push(items[i]!);
  return out;
}

export function sliceString(s: string, start: number | null, stop: number | null, step: number): string {
  if (step === 1 && !hasSurrogates(s)) {
    const [lo, hi] = sliceIndices(s.length, start, stop, 1);
    return s.slice(lo, Math.max(lo, hi));
  }
  return sliceSelect(codePoints(s), start, stop, step).join('');
}

/** -1, 0, 1 comparing by code point (JS `<` compares UTF-16 units, which orders astral characters wrongly). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) {
      // A surrogate starts a code point ≥ U+10000 (or is lone, ≥ U+D800): above U+E000-U+FFFF.
      if (xs) return y >= 0xe000 ? 1 : x < y ? -1 : 1;
      return x >= 0xe000 ? -1 : x < y ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
