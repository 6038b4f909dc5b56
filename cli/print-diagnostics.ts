// Turns diagnostics into text for the terminal: the one place commands print them.
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { formatGithub } from '../compiler/diagnostics/format-github.js';
import { formatHuman } from '../compiler/diagnostics/format-human.js';
import { formatJson } from '../compiler/diagnostics/format-json.js';

export type DiagnosticFormat = 'human' | 'json' | 'github';

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: DiagnosticFormat,
  options: { connectorCount?: number; stream?: NodeJS.WriteStream } = {},
): string {
  if (format === 'json') return formatJson(diagnostics);
  if (format === 'github') return formatGithub(diagnostics);
  const stream = options.stream ?? process.stdout;
  return formatHuman(diagnostics, {
    source: readSource,
    color: stream.isTTY === true && process.env['NO_COLOR'] === undefined,
    ...(options.connectorCount === undefined ? {} : { connectorCount: options.connectorCount }),
  });
}
