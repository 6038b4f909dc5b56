// Registries repeat themselves: the same Accept header, the same `{{ tenant_id }}`, the same
// get_secret() call, the same step reference in every connector built from one pattern.
// Analysing a template depends only on its text and its context (slot, connector kind, step
// position and names), so a clean result (no diagnostic: those carry positions) is reused for
// every identical site, with that site's own location and its own get_secret() positions
// (kept by offset in the text, mapped through the site's positionAt). The AST is shared: it
// describes identical text.
import { analyseTemplate, type SecretCall, type TemplateAnalysis, type TemplateSite } from './analyse-template.js';
import { secretUseAt } from './template-site.js';
import type { TemplateIR } from './ir.js';

interface CleanAnalysis {
  readonly ir: TemplateIR;
  readonly secretCalls: readonly SecretCall[];
}

export class TemplateAnalysisCache {
  /** Clean results by context (slot, kind, step index, step names), then by template text. */
  private readonly clean = new Map<string, Map<string, CleanAnalysis>>();

  analyse(site: TemplateSite): TemplateAnalysis {
    const context = `${site.autoescape !== false}\u0000${site.slot}\u0000${site.connectorKind}\u0000${site.stepIndex}\u0000${site.stepNames.join('\u0000')}`;
    let byText = this.clean.get(context);
    const cached = byText?.get(site.text);
    if (cached !== undefined) {
      return {
        ir: { ...cached.ir, location: site.location },
        diagnostics: [],
        secretUses: cached.secretCalls.map((call) => secretUseAt(site, call)),
        secretCalls: cached.secretCalls,
      };
    }
    const result = analyseTemplate(site);
    if (result.ir !== null && result.diagnostics.length === 0) {
      if (byText === undefined) this.clean.set(context, (byText = new Map()));
      byText.set(site.text, { ir: result.ir, secretCalls: result.secretCalls });
    }
    return result;
  }
}
