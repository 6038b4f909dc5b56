// A composite step's `when:` (issue 17) and what later templates see of a step: the compiler turned
// the condition into the template `{% if EXPR %}1{% endif %}`, so Jinja2's truthiness decided it
// and the runtime only compares the output. A skipped step reads as `steps.<name>.skipped` true
// with None body, status_code and headers; a step that ran has `skipped` False.
import type { TemplateValue } from '../connector.js';
import { renderWithBudget } from '../template/render-budget.js';
import type { TemplateEnv } from '../template/types.js';
import { responseValue } from './template-inputs.js';

/** What the condition template renders when the condition holds (compiler/analyse/step-condition.ts). */
const CONDITION_HOLDS = '1';

/** Renders the condition with the request's variables; a rendering error propagates as the step's failure. */
export function conditionHolds(when: TemplateValue, vars: Map<string, unknown>, env: TemplateEnv): boolean {
  // Within the per-render work budget, as every other template of the request.
  return (typeof when === 'string' ? when : renderWithBudget(when.render, vars, env)) === CONDITION_HOLDS;
}

/** `steps.<name>` of a step that ran. */
export function ranStepValue(body: string | null, statusCode: number, headers: Map<string, string>): Map<string, unknown> {
  const value = responseValue(body, statusCode, headers);
  value.set('skipped', false);
  return value;
}

/** `steps.<name>` of a step whose condition was false. */
export function skippedStepValue(): Map<string, unknown> {
  return new Map<string, unknown>([
    ['body', null],
    ['status_code', null],
    ['headers', null],
    ['skipped', true],
  ]);
}
