// Analysis of one template for `conduit check` / `build` (SPEC §2, §3): parse it, check it
// against what its slot may use, and describe it as a TemplateIR for code generation.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { TemplateIR } from './ir.js';
import type { Root } from '../template/ast.js';
import { parseTemplate } from '../template/parse.js';
import { AnalysisContext } from './analysis-context.js';
import { warnUnescapedJsonStrings } from './json-string-warning.js';
import { describeSyntaxError } from './syntax-error.js';
import type { SecretCall, SecretUse, TemplateSite } from './template-site.js';
import { TemplateWalker } from './template-walker.js';

export type { SecretCall, SecretUse, TemplateSite } from './template-site.js';

export interface TemplateAnalysis {
  /** null when the template has errors (warnings still give an IR). */
  readonly ir: TemplateIR | null;
  readonly diagnostics: Diagnostic[];
  /** Every valid get_secret('NAME') call with its file position (for `check --secrets`). */
  readonly secretUses: readonly SecretUse[];
  /** The same calls by offset in the text, so an identical template elsewhere can reuse them. */
  readonly secretCalls: readonly SecretCall[];
}

export function analyseTemplate(site: TemplateSite): TemplateAnalysis {
  const ctx = new AnalysisContext(site);
  const parsed = parseTemplate(site.text);
  if (!parsed.ok) {
    const problem = describeSyntaxError(parsed.error, ctx.text);
    ctx.report(problem.code, problem.offset, problem.message, problem.hint === undefined ? {} : { hint: problem.hint });
    return { ir: null, diagnostics: ctx.diagnostics, secretUses: [], secretCalls: [] };
  }
  const ast = parsed.ast;
  new TemplateWalker(ctx).walk(ast);
  if (site.slot === 'body') warnUnescapedJsonStrings(ctx, ast);
  const diagnostics = ctx.diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
  const ir: TemplateIR | null = hasErrors(diagnostics)
    ? null
    : {
        source: site.text,
        slot: site.slot,
        location: site.location,
        ast,
        autoescape: site.autoescape !== false,
        hasExpressions: hasExpressions(ast),
        secretNames: [...ctx.secretNames],
        variableNames: [...ctx.variableNames],
        stepRefs: [...ctx.stepRefs],
        pathParams: [...ctx.pathParams],
        queryParameterKeys: [...ctx.queryParameterKeys],
        readsAllQueryParameters: ctx.readsAllQueryParameters,
        readsRequestBody: ctx.readsRequestBody,
        readsUser: ctx.readsUser,
      };
  return { ir, diagnostics, secretUses: ctx.secretUses, secretCalls: ctx.secretCalls };
}

/** False when the template is only literal text (including {% raw %} and comments). */
function hasExpressions(root: Root): boolean {
  return !root.body.every((node) => node.kind === 'Data');
}
