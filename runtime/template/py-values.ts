// The Python types templates can hold beyond JS primitives, Array and Map (see ./values.ts for
// the whole value model). Each is a small class so `instanceof` tells them apart cheaply.
import { TemplateRenderError } from './types.js';

/** A float whose value is integral (`1.0`, `-0.0`, `1e300`); fractional floats are plain JS numbers. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * Dicts and lists shared beyond one render (a cached user dict, an anonymous user): methods that
 * mutate refuse them, so one request's template cannot change what another request sees.
 */
export const READ_ONLY: WeakSet<object> = new WeakSet();

/** Marks an Array as a Python tuple. */
const TUPLE: unique symbol = Symbol('tuple');

/**
 * A Python tuple: an Array carrying the TUPLE mark, so indexing and iteration stay native and
 * creating one costs a property store (a subclass instance or a freeze costs several times more).
 * Tuples are immutable because nothing mutates them: their only methods are count and index.
 */
export type Tuple = readonly unknown[];

export function isTuple(x: unknown): x is Tuple {
  return Array.isArray(x) && (x as unknown as { [TUPLE]?: true })[TUPLE] === true;
}

/** A tuple of `items`; the array itself is marked, so pass a fresh one. */
export function tuple(items: unknown[]): Tuple {
  (items as unknown as { [TUPLE]: true })[TUPLE] = true;
  return items;
}

/** A 2-tuple (dict items, dictsort). */
export function pair(a: unknown, b: unknown): Tuple {
  return tuple([a, b]);
}

/** Jinja2's `_GroupTuple` (groupby results): a 2-tuple also readable as `.grouper` and `.list`. */
export class GroupTuple extends Array<unknown> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  static group(grouper: unknown, list: unknown[]): GroupTuple {
    const t = new GroupTuple();
    t.push(grouper, list);
    tuple(t);
    return t;
  }
}

/** markupsafe.Markup: text already HTML-escaped (from `escape`, `safe`, `tojson`, ...). */
export class Markup {
  constructor(readonly text: string) {}
}

/** Python bytes (`body_raw`, SPEC §2): immutable; prints as `b'...'`, items are ints. */
export class PyBytes {
  constructor(readonly bytes: Uint8Array) {}
}

/** `dict.keys()` / `.values()` / `.items()`: live views over a dict. */
export class DictView {
  constructor(
    readonly kind: 'keys' | 'values' | 'items',
    readonly dict: Map<unknown, unknown>,
  ) {}

  *[Symbol.iterator](): IterableIterator<unknown> {
    if (this.kind === 'keys') yield* this.dict.keys();
    else if (this.kind === 'values') yield* this.dict.values();
    else for (const [k, v] of this.dict) yield tuple([k, v]);
  }
}

/** Python's range object (integers only, like Python's). */
export class PyRange {
  readonly length: number;

  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    const span = step > 0 ? stop - start : start - stop;
    const stepAbs = Math.abs(step);
    this.length = span <= 0 ? 0 : Math.floor((span + stepAbs - 1) / stepAbs);
  }

  at(index: number): number {
    return this.start + index * this.step;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let i = 0; i < this.length; i++) yield this.start + i * this.step;
  }
}

/**
 * A one-shot iterator (Python generator / reversed()/map() result): filters such as `map`,
 * `select` and `reverse` return these lazily, exactly as Jinja2 does, so consuming one twice
 * yields nothing the second time and printing one prints a generator repr.
 */
export class PyIterator {
  constructor(
    /** Python's repr name, e.g. `generator object sync_do_map`, `list_reverseiterator object`. */
    readonly reprName: string,
    private readonly source: Iterator<unknown>,
  ) {}

  next(): IteratorResult<unknown> {
    return this.source.next();
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.source;
  }
}

/** Jinja2's `namespace()`: the one object a template may assign attributes on. */
export class Namespace {
  readonly attrs = new Map<string, unknown>();
}

/** Jinja2's `cycler(*items)`. */
export class Cycler {
  pos = 0;
  constructor(readonly items: readonly unknown[]) {
    if (items.length === 0) throw new TemplateRenderError('runtime-error', 'at least one item has to be provided');
  }
}

/** Jinja2's `joiner(sep)`: returns '' the first time it is called, then sep. */
export class Joiner {
  used = false;
  constructor(readonly sep: unknown) {}
}

/** The current time as `now()` returns it (SPEC §2, Conduit): a UTC datetime. */
export class PyDateTime {
  constructor(readonly date: Date) {}
}

/** `user.profile_fields` (SPEC §2): a dict of field id → value with `by_id(N)` for int or numeric-string ids. */
export class ProfileFields extends Map<unknown, unknown> {
  /** The field's value, or undefined when the user has no such field. */
  byId(id: unknown): unknown {
    const key = typeof id === 'number' && Number.isInteger(id) ? String(id) : typeof id === 'bigint' ? id.toString() : typeof id === 'string' ? id.trim() : null;
    if (key === null || !/^-?\d+$/.test(key)) return undefined;
    return this.get(String(BigInt(key)));
  }
}
