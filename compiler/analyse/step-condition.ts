// A composite step's `when:` (issue 17) holds one Jinja2 expression, written without braces as in
// Ansible (`request.query_parameters.go == 'yes'`); a `{{ … }}`-wrapped one is unwrapped. It is
// analysed and compiled as the template `{% if EXPR %}1{% endif %}`, so the analysis, the code
// generation and Jinja2's truthiness (Undefined and empty values are false) are the ones every
// other template gets, and the runtime only asks whether the output is '1'. Offsets inside the
// wrapper map back to the expression as written, so diagnostics point into the `when` value.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Root } from '../template/ast.js';
import { parseTemplate } from '../template/parse.js';
import type { TemplateSite } from './template-site.js';

const PREFIX = '{% if ';
const SUFFIX = ' %}1{% endif %}';

/** The output of a condition template when the condition holds. */
export const CONDITION_HOLDS = '1';

export type ConditionTemplate =
  | {
      readonly ok: true;
      /** The template to analyse and compile in place of the `when` text. */
      readonly text: string;
      /** Offset in `text` -> offset in the `when` value as written. */
      readonly sourceOffset: (offset: number) => number;
    }
  | { readonly ok: false; readonly offset: number; readonly message: string; readonly hint: string };

/** The expression inside the `when` text (unwrapping `{{ … }}`), with its start offset. */
function expressionOf(text: string): { readonly expression: string; readonly start: number } {
  let start = text.length - text.trimStart().length;
  let end = text.trimEnd().length;
  const inner = text.slice(start, end);
  const open = /^\{\{-?/.exec(inner);
  const close = /-?\}\}$/.exec(inner);
  if (open !== null && close !== null && inner.length >= open[0].length + close[0].length) {
    start += open[0].length;
    end -= close[0].length;
  }
  const body = text.slice(start, end);
  const lead = body.length - body.trimStart().length;
  return { expression: body.trim(), start: start + lead };
}

/** True when `root` is exactly `{% if … %}1{% endif %}`: the expression did not close the tag early. */
function isSingleCondition(root: Root): boolean {
  if (root.body.length !== 1) return false;
  const node = root.body[0]!;
  if (node.kind !== 'If' || node.elifs.length > 0 || node.else_ !== null || node.body.length !== 1) return false;
  const data = node.body[0]!;
  return data.kind === 'Data' && data.text === CONDITION_HOLDS;
}

export function conditionTemplate(when: string): ConditionTemplate {
  const { expression, start } = expressionOf(when);
  if (expression === '') {
    return {
      ok: false,
      offset: 0,
      message: 'when: is empty: it must hold a Jinja2 expression',
      hint: "e.g. when: \"request.query_parameters.go == 'yes'\", or remove the key to always run the step",
    };
  }
  const text = PREFIX + expression + SUFFIX;
  const parsed = parseTemplate(text);
  // A syntax error is left to the template analysis, which reports it at its exact spot.
  if (parsed.ok && !isSingleCondition(parsed.ast)) {
    return {
      ok: false,
      offset: start,
      message: 'when: must be one Jinja2 expression, not template text or statements',
      hint: "write the bare expression, as in Ansible: when: \"steps.lookup.status_code == 200\"",
    };
  }
  const sourceOffset = (offset: number) => start + Math.min(Math.max(offset - PREFIX.length, 0), expression.length);
  return { ok: true, text, sourceOffset };
}

/**
 * A diagnostic of the condition's analysis, worded for `when`: it is analysed with the body
 * slot's variables, but the author wrote no request_body.
 */
export function conditionDiagnostic(diagnostic: Diagnostic): Diagnostic {
  if (diagnostic.code !== 'template-slot-not-allowed') return diagnostic;
  return { ...diagnostic, message: diagnostic.message.replace(/ is not available in request_body;/, ' is not available in when (it sees what request_body sees);') };
}

/** The site to analyse for a `when` value: the condition template, with positions in the value as written. */
export function conditionSite(site: TemplateSite, condition: ConditionTemplate & { ok: true }): TemplateSite {
  return { ...site, text: condition.text, positionAt: (offset) => site.positionAt(condition.sourceOffset(offset)) };
}
