// Jinja2's `loop` object, built only when a template uses `loop` as a value (passes it around or
// prints it); `loop.index` and friends are compiled to inline arithmetic instead.
import { typeError } from './render-errors.js';
import { undefinedHint } from './undefined.js';

export class LoopContext {
  index0 = -1;
  /** Arguments of the previous loop.changed() call. */
  last: unknown[] | null = null;

  constructor(
    readonly items: readonly unknown[],
    /** 1 for the outermost pass of a loop, +1 for each `loop(...)` recursion. */
    readonly depth = 1,
    /** A recursive loop's body as a function of (items, depth); null for other loops. */
    readonly recurse: ((items: unknown, depth: number) => unknown) | null = null,
  ) {}

  get length(): number {
    return this.items.length;
  }

  /** Attribute values by name (null: not a loop attribute). */
  attribute(name: string): unknown {
    const i = this.index0;
    const n = this.items.length;
    switch (name) {
      case 'index':
        return i + 1;
      case 'index0':
        return i;
      case 'revindex':
        return n - i;
      case 'revindex0':
        return n - i - 1;
      case 'first':
        return i === 0;
      case 'last':
        return i === n - 1;
      case 'length':
        return n;
      case 'depth':
        return this.depth;
      case 'depth0':
        return this.depth - 1;
      case 'previtem':
        return i > 0 ? this.items[i - 1] : undefinedHint('there is no previous item');
      case 'nextitem':
        return i < n - 1 ? this.items[i + 1] : undefinedHint('there is no next item');
      default:
        return null;
    }
  }

  cycle(args: readonly unknown[]): unknown {
    return loopCycle(args, this.index0);
  }

  changed(args: readonly unknown[], eq: (a: unknown, b: unknown) => boolean): boolean {
    return loopChanged(this, args, eq);
  }
}

/** loop.cycle(*args) */
export function loopCycle(args: readonly unknown[], index0: number): unknown {
  if (args.length === 0) throw typeError('no items for cycling given');
  return args[index0 % args.length];
}

/** loop.changed(*args): true when the arguments differ from the previous call's. */
export function loopChanged(state: { last: unknown[] | null }, args: readonly unknown[], eq: (a: unknown, b: unknown) => boolean): boolean {
  const prev = state.last;
  const same = prev !== null && prev.length === args.length && prev.every((v, i) => eq(v, args[i]));
  if (same) return false;
  state.last = [...args];
  return true;
}
