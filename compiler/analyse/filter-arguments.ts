// Filter arguments that name things: attribute paths (`map(attribute='a.b')`, `attr('x')`,
// `sort(attribute='a,b')`...) must not name unsafe members, and the filter/test names passed to
// map/select/reject/selectattr/rejectattr must exist.
import type { Expr } from '../template/ast.js';
import type { AnalysisContext } from './analysis-context.js';
import { stringLiteral, type CallArguments } from './ast-nodes.js';
import { checkUnsafeName } from './member-access.js';

interface AttributeArgument {
  /** Index among the positional arguments after the filtered value, or -1 when keyword-only. */
  readonly position: number;
  /** Jinja2 splits the path on '.' (and on ',' for sort's several attributes). */
  readonly dotted: boolean;
  readonly commaList: boolean;
}

const ATTRIBUTE_ARGUMENTS: ReadonlyMap<string, AttributeArgument> = new Map([
  ['attr', { position: 0, dotted: false, commaList: false }],
  ['map', { position: -1, dotted: true, commaList: false }],
  ['selectattr', { position: 0, dotted: true, commaList: false }],
  ['rejectattr', { position: 0, dotted: true, commaList: false }],
  ['sort', { position: 2, dotted: true, commaList: true }],
  ['groupby', { position: 0, dotted: true, commaList: false }],
  ['unique', { position: 1, dotted: true, commaList: false }],
  ['min', { position: 1, dotted: true, commaList: false }],
  ['max', { position: 1, dotted: true, commaList: false }],
  ['sum', { position: 0, dotted: true, commaList: false }],
]);

/** Where a test name is passed: select('odd'), selectattr('x', 'defined'). */
const TEST_NAME_POSITION: ReadonlyMap<string, number> = new Map([
  ['select', 0],
  ['reject', 0],
  ['selectattr', 1],
  ['rejectattr', 1],
]);

export interface NameCheckers {
  checkFilterName(name: string, node: Expr): void;
  checkTestName(name: string, node: Expr): void;
}

/** `args` are the filter's arguments after the filtered value. */
export function checkFilterArguments(
  ctx: AnalysisContext,
  filter: string,
  args: CallArguments,
  names: NameCheckers,
): void {
  const attribute = ATTRIBUTE_ARGUMENTS.get(filter);
  if (attribute !== undefined) {
    const byKeyword = args.keywords.find((k) => k.name === 'attribute')?.value;
    const byPosition = attribute.position >= 0 ? args.positional[attribute.position] : undefined;
    for (const node of [byKeyword, byPosition]) if (node !== undefined) checkAttributePath(ctx, node, attribute);
  }
  const testAt = TEST_NAME_POSITION.get(filter);
  if (testAt !== undefined) {
    const node = args.positional[testAt];
    const name = node === undefined ? null : stringLiteral(node);
    if (node !== undefined && name !== null) names.checkTestName(name, node);
  }
  if (filter === 'map') {
    // map('upper') applies a filter by name; map('attr', 'x') reads a member.
    const [first, second] = args.positional;
    const name = first === undefined ? null : stringLiteral(first);
    if (first !== undefined && name !== null) {
      names.checkFilterName(name, first);
      if (name === 'attr' && second !== undefined) checkAttributePath(ctx, second, { position: 0, dotted: false, commaList: false });
    }
  }
}

function checkAttributePath(ctx: AnalysisContext, node: Expr, shape: AttributeArgument): void {
  const path = stringLiteral(node);
  if (path === null) return; // computed or numeric: the runtime refuses unsafe names as well
  const start = ctx.nameOffsetOf(node);
  const attributes = shape.commaList ? path.split(',') : [path];
  let offset = start;
  for (const attribute of attributes) {
    const parts = shape.dotted ? attribute.split('.') : [attribute];
    let partOffset = offset;
    for (const part of parts) {
      const trimmed = part.trim();
      const lead = part.length - part.trimStart().length;
      if (checkUnsafeName(ctx, trimmed, partOffset + lead)) return;
      partOffset += part.length + 1;
    }
    offset += attribute.length + 1;
  }
}
