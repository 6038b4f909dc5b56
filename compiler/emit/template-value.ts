// Writes one TemplateIR as a runtime TemplateValue: a string constant when the template has no
// expressions, else `{ source, usesSecret, render }` with the compiled function inlined.
import type { CodeBlockWriter } from 'ts-morph';
import type { TemplateIR } from '../ir.js';
import { compileTemplate } from '../template/compile-template.js';
import { stringLiteral } from './code-literal.js';

export interface TemplateWriteStats {
  /** Set when some template needed the helper namespace `rt`, so the module imports it. */
  usesHelpers: boolean;
}

/** The exact output of a template without expressions, or null when it must be rendered. */
export function constantOf(template: TemplateIR): string | null {
  if (template.hasExpressions) return null;
  return compileTemplate(template.ast, { source: template.source }).constant;
}

export function writeTemplateValue(w: CodeBlockWriter, template: TemplateIR, stats: TemplateWriteStats): void {
  const compiled = compileTemplate(template.ast, { source: template.source });
  if (compiled.constant !== null) {
    w.write(stringLiteral(compiled.constant));
    return;
  }
  stats.usesHelpers = true;
  w.write('{').newLine();
  w.indent(() => {
    w.writeLine(`source: ${stringLiteral(template.source)},`);
    w.writeLine(`usesSecret: ${template.secretNames.length > 0},`);
    w.write('render: ').write(compiled.code).write(',').newLine();
  });
  w.write('}');
}
