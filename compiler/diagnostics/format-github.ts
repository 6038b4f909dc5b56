// GitHub Actions workflow commands: one `::error file=F,line=L,col=C,title=CODE::message` (or
// `::warning ...`) line per diagnostic, which GitHub shows as an annotation on that line.
// Escaping follows the runner's rules: `%`, CR and LF in the message; also `:` and `,` in properties.
import type { Diagnostic } from './diagnostic.js';

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const properties = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.col}`,
        ...(d.endLine === undefined ? [] : [`endLine=${d.endLine}`]),
        ...(d.endCol === undefined ? [] : [`endColumn=${d.endCol}`]),
        `title=${escapeProperty(d.code)}`,
      ];
      const message = d.hint === undefined ? d.message : `${d.message}\nhint: ${d.hint}`;
      return `::${d.severity} ${properties.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}
