// Shorthands over analyseTemplate for the analysis tests.
import { analyseTemplate, type TemplateAnalysis } from '../../../compiler/analyse/analyse-template.js';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { siteOf, type SiteOptions } from './template-site.js';

export function analyse(text: string, options: SiteOptions = {}): TemplateAnalysis {
  return analyseTemplate(siteOf(text, options));
}

/** `code@line:col` of every diagnostic, in order. */
export function codesAt(text: string, options: SiteOptions = {}): string[] {
  return analyse(text, options).diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`);
}

/** The single diagnostic the template produces (fails the test when there are more or none). */
export function only(text: string, options: SiteOptions = {}): Diagnostic {
  const { diagnostics } = analyse(text, options);
  if (diagnostics.length !== 1) {
    throw new Error(`expected one diagnostic for ${JSON.stringify(text)}, got ${JSON.stringify(diagnostics, null, 2)}`);
  }
  return diagnostics[0]!;
}

/** A composite connector's steps, analysing a template of the step at `stepIndex`. */
export function stepOf(stepIndex: number, extra: SiteOptions = {}): SiteOptions {
  return { kind: 'composite', stepNames: ['auth', 'fetch-user', 'enrich', 'save'], stepIndex, ...extra };
}
