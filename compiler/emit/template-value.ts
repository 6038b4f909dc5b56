// TemplateIRs as code nodes: a string constant when the template has no expressions (the
// runtime never renders it), else a compiled template `{ source, usesSecret, render }`. The
// registry's templates are compiled first, all together, so a render function whose shape (the
// code generator's output with literals pooled, ../template/literal-pool.ts) other templates
// share is written as that shared shape.
import type { TemplateIR } from '../analyse/ir.js';
import { CONTEXT_VARIABLE_NAMES } from '../analyse/slot-table.js';
import { compileTemplate, type CompiledTemplateSource } from '../template/compile-template.js';
import { stringLiteral } from './code-literal.js';
import type { CodeNode, CodeValues, RenderCode } from './code-value.js';

export class TemplateCompiler {
  /** By escaping mode and template text: large registries repeat the same templates. */
  private readonly compiled = new Map<string, CompiledTemplateSource>();
  /** Distinct render functions per shape code. */
  private readonly shapeUses = new Map<string, Set<string>>();

  constructor(private readonly values: CodeValues) {}

  /** Compiles every template before any node is built, so shapes are known to be shared or not. */
  prepare(templates: Iterable<TemplateIR>): void {
    for (const template of templates) this.compile(template);
  }

  /** The exact output of a template without expressions, or null when it must be rendered. */
  constantOf(template: TemplateIR): string | null {
    return template.hasExpressions ? null : this.compile(template).constant;
  }

  node(template: TemplateIR): CodeNode {
    const source = this.compile(template);
    const { shape } = source;
    if (source.constant !== null) return this.values.literal(stringLiteral(source.constant));
    const render: RenderCode =
      shape !== null && (this.shapeUses.get(shape.code)?.size ?? 0) >= 2
        ? { kind: 'shape', shape: this.values.shape(shape.code), strings: shape.strings, numbers: shape.numbers }
        : { kind: 'code', code: source.code };
    return this.values.template(labelOf(template.source), template.source, template.secretNames.length > 0, render);
  }

  private compile(template: TemplateIR): CompiledTemplateSource {
    const key = `${template.autoescape ? 'e' : 'p'}${template.source}`;
    let compiled = this.compiled.get(key);
    if (compiled === undefined) {
      compiled = compileTemplate(template.ast, { source: template.source, autoescape: template.autoescape, contextNames: CONTEXT_VARIABLE_NAMES });
      const { shape } = compiled;
      if (shape !== null) {
        let uses = this.shapeUses.get(shape.code);
        if (uses === undefined) this.shapeUses.set(shape.code, (uses = new Set()));
        uses.add(compiled.code);
      }
      this.compiled.set(key, compiled);
    }
    return compiled;
  }
}

/** A readable name stem from the words of a template: `{{ user.id }}` → `tpl_user_id`. */
function labelOf(source: string): string {
  const words = (source.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).slice(0, 4).map((w) => w.toLowerCase());
  const stem = words.join('_').slice(0, 40).replace(/_+$/, '');
  return stem === '' ? 'tpl' : `tpl_${stem}`;
}
