// Factories for the rendering failures compiled templates throw. Each maps a Python/Jinja2
// exception to a stable TemplateRenderError code (the executor maps all of them to the 422
// "Configuration (template rendering)" scope; the code says which kind it was).
import { TemplateRenderError } from './types.js';

export type RenderErrorCode =
  /** Jinja2 UndefinedError: attribute of, call of, arithmetic on an undefined value. */
  | 'undefined'
  /** Python TypeError: wrong operand or argument types, wrong argument count. */
  | 'type-error'
  /** Calling something that is not callable. */
  | 'not-callable'
  /** Python ValueError: bad value (unpacking count, int('x') in a method, bad JSON, ...). */
  | 'value-error'
  | 'zero-division'
  | 'overflow'
  /** IndexError/KeyError raised by methods (`[].pop()`, `{}.pop('k')`). */
  | 'lookup-error'
  /** Jinja2 FilterArgumentError. */
  | 'filter-argument'
  /** Jinja2 TemplateRuntimeError (unknown filter named at run time, `ns.x =` on a non-namespace). */
  | 'runtime-error'
  /** A filter's own assertion (`truncate` length shorter than its end marker). */
  | 'assertion'
  /** The per-render work or allocation budget ran out (./render-budget.ts). */
  | 'budget-exceeded';

export function renderError(code: RenderErrorCode, message: string): TemplateRenderError {
  return new TemplateRenderError(code, message);
}

export function typeError(message: string): TemplateRenderError {
  return new TemplateRenderError('type-error', message);
}

export function valueError(message: string): TemplateRenderError {
  return new TemplateRenderError('value-error', message);
}
