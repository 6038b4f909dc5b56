// Builds TemplateSites from a bare template string for unit tests: the "file" is the template
// itself, so file positions are the template's own 1-based line and column.
import type { Slot } from '../../../compiler/analyse/ir.js';
import type { TemplateSite } from '../../../compiler/analyse/analyse-template.js';

export interface SiteOptions {
  readonly slot?: Slot;
  readonly kind?: 'regular' | 'composite';
  readonly stepNames?: readonly string[];
  readonly stepIndex?: number;
  readonly extraVariables?: readonly string[];
}

export function siteOf(text: string, options: SiteOptions = {}): TemplateSite {
  const kind = options.kind ?? (options.stepNames === undefined ? 'regular' : 'composite');
  return {
    text,
    slot: options.slot ?? 'body',
    file: 'template.txt',
    location: { file: 'template.txt', line: 1, col: 1 },
    positionAt(offset: number) {
      // Lines end at \n, \r\n or \r, as Jinja2 reads them.
      const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
      return { line: lines.length, col: lines[lines.length - 1]!.length + 1 };
    },
    connectorKind: kind,
    stepIndex: options.stepIndex ?? 0,
    stepNames: options.stepNames ?? [],
    ...(options.extraVariables === undefined ? {} : { extraVariables: options.extraVariables }),
  };
}
