// The state one template's analysis builds up: diagnostics (with file positions) and the facts
// that go into its TemplateIR.
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { Position } from '../template/ast.js';
import { secretUseAt, type SecretCall, type SecretUse, type TemplateSite } from './template-site.js';
import { TemplateText } from './template-text.js';

export interface ReportOptions {
  readonly hint?: string;
  readonly severity?: Severity;
}

export class AnalysisContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly text: TemplateText;
  readonly secretNames = new Set<string>();
  readonly variableNames = new Set<string>();
  readonly stepRefs = new Set<string>();
  readonly pathParams = new Set<string>();
  readonly queryParameterKeys = new Set<string>();
  readonly secretUses: SecretUse[] = [];
  readonly secretCalls: SecretCall[] = [];
  readsRequestBody = false;
  readsAllQueryParameters = false;
  readsUser = false;

  constructor(readonly site: TemplateSite) {
    this.text = new TemplateText(site.text);
  }

  /** Offset of a node's own position in the template text. */
  offsetOf(node: Position): number {
    return this.text.offsetOf(node.line, node.col);
  }

  /** Offset of the name a node spells: inside the quotes for a string literal. */
  nameOffsetOf(node: Position): number {
    return this.text.afterQuote(this.offsetOf(node));
  }

  report(code: string, offset: number, message: string, options: ReportOptions = {}): void {
    const { line, col } = this.site.positionAt(offset);
    this.diagnostics.push({
      code,
      severity: options.severity ?? 'error',
      message,
      file: this.site.file,
      line,
      col,
      ...(options.hint === undefined ? {} : { hint: options.hint }),
    });
  }

  recordSecretUse(name: string, offset: number): void {
    this.secretNames.add(name);
    const call = { name, offset };
    this.secretCalls.push(call);
    this.secretUses.push(secretUseAt(this.site, call));
  }
}
