// Human output of `conduit check`: per diagnostic a headline `file:line:col: severity: message
// [code]`, a code frame of the offending line(s) with a caret at the column, and a hint; then a
// summary count. Colour is the caller's decision (the CLI enables it only on a TTY).
import type { Diagnostic } from './diagnostic.js';

export interface HumanFormatOptions {
  /** The text of a registry file (as named in diagnostics), or undefined when unavailable. */
  readonly source: (file: string) => string | undefined;
  readonly color: boolean;
  /** How many connectors were checked, for the summary line. */
  readonly connectorCount?: number;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', green: '\x1b[32m' };
type Style = keyof typeof ANSI;

const TAB = '    ';
const WINDOW = 100; // widest slice of a long line shown in a frame

export function formatHuman(diagnostics: readonly Diagnostic[], options: HumanFormatOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text);
  const lines: string[] = [];
  const sourceLines = new Map<string, string[] | null>();
  const linesOf = (file: string): string[] | null => {
    if (!sourceLines.has(file)) {
      const text = options.source(file);
      sourceLines.set(file, text === undefined ? null : text.split(/\r?\n/));
    }
    return sourceLines.get(file)!;
  };
  for (const d of diagnostics) {
    const severity = d.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    lines.push(`${paint('cyan', `${d.file}:${d.line}:${d.col}`)}: ${severity}: ${paint('bold', d.message)} ${paint('dim', `[${d.code}]`)}`);
    const frame = codeFrame(linesOf(d.file), d, paint);
    if (frame.length > 0) lines.push(...frame);
    if (d.hint !== undefined) lines.push(`  ${paint('green', 'hint')}: ${d.hint}`);
    lines.push('');
  }
  lines.push(summary(diagnostics, options.connectorCount, paint));
  return `${lines.join('\n')}\n`;
}

function codeFrame(source: string[] | null, d: Diagnostic, paint: (style: Style, text: string) => string): string[] {
  if (source === null || d.line < 1 || d.line > source.length) return [];
  // One line of context on each side; a multi-line range shows up to three of its lines.
  const last = Math.min(source.length, Math.max(d.line, Math.min(d.endLine ?? d.line, d.line + 2)) + 1);
  const first = Math.max(1, d.line - 1);
  const width = String(last).length;
  const frame: string[] = [];
  // One horizontal window for every line of the frame, so the caret stays aligned.
  const caretColumn = visualColumn(source[d.line - 1]!, d.col);
  const start = caretColumn > WINDOW - 20 ? caretColumn - (WINDOW - 40) : 0;
  for (let n = first; n <= last; n++) {
    const text = source[n - 1]!.replaceAll('\t', TAB);
    const clipped = (start > 0 ? '…' : '') + text.slice(start, start + WINDOW) + (text.length > start + WINDOW ? '…' : '');
    const marker = n === d.line ? paint(d.severity === 'error' ? 'red' : 'yellow', '>') : ' ';
    frame.push(`${marker} ${paint('dim', `${String(n).padStart(width)} |`)} ${clipped}`);
    if (n === d.line) {
      const pad = ' '.repeat(caretColumn - start + (start > 0 ? 1 : 0));
      frame.push(`  ${paint('dim', `${' '.repeat(width)} |`)} ${pad}${paint(d.severity === 'error' ? 'red' : 'yellow', '^')}`);
    }
  }
  return frame;
}

/** 0-based display column of a 1-based source column, with tabs expanded as in the frame. */
function visualColumn(line: string, col: number): number {
  return line.slice(0, Math.max(0, col - 1)).replaceAll('\t', TAB).length;
}

function summary(diagnostics: readonly Diagnostic[], connectorCount: number | undefined, paint: (style: Style, text: string) => string): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const scope = connectorCount === undefined ? '' : ` in ${plural(connectorCount, 'connector')}`;
  if (diagnostics.length === 0) return paint('green', `✔ no problems${scope}`);
  const text = `${errors > 0 ? '✖' : '⚠'} ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${scope}`;
  return paint(errors > 0 ? 'red' : 'yellow', text);
}
