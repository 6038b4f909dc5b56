// Jinja2's Macro (jinja2/runtime.py): a `{% macro %}` or a call block's `caller` as a callable
// template value. Arguments bind as Jinja2 binds them: positionals, then keywords by name, then
// `caller`, the extra keywords (`kwargs`, when the body reads it) and the extra positionals
// (`varargs`); a parameter left out is `rt.missing` and the compiled body applies its default.
// Each call is one unit of the render's work budget. A macro exposes only the attributes
// Jinja2 documents (name, arguments, catch_kwargs, catch_varargs, caller): no function object,
// no globals, nothing to climb out of the template through.
import { PyCallable, type KwArgs } from './callables.js';
import { Markup, tuple } from './py-values.js';
import { chargeWork } from './render-budget.js';
import { typeError } from './render-errors.js';
import { undefinedHint, Undefined } from './undefined.js';

/** A parameter the call did not give (the compiled body replaces it with its default). */
export const MISSING: unique symbol = Symbol('missing');

export const CATCH_CALLER = 1;
export const CATCH_KWARGS = 2;
export const CATCH_VARARGS = 4;
export const EXPLICIT_CALLER = 8;

type MacroBody = (...args: unknown[]) => string;

export class Macro extends PyCallable {
  constructor(
    /** null for a call block's `caller`, as in Jinja2 (an anonymous macro). */
    readonly name: string | null,
    readonly argumentNames: readonly string[],
    readonly defaultCount: number,
    private readonly flags: number,
    private readonly autoescape: boolean,
    private readonly body: MacroBody,
  ) {
    super();
  }

  /** The name in messages. */
  private get label(): string {
    return this.name ?? 'caller';
  }

  get reprText(): string {
    return this.name === null ? '<Macro anonymous>' : `<Macro '${this.name}'>`;
  }

  /** The attributes a template may read (Jinja2's public Macro attributes). */
  attribute(name: string): unknown {
    switch (name) {
      case 'name':
        return this.name;
      case 'arguments':
        return tuple([...this.argumentNames]);
      case 'catch_kwargs':
        return (this.flags & CATCH_KWARGS) !== 0;
      case 'catch_varargs':
        return (this.flags & CATCH_VARARGS) !== 0;
      case 'caller':
        return (this.flags & CATCH_CALLER) !== 0;
      default:
        return undefined;
    }
  }

  call(args: readonly unknown[], kwargs: KwArgs): unknown {
    chargeWork(1);
    const count = this.argumentNames.length;
    const rest = kwargs === null ? new Map<string, unknown>() : new Map(kwargs);
    const bound: unknown[] = args.slice(0, count);
    let foundCaller: boolean;
    if (bound.length !== count) {
      foundCaller = false;
      for (const name of this.argumentNames.slice(bound.length)) {
        if (rest.has(name)) {
          bound.push(rest.get(name));
          rest.delete(name);
        } else {
          bound.push(MISSING);
        }
        if (name === 'caller') foundCaller = true;
      }
    } else {
      foundCaller = (this.flags & EXPLICIT_CALLER) !== 0;
    }
    if ((this.flags & CATCH_CALLER) !== 0 && !foundCaller) {
      const caller = rest.get('caller');
      rest.delete('caller');
      bound.push(caller === undefined || caller === null ? undefinedHint('No caller defined') : caller);
    }
    if ((this.flags & CATCH_KWARGS) !== 0) {
      bound.push(rest);
    } else if (rest.size > 0) {
      if (rest.has('caller')) {
        throw typeError(`macro '${this.label}' was invoked with two values for the special caller argument. This is most likely a bug.`);
      }
      throw typeError(`macro '${this.label}' takes no keyword argument '${[...rest.keys()][0]!}'`);
    }
    if ((this.flags & CATCH_VARARGS) !== 0) bound.push(tuple(args.slice(count)));
    else if (args.length > count) throw typeError(`macro '${this.label}' takes not more than ${count} argument(s)`);
    const text = this.body(...bound);
    return this.autoescape ? new Markup(text) : text;
  }
}

/** A parameter without default that the call left out. */
export function missingParameter(name: string): Undefined {
  return undefinedHint(`parameter '${name}' was not provided`);
}
