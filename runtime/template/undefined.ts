// Jinja2's default Undefined: what a missing variable, attribute or item evaluates to. It prints
// as '', iterates as empty, is falsy, has length 0, equals only another Undefined; any other use
// (attribute, call, arithmetic, ordering) is a rendering error naming what was missing.
import { objectTypeRepr } from './python-repr.js';
import { renderError } from './render-errors.js';
import type { TemplateRenderError } from './types.js';

const NO_OBJECT: unique symbol = Symbol('no object');

export class Undefined {
  constructor(
    /** Explicit message (e.g. "No first item, sequence was empty."). */
    readonly hint: string | null = null,
    /** The object that lacked the attribute/item, or NO_OBJECT for a missing variable. */
    readonly obj: unknown = NO_OBJECT,
    /** The missing variable/attribute name or item key. */
    readonly name: unknown = null,
    /** What printing it writes: '' as in Jinja2, or the expression text of a missing get_variable(). */
    readonly printed: string = '',
  ) {}

  get message(): string {
    if (this.hint !== null) return this.hint;
    if (this.obj === NO_OBJECT) return `'${String(this.name)}' is undefined`;
    // Described only when the message is needed: a miss that just prints '' stays cheap.
    const objType = objectTypeRepr(this.obj);
    if (typeof this.name !== 'string') return `${objType} has no element ${String(this.name)}`;
    return `'${objType}' has no attribute '${this.name}'`;
  }

  error(): TemplateRenderError {
    return renderError('undefined', this.message);
  }
}

/** A missing top-level variable. */
export function undefinedName(name: string): Undefined {
  return new Undefined(null, NO_OBJECT, name);
}

export function undefinedHint(hint: string): Undefined {
  return new Undefined(hint);
}
