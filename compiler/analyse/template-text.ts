// Positions inside a template's text. nunjucks gives nodes 0-based (line, col) counted over the
// raw text (every character but '\n' advances the column), so an offset is lineStart + col.

export class TemplateText {
  private lineStarts: number[] | null = null;

  constructor(readonly text: string) {}

  /** Offset in the text of a 0-based nunjucks (lineno, colno). */
  offsetOf(lineno: number, colno: number): number {
    if (lineno === 0) return Math.min(colno, this.text.length);
    const starts = this.starts();
    const start = starts[Math.min(lineno, starts.length - 1)]!;
    return Math.min(start + colno, this.text.length);
  }

  /** Offset just after an opening quote, when the offset points at a string literal. */
  afterQuote(offset: number): number {
    const c = this.text[offset];
    return c === '"' || c === "'" ? offset + 1 : offset;
  }

  /** The identifier written at offset (empty when none). */
  identifierAt(offset: number): string {
    return /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(offset, offset + 64))?.[0] ?? '';
  }

  private starts(): number[] {
    if (this.lineStarts === null) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}
