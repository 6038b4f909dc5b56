// A light scan over template text for what a parse error at the end of the text leaves unplaced:
// which `{{`/`{%`/`{#` is left open, where an unterminated string starts, which block tag is
// still open at a given spot. Used only to point syntax errors at the right place.

/** Block tags that need an end tag, with the name of that end tag. */
const BLOCK_TAGS: ReadonlyMap<string, string> = new Map([
  ['if', 'endif'],
  ['for', 'endfor'],
  ['filter', 'endfilter'],
  ['macro', 'endmacro'],
  ['call', 'endcall'],
  ['block', 'endblock'],
  ['set', 'endset'], // only the block form `{% set x %}...{% endset %}`
  ['raw', 'endraw'],
  ['with', 'endwith'],
  ['autoescape', 'endautoescape'],
]);

export interface OpenTag {
  /** Offset of `{%`. */
  readonly offset: number;
  readonly name: string;
}

export type ScanEnd =
  | { readonly kind: 'complete' }
  | { readonly kind: 'unclosed-tag'; readonly offset: number; readonly opener: '{{' | '{%' | '{#' }
  | { readonly kind: 'unterminated-string'; readonly offset: number };

export interface TagScan {
  readonly end: ScanEnd;
  /** Block tags still open at the end of the text (innermost last). */
  readonly openBlocks: readonly OpenTag[];
  /** Block tags open just before the tag starting at each `{%` offset. */
  openBlocksBefore(offset: number): readonly OpenTag[];
}

export function scanTags(text: string): TagScan {
  const stack: OpenTag[] = [];
  const snapshots = new Map<number, readonly OpenTag[]>();
  let end: ScanEnd = { kind: 'complete' };
  let i = 0;
  while (i < text.length) {
    const next = nextOpener(text, i);
    if (next === -1) break;
    const opener = text.slice(next, next + 2) as '{{' | '{%' | '{#';
    if (opener === '{#') {
      const close = text.indexOf('#}', next + 2);
      if (close === -1) {
        end = { kind: 'unclosed-tag', offset: next, opener };
        break;
      }
      i = close + 2;
      continue;
    }
    const j = codeEnd(text, next + 2);
    if (j.kind === 'unterminated-string') {
      end = j;
      break;
    }
    if (j.kind === 'unclosed') {
      end = { kind: 'unclosed-tag', offset: next, opener };
      break;
    }
    if (opener === '{%') {
      snapshots.set(next, [...stack]);
      const body = text.slice(next + 2, j.offset).replace(/^-/, '').replace(/-$/, '');
      const name = /^\s*([A-Za-z_]+)/.exec(body)?.[1] ?? '';
      if (name === 'raw') {
        const close = /\{%-?\s*endraw\s*-?%\}/g;
        close.lastIndex = j.offset + 2;
        const m = close.exec(text);
        if (m === null) {
          stack.push({ offset: next, name });
          break;
        }
        i = m.index + m[0].length;
        continue;
      }
      if (BLOCK_TAGS.has(name) && !(name === 'set' && body.includes('='))) {
        stack.push({ offset: next, name });
      } else if (name.startsWith('end')) {
        const at = findLast(stack, (t) => BLOCK_TAGS.get(t.name) === name);
        if (at !== -1) stack.length = at;
      }
    }
    i = j.offset + 2;
  }
  return {
    end,
    openBlocks: stack,
    openBlocksBefore: (offset) => snapshots.get(offset) ?? [],
  };
}

export function endTagOf(name: string): string | undefined {
  return BLOCK_TAGS.get(name);
}

/** Offset of the `}}` / `%}` closing the tag opened at `open` (`{{` or `{%`), or -1. */
export function closingOfTag(text: string, open: number): number {
  const end = codeEnd(text, open + 2);
  return end.kind === 'closed' ? end.offset : -1;
}

type CodeEnd =
  | { readonly kind: 'closed'; readonly offset: number }
  | { readonly kind: 'unclosed' }
  | { readonly kind: 'unterminated-string'; readonly offset: number };

/** Scans tag code from `from`, skipping string literals, to the first `}}` or `%}`. */
function codeEnd(text: string, from: number): CodeEnd {
  for (let j = from; j < text.length; j++) {
    const c = text[j]!;
    if (c === '"' || c === "'") {
      const close = stringEnd(text, j);
      if (close === -1) return { kind: 'unterminated-string', offset: j };
      j = close;
    } else if ((c === '}' || c === '%') && text[j + 1] === '}') {
      return { kind: 'closed', offset: j };
    }
  }
  return { kind: 'unclosed' };
}

function nextOpener(text: string, from: number): number {
  for (let k = text.indexOf('{', from); k !== -1; k = text.indexOf('{', k + 1)) {
    const c = text[k + 1];
    if (c === '{' || c === '%' || c === '#') return k;
  }
  return -1;
}

/** Offset of the closing quote of the string starting at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let k = start + 1; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === quote) return k;
  }
  return -1;
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let k = items.length - 1; k >= 0; k--) if (test(items[k]!)) return k;
  return -1;
}
