// Filter arguments that name things (compiler/template/filter-slots.ts, from the vocabulary's slot
// rules): attribute paths (`map(attribute='a.b')`, `attr('x')`, `sort(attribute='a,b')`...) must
// not name unsafe members, and the filter/test names passed to map/select/selectattr... must exist.
import type { Expr } from '../template/ast.js';
import { attributeNames, filterSlots } from '../template/filter-slots.js';
import type { AttributeArgument } from '../../runtime/template/vocabulary.js';
import type { AnalysisContext } from './analysis-context.js';
import { stringLiteral, type CallArguments } from './ast-nodes.js';
import { checkUnsafeName } from './member-access.js';

export interface NameCheckers {
  checkFilterName(name: string, node: Expr): void;
  checkTestName(name: string, node: Expr): void;
}

/** `args` are the filter's arguments after the filtered value; which ones name things is the vocabulary's slot rules. */
export function checkFilterArguments(
  ctx: AnalysisContext,
  filter: string,
  args: CallArguments,
  names: NameCheckers,
): void {
  const slots = filterSlots(filter, args.positional, args.keywords);
  for (const { node, rule } of slots.attributes) checkAttributePath(ctx, node, rule);
  for (const node of slots.testNames) {
    const name = stringLiteral(node);
    if (name !== null) names.checkTestName(name, node);
  }
  for (const node of slots.filterNames) {
    const name = stringLiteral(node);
    if (name !== null) names.checkFilterName(name, node);
  }
}

function checkAttributePath(ctx: AnalysisContext, node: Expr, rule: AttributeArgument): void {
  const path = stringLiteral(node);
  if (path === null) return; // computed or numeric: the runtime refuses unsafe names as well
  // Offsets follow the text: every name is followed by one separator ('.' or ',').
  let offset = ctx.nameOffsetOf(node);
  for (const part of attributeNames(path, rule)) {
    const trimmed = part.trim();
    const lead = part.length - part.trimStart().length;
    if (checkUnsafeName(ctx, trimmed, offset + lead)) return;
    offset += part.length + 1;
  }
}
