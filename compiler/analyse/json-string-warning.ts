// SPEC §3 warning (Conduit): in a JSON request_body, a value interpolated inside a JSON string
// literal ("name": "{{ user.username }}") breaks the JSON - or adds fields - as soon as it holds
// a quote or a backslash. Heuristic: follow the literal text in source order, tracking whether
// a JSON string is open (quotes and backslash escapes), and warn for each expression output
// while one is open, unless the expression is JSON-escaped or plainly safe (numbers, booleans).
import { LOOP_NUMBER_ATTRIBUTES } from '../../runtime/template/vocabulary.js';
import { childNodes, type Expr, type Node, type Root } from '../template/ast.js';
import { filterEntry } from '../template/filter-slots.js';
import type { AnalysisContext } from './analysis-context.js';
import { stringLiteral, symbolName } from './ast-nodes.js';
import { isGlobalName, whyNotAvailable } from './slot-table.js';
import { closingOfTag } from './tag-scanner.js';

/** Members that hold numbers or booleans: a response's status code and the loop's counters. */
const NUMERIC_MEMBERS: ReadonlySet<string> = new Set(['status_code', ...LOOP_NUMBER_ATTRIBUTES]);


type Piece =
  | { readonly kind: 'data'; readonly offset: number; readonly text: string }
  | { readonly kind: 'expr'; readonly offset: number; readonly node: Expr };

export function warnUnescapedJsonStrings(ctx: AnalysisContext, root: Root): void {
  const pieces: Piece[] = [];
  collectPieces(ctx, root, pieces);
  pieces.sort((a, b) => a.offset - b.offset);
  const firstText = pieces.filter((p) => p.kind === 'data').map((p) => (p as { text: string }).text).join('').trimStart();
  if (!firstText.startsWith('{') && !firstText.startsWith('[')) return; // not a JSON body

  let inString = false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.kind === 'data') {
      inString = scanJsonString(piece.text, inString);
      continue;
    }
    // An expression the slot rejects already has its error; the escaping hint would only suggest
    // rewriting it in place (`get_secret('k') | json_encode`), which the body does not allow either.
    if (!inString || isJsonSafe(piece.node) || readsUnavailableName(ctx, piece.node)) continue;
    const source = expressionSource(ctx, piece.offset);
    const next = pieces[i + 1];
    const fillsString =
      i > 0 && pieces[i - 1]!.kind === 'data' && (pieces[i - 1] as { text: string }).text.endsWith('"') &&
      next !== undefined && next.kind === 'data' && next.text.startsWith('"');
    const hint =
      fillsString && source !== null
        ? `drop the surrounding quotes and write {{ ${source} | json_encode }} (or | tojson): it writes the quotes and escapes the value`
        : 'build the whole JSON string in one expression and write it with | json_encode (or | tojson), without surrounding quotes';
    const start = expressionStart(ctx, piece.node);
    ctx.report(
      'template-json-unescaped',
      Number.isFinite(start) ? start : piece.offset,
      'value interpolated inside a JSON string without JSON escaping: a quote or backslash in it breaks the request body',
      { severity: 'warning', hint },
    );
  }
}

function collectPieces(ctx: AnalysisContext, node: Node, out: Piece[]): void {
  if (node.kind === 'Data') {
    out.push({ kind: 'data', offset: ctx.offsetOf(node), text: node.text });
    return;
  }
  if (node.kind === 'Output') {
    out.push({ kind: 'expr', offset: ctx.offsetOf(node), node: node.expr });
    return;
  }
  for (const child of childNodes(node)) collectPieces(ctx, child, out);
}

/** Whether a JSON string is open after `text`, given whether one was open before it. */
function scanJsonString(text: string, open: boolean): boolean {
  let inString = open;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString && c === '\\') i++;
    else if (c === '"') inString = !inString;
  }
  return inString;
}

function isJsonSafe(node: Expr): boolean {
  switch (node.kind) {
    case 'Const':
      return typeof node.value !== 'string' || !/["\\\u0000-\u001f]/.test(node.value);
    case 'Filter':
      // Filters whose output needs no escaping inside a JSON string (the vocabulary says which).
      return filterEntry(node.name)?.jsonStringSafe === true;
    case 'Unary':
    case 'Test':
    case 'Compare':
    case 'Not':
      return true;
    case 'Binary':
      return node.op !== '+' || (isJsonSafe(node.left) && isJsonSafe(node.right));
    case 'Concat':
      return isJsonSafe(node.left) && isJsonSafe(node.right);
    case 'CondExpr':
      return isJsonSafe(node.body) && (node.else_ === null || isJsonSafe(node.else_));
    case 'Lookup':
      return NUMERIC_MEMBERS.has(stringLiteral(node.key) ?? '');
    case 'Call':
      return startsWithCall(node, ['now', 'jwt_encode']);
    default:
      return false;
  }
}

function readsUnavailableName(ctx: AnalysisContext, node: Node): boolean {
  const name = symbolName(node);
  if (name !== null && isGlobalName(name) && whyNotAvailable(name, ctx.site.connectorKind, ctx.site.slot) !== null) return true;
  return childNodes(node).some((child) => readsUnavailableName(ctx, child));
}

/** now(), now().isoformat(), jwt_encode(...): values in a safe alphabet. */
function startsWithCall(node: Expr, names: readonly string[]): boolean {
  let current: Expr | null = node;
  while (current !== null) {
    if (current.kind === 'Call') {
      const name = symbolName(current.callee);
      if (name !== null) return names.includes(name);
      current = current.callee;
    } else if (current.kind === 'Lookup') {
      current = current.target;
    } else return false;
  }
  return false;
}

/** The leftmost offset of an expression (nodes carry the offset of their operator or name). */
function expressionStart(ctx: AnalysisContext, node: Node): number {
  let start = ctx.offsetOf(node);
  for (const child of childNodes(node)) start = Math.min(start, expressionStart(ctx, child));
  return start;
}

/** The text between `{{` and `}}` of the output at `open`, trimmed; null when it cannot be found. */
function expressionSource(ctx: AnalysisContext, open: number): string | null {
  const close = closingOfTag(ctx.text.text, open);
  if (close === -1) return null;
  return ctx.text.text.slice(open + 2, close).replace(/^-/, '').replace(/-$/, '').trim();
}
