// Checks on member access (`x.name`, `x['name']`): unsafe names anywhere, and the known members
// of Conduit's structured values (request, response, user, step results, loop).
import type { Expr, Lookup, Slice } from '../template/ast.js';
import type { AnalysisContext } from './analysis-context.js';
import { stringLiteral } from './ast-nodes.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
// Pure module (no imports, no I/O): the one list of unsafe member names, shared with the runtime.
import { isUnsafeMemberName } from '../../runtime/template/unsafe-names.js';

/** One `.name` / `[expr]` step of an access chain: a Lookup's key. */
export type AccessKey = Expr | Slice;
export type AccessPath = readonly AccessKey[];

/** The keys of a Lookup chain, the expression it starts from, and which keys were written `.name`. */
export function flattenAccess(node: Lookup): { root: Expr; path: AccessKey[]; dotted: Set<AccessKey> } {
  const path: AccessKey[] = [];
  const dotted = new Set<AccessKey>();
  let current: Expr = node;
  while (current.kind === 'Lookup') {
    path.unshift(current.key);
    // `x.items` reads the attribute (a dict method) first; `x['items']` reads the key first.
    if (current.dot) dotted.add(current.key);
    current = current.target;
  }
  return { root: current, path, dotted };
}

/** Reports a literal member name that would leave the template's data. */
export function checkUnsafeName(ctx: AnalysisContext, name: string, offset: number): boolean {
  if (!isUnsafeMemberName(name)) return false;
  ctx.report('template-unsafe-member', offset, `'${name}' cannot be read in a template`, {
    hint: 'templates only read their own data; names like constructor, __proto__ or __class__ are refused',
  });
  return true;
}

/** Unsafe check for a literal key of an access path. */
export function checkUnsafeKey(ctx: AnalysisContext, key: AccessKey): void {
  const name = stringLiteral(key);
  if (name !== null) checkUnsafeName(ctx, name, ctx.nameOffsetOf(key));
}

/**
 * Checks that a literal key names one of `allowed` (or one of `methods`, accepted but not listed
 * in the hint). Returns the name when it is allowed, null
 * when it was reported or is not a literal (dynamic access is left to the runtime).
 */
export function checkKnownMember(
  ctx: AnalysisContext,
  key: AccessKey | undefined,
  allowed: readonly string[],
  owner: string,
  methods: readonly string[] = [],
): string | null {
  if (key === undefined || key.kind !== 'Const') return null;
  const value = key.value;
  const name = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && (allowed.includes(value) || methods.includes(value))) return value;
  if (typeof value === 'string' && isUnsafeMemberName(value)) return null; // reported as unsafe
  ctx.report(
    'template-unknown-member',
    ctx.nameOffsetOf(key),
    `${owner} has no member '${name}'${didYouMean(name, allowed)}`,
    { hint: `${owner} has: ${allowed.join(', ')}` },
  );
  return null;
}
