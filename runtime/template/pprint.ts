// Python's pprint.pformat(value) (width 80, indent 1, dicts sorted) for Jinja2's `pprint` filter.
import { cpLength } from './code-points.js';
import { compare } from './compare.js';
import { isTuple } from './py-values.js';
import { repr, reprString } from './python-repr.js';
import { pySplitlines } from './python-str.js';
import { repeated } from './render-budget.js';

const WIDTH = 80;

function sortedEntries(map: ReadonlyMap<unknown, unknown>): [unknown, unknown][] {
  const entries = [...map];
  try {
    return entries.sort((a, b) => compare(a[0], b[0], '<'));
  } catch {
    return entries;
  }
}

/** repr() with dicts sorted by key, as pprint's _safe_repr writes them. */
function safeRepr(x: unknown): string {
  if (x instanceof Map) return `{${sortedEntries(x).map(([k, v]) => `${safeRepr(k)}: ${safeRepr(v)}`).join(', ')}}`;
  if (isTuple(x)) return x.length === 1 ? `(${safeRepr(x[0])},)` : `(${x.map(safeRepr).join(', ')})`;
  if (Array.isArray(x)) return `[${x.map(safeRepr).join(', ')}]`;
  return repr(x);
}

class Printer {
  out = '';

  format(x: unknown, indent: number, allowance: number, level: number): void {
    const rep = safeRepr(x);
    if (cpLength(rep) > WIDTH - indent - allowance) {
      if (x instanceof Map) return this.dict(x, indent, allowance, level + 1);
      if (isTuple(x)) return this.seq(x, '(', x.length === 1 ? ',)' : ')', indent, allowance, level + 1);
      if (Array.isArray(x)) return this.seq(x, '[', ']', indent, allowance, level + 1);
      if (typeof x === 'string') return this.str(x, indent, allowance, level + 1);
    }
    this.out += rep;
  }

  private dict(map: ReadonlyMap<unknown, unknown>, indent: number, allowance: number, level: number): void {
    this.out += '{';
    const items = sortedEntries(map);
    const inner = indent + 1;
    items.forEach(([k, v], i) => {
      const last = i === items.length - 1;
      const rep = safeRepr(k);
      this.out += `${rep}: `;
      this.format(v, inner + cpLength(rep) + 2, last ? allowance + 1 : 1, level);
      if (!last) this.out += `,\n${repeated(' ', inner)}`;
    });
    this.out += '}';
  }

  private seq(items: readonly unknown[], open: string, close: string, indent: number, allowance: number, level: number): void {
    this.out += open;
    const inner = indent + 1;
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      if (i > 0) this.out += `,\n${repeated(' ', inner)}`;
      this.format(item, inner, last ? allowance + close.length : 1, level);
    });
    this.out += close;
  }

  private str(s: string, indent: number, allowance: number, level: number): void {
    if (s === '') {
      this.out += reprString(s);
      return;
    }
    const chunks: string[] = [];
    const lines = pySplitlines(s, true);
    let ind = indent;
    let allow = allowance;
    if (level === 1) {
      ind += 1;
      allow += 1;
    }
    const maxWidth = WIDTH - ind;
    let maxWidth1 = maxWidth;
    let rep = '';
    lines.forEach((line, i) => {
      rep = reprString(line);
      if (i === lines.length - 1) maxWidth1 -= allow;
      if (cpLength(rep) <= maxWidth1) {
        chunks.push(rep);
        return;
      }
      const parts = line.match(/\S*\s*/gu)!.filter((p, j, all) => !(j === all.length - 1 && p === ''));
      let maxWidth2 = maxWidth;
      let current = '';
      parts.forEach((part, j) => {
        const candidate = current + part;
        if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allow;
        if (cpLength(reprString(candidate)) > maxWidth2) {
          if (current !== '') chunks.push(reprString(current));
          current = part;
        } else {
          current = candidate;
        }
      });
      if (current !== '') chunks.push(reprString(current));
    });
    if (chunks.length === 1) {
      this.out += rep;
      return;
    }
    if (level === 1) this.out += '(';
    this.out += chunks.join(`\n${repeated(' ', ind)}`);
    if (level === 1) this.out += ')';
  }
}

export function pformat(value: unknown): string {
  const p = new Printer();
  p.format(value, 0, 0, 0);
  return p.out;
}
