// Positions inside a template's text. The parser gives nodes 0-based (line, col); lines end at
// \n, \r\n or \r (Jinja2 normalises all three), so an offset is the line's start + col.

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;

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
    IDENTIFIER.lastIndex = offset;
    return IDENTIFIER.exec(this.text)?.[0] ?? '';
  }

  private starts(): number[] {
    if (this.lineStarts === null) {
      const starts = [0];
      for (const m of this.text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}
