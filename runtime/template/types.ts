// The contract between compiled templates and the code that calls them.
//
// Template values follow Python's data model, held in JS as:
//   None -> null, True/False -> boolean, str -> string, int -> number (integral) or bigint,
//   float -> see ./values.ts, list/tuple -> Array, dict -> Map (insertion-ordered, keys as written),
//   Jinja2's Undefined -> the value from ./values.ts.
// Callers build template inputs with the helpers of ./values.ts, never by hand-made objects.

/** Variables visible to a template, by top-level name (`steps`, `request`, `user`, ...). */
export type TemplateVars = ReadonlyMap<string, unknown>;

/** What a template may ask of the server while rendering. */
export interface TemplateEnv {
  /** The secret's value for the current tenant, or undefined when the store lacks it. */
  getSecret(name: string): string | undefined;
  /** The plain-text configuration value for the current tenant, or undefined. */
  getVariable(name: string): string | undefined;
  /** The current time (injected so tests and caches can fix it). */
  now(): Date;
  /** Told when a secret is missing (the output keeps the expression text); never given values. */
  onMissingSecret?(name: string): void;
}

/** A compiled template: pure function of its inputs to the rendered text. */
export type TemplateFunction = (vars: TemplateVars, env: TemplateEnv) => string;

/** A rendering failure (undefined attribute, calling a non-callable, bad filter input, ...). */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
  constructor(
    /** Stable code, e.g. `undefined-attribute`, `not-callable`, `type-error`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
