// Splits a URL template into its literal text and its template tags ({{ }}, {% %}, {# #}) with
// their offsets, the way Jinja2's lexer sees them: a `}}` inside a quoted string does not close a
// tag, and `-` whitespace control strips the whitespace of the neighbouring literal text. Only
// the URL rules need this (which part of the URL a tag sits in); template analysis parses the
// whole template separately.

export type UrlSegment =
  | { readonly kind: 'literal'; readonly start: number; readonly text: string }
  | {
      readonly kind: 'expression' | 'statement' | 'comment';
      readonly start: number;
      readonly end: number;
      /** The tag as written, e.g. `{{ get_variable('host') }}`. */
      readonly source: string;
      /** Between the delimiters, without whitespace-control dashes. */
      readonly inner: string;
    };

const CLOSERS = { '{': '}}', '%': '%}', '#': '#}' } as const;
const KINDS = { '{': 'expression', '%': 'statement', '#': 'comment' } as const;

/** The segments of a URL template, or null when a tag is never closed (a syntax error reported elsewhere). */
export function urlSegments(text: string): UrlSegment[] | null {
  const segments: UrlSegment[] = [];
  let literalStart = 0;
  let i = 0;
  let stripNext = false;
  const pushLiteral = (end: number, stripEnd: boolean) => {
    let start = literalStart;
    let stop = end;
    if (stripNext) while (start < stop && /\s/.test(text[start]!)) start++;
    if (stripEnd) while (stop > start && /\s/.test(text[stop - 1]!)) stop--;
    if (stop > start) segments.push({ kind: 'literal', start, text: text.slice(start, stop) });
  };
  while (i < text.length) {
    const opener = text[i] === '{' ? text[i + 1] : undefined;
    if (opener !== '{' && opener !== '%' && opener !== '#') {
      i++;
      continue;
    }
    const closer = CLOSERS[opener];
    const end = closingOffset(text, i + 2, closer, opener !== '#');
    if (end === -1) return null;
    const stripBefore = text[i + 2] === '-';
    pushLiteral(i, stripBefore);
    const source = text.slice(i, end);
    let inner = text.slice(i + 2, end - 2);
    if (inner.startsWith('-') || inner.startsWith('+')) inner = inner.slice(1);
    const stripAfter = inner.endsWith('-');
    if (stripAfter || inner.endsWith('+')) inner = inner.slice(0, -1);
    segments.push({ kind: KINDS[opener], start: i, end, source, inner: inner.trim() });
    stripNext = stripAfter;
    i = end;
    literalStart = end;
  }
  pushLiteral(text.length, false);
  return segments;
}

/** Offset just past `closer`, skipping quoted strings in expressions and statements; -1 when unclosed. */
function closingOffset(text: string, from: number, closer: string, quotes: boolean): number {
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (quotes && (ch === "'" || ch === '"')) quote = ch;
    else if (text.startsWith(closer, i)) return i + closer.length;
  }
  return -1;
}
