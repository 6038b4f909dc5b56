// Step references in composite connectors (SPEC §2): `steps.NAME` / `steps['NAME']` must name
// an earlier step, and `steps.fetch-user.body` (which parses as `steps.fetch - user.body`) is
// recognised and explained.
import type { TemplateNode } from '../template/parse.js';
import type { AnalysisContext } from './analysis-context.js';
import { field, isNode, literalValue, stringLiteral, symbolName } from './ast-nodes.js';
import { didYouMean } from './did-you-mean.js';
import { checkKnownMember, type AccessPath } from './member-access.js';
import { DICT_METHODS, STEP_RESULT_MEMBERS } from './members.js';

/**
 * Checks `steps<path>`. `preReported` holds key nodes whose naming problem was already reported
 * (the hyphen form), so only their members are checked.
 */
export function checkStepReference(
  ctx: AnalysisContext,
  stepsSymbol: TemplateNode,
  path: AccessPath,
  preReported: ReadonlySet<TemplateNode>,
): void {
  const key = path[0];
  if (key === undefined) {
    ctx.report('template-step-dynamic', ctx.offsetOf(stepsSymbol), "'steps' must be followed by a step name", {
      hint: "write steps.NAME or steps['NAME'] for the earlier step you need",
    });
    return;
  }
  const name = stringLiteral(key);
  if (name === null) {
    ctx.report('template-step-dynamic', ctx.offsetOf(key), 'a step must be named literally: a computed step name cannot be checked against the step order', {
      hint: "write steps.NAME or steps['NAME']",
    });
    return;
  }
  const known = ctx.site.stepNames.includes(name);
  if (!preReported.has(key)) resolveStepName(ctx, name, ctx.nameOffsetOf(key));
  if (known) checkKnownMember(ctx, path[1], STEP_RESULT_MEMBERS, `step '${name}'`, DICT_METHODS);
}

function resolveStepName(ctx: AnalysisContext, name: string, offset: number): void {
  const { stepNames, stepIndex } = ctx.site;
  const current = stepNames[stepIndex] ?? `#${stepIndex}`;
  const index = stepNames.indexOf(name);
  const earlier = stepNames.slice(0, stepIndex);
  if (index === -1) {
    ctx.report('template-step-unknown', offset, `no step named '${name}' in this connector${didYouMean(name, earlier)}`, {
      hint:
        earlier.length === 0
          ? `'${current}' is the first step: it cannot read other steps`
          : `steps before '${current}': ${earlier.join(', ')}`,
    });
  } else if (index === stepIndex) {
    ctx.report('template-step-self-reference', offset, `step '${name}' cannot read its own result through steps`, {
      hint: "a step's own response is response.* in its response_body",
    });
  } else if (index > stepIndex) {
    ctx.report(
      'template-step-forward-reference',
      offset,
      `step '${name}' runs after '${current}': a step can only read the steps before it`,
      { hint: 'steps run strictly in order; move this value to a later step or reorder the steps' },
    );
  } else {
    ctx.stepRefs.add(name);
  }
}

/** `steps.fetch-user...` found inside a subtraction chain. */
export interface StepHyphen {
  /** The key node of `steps.fetch` (where the reference starts). */
  readonly firstKey: TemplateNode;
  /** The name the author meant, e.g. `fetch-user`. */
  readonly name: string;
  /** What to analyse in place of the consumed operands: `steps['fetch-user']<rest of the chain>`. */
  readonly replacement: TemplateNode;
  /** The synthetic key node inside `replacement` (its naming problem is already reported). */
  readonly replacementKey: TemplateNode;
  /** Operands after the step reference (real subtractions), to analyse as usual. */
  readonly remaining: readonly TemplateNode[];
}

/**
 * Recognises `steps.a-b-c.member` in a `Sub` node. `isStepsRoot` says whether a Symbol is the
 * global `steps` (not a shadowing local). Returns null when the subtraction is something else.
 */
export function findStepHyphen(
  sub: TemplateNode,
  isStepsRoot: (symbol: TemplateNode) => boolean,
  stepNames: readonly string[],
): StepHyphen | null {
  const operands = subtractionOperands(sub);
  const first = operands[0]!;
  const stepsSymbol = field(first, 'target');
  const firstKey = field(first, 'val');
  const firstName = stringLiteral(firstKey);
  if (first.typename !== 'LookupVal' || stepsSymbol === null || firstKey === null || firstName === null) return null;
  if (symbolName(stepsSymbol) !== 'steps' || !isStepsRoot(stepsSymbol)) return null;

  const parts = [firstName];
  const heads: TemplateNode[] = [];
  for (const operand of operands.slice(1)) {
    const head = headOf(operand);
    if (head === null) break;
    parts.push(head.name);
    heads.push(head.node);
    if (head.node !== operand) break; // `user.body`: the chain ends the name
  }
  if (heads.length === 0) return null;

  // The longest joined prefix that is a real step name, else everything that joins.
  let count = heads.length;
  for (let k = heads.length; k >= 1; k--) {
    if (stepNames.includes(parts.slice(0, k + 1).join('-'))) {
      count = k;
      break;
    }
  }
  const name = parts.slice(0, count + 1).join('-');
  const replacementKey: TemplateNode = { ...copyOf(firstKey), value: name };
  const reference: TemplateNode = { ...copyOf(first), val: replacementKey };
  const lastOperand = operands[count]!;
  const lastHead = heads[count - 1]!;
  return {
    firstKey,
    name,
    replacement: replaceNode(lastOperand, lastHead, reference),
    replacementKey,
    remaining: operands.slice(count + 1),
  };
}

/** `a - b - c` (left-associative Sub nodes) as [a, b, c]. */
function subtractionOperands(sub: TemplateNode): TemplateNode[] {
  const operands: TemplateNode[] = [];
  let current: TemplateNode = sub;
  while (current.typename === 'Sub') {
    const right = field(current, 'right');
    const left = field(current, 'left');
    if (right === null || left === null) break;
    operands.unshift(right);
    current = left;
  }
  operands.unshift(current);
  return operands;
}

/** The name an operand starts with (`user` in `user.body | from_json`), with the node spelling it. */
function headOf(operand: TemplateNode): { name: string; node: TemplateNode } | null {
  let node: TemplateNode | null = operand;
  while (node !== null) {
    const name = symbolName(node);
    if (name !== null) return { name, node };
    if (node.typename === 'Literal') {
      const value = literalValue(node);
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? { name: String(value), node } : null;
    }
    if (node.typename === 'LookupVal') node = field(node, 'target');
    else if (node.typename === 'FunCall') node = field(node, 'name');
    else if (node.typename === 'Filter') node = firstArgument(node);
    else return null;
  }
  return null;
}

function firstArgument(filter: TemplateNode): TemplateNode | null {
  const args = field(filter, 'args');
  const children = args === null ? undefined : args['children'];
  return Array.isArray(children) && isNode(children[0]) ? children[0] : null;
}

/** A plain copy of a node (own fields plus its typename and field list). */
function copyOf(node: TemplateNode): Record<string, unknown> & TemplateNode {
  return { ...node, typename: node.typename, fields: node.fields, lineno: node.lineno, colno: node.colno };
}

/** A copy of `tree` with `target` replaced by `replacement` (only the path down to it is copied). */
function replaceNode(tree: TemplateNode, target: TemplateNode, replacement: TemplateNode): TemplateNode {
  if (tree === target) return replacement;
  for (const name of [...tree.fields, 'children']) {
    const value = tree[name];
    if (isNode(value) && contains(value, target)) return { ...copyOf(tree), [name]: replaceNode(value, target, replacement) };
    if (Array.isArray(value)) {
      const index = value.findIndex((item) => isNode(item) && contains(item, target));
      if (index !== -1) {
        const items = [...value];
        items[index] = replaceNode(items[index] as TemplateNode, target, replacement);
        return { ...copyOf(tree), [name]: items };
      }
    }
  }
  return tree;
}

function contains(tree: TemplateNode, target: TemplateNode): boolean {
  if (tree === target) return true;
  for (const name of [...tree.fields, 'children']) {
    const value = tree[name];
    if (isNode(value) && contains(value, target)) return true;
    if (Array.isArray(value) && value.some((item) => isNode(item) && contains(item, target))) return true;
  }
  return false;
}
