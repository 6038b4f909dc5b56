// Step references in composite connectors (SPEC §2): `steps.NAME` / `steps['NAME']` must name
// an earlier step, and `steps.fetch-user.body` (which parses as `steps.fetch - user.body`) is
// recognised and explained.
import type { Binary, Expr, Name } from '../template/ast.js';
import type { AnalysisContext } from './analysis-context.js';
import { stringLiteral, symbolName } from './ast-nodes.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { checkKnownMember, type AccessKey, type AccessPath } from './member-access.js';
import { DICT_METHODS, STEP_RESULT_MEMBERS } from './members.js';

/**
 * Checks `steps<path>`. `preReported` holds key nodes whose naming problem was already reported
 * (the hyphen form), so only their members are checked.
 */
export function checkStepReference(
  ctx: AnalysisContext,
  stepsSymbol: Name,
  path: AccessPath,
  preReported: ReadonlySet<AccessKey>,
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
  readonly firstKey: Expr;
  /** The name the author meant, e.g. `fetch-user`. */
  readonly name: string;
  /** What to analyse in place of the consumed operands: `steps['fetch-user']<rest of the chain>`. */
  readonly replacement: Expr;
  /** The synthetic key node inside `replacement` (its naming problem is already reported). */
  readonly replacementKey: Expr;
  /** Operands after the step reference (real subtractions), to analyse as usual. */
  readonly remaining: readonly Expr[];
}

/**
 * Recognises `steps.a-b-c.member` in a subtraction. `isStepsRoot` says whether a Name is the
 * global `steps` (not a shadowing local). Returns null when the subtraction is something else.
 */
export function findStepHyphen(sub: Binary, isStepsRoot: (symbol: Name) => boolean, stepNames: readonly string[]): StepHyphen | null {
  const operands = subtractionOperands(sub);
  const first = operands[0]!;
  if (first.kind !== 'Lookup' || first.target.kind !== 'Name' || first.key.kind === 'Slice') return null;
  const stepsSymbol = first.target;
  const firstKey = first.key;
  const firstName = stringLiteral(firstKey);
  if (firstName === null || stepsSymbol.name !== 'steps' || !isStepsRoot(stepsSymbol)) return null;

  const parts = [firstName];
  const heads: Expr[] = [];
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
  const replacementKey: Expr = { ...firstKey, kind: 'Const', value: name } as Expr;
  const reference: Expr = { ...first, key: replacementKey };
  const lastOperand = operands[count]!;
  const lastHead = heads[count - 1]!;
  return {
    firstKey,
    name,
    replacement: replaceHead(lastOperand, lastHead, reference),
    replacementKey,
    remaining: operands.slice(count + 1),
  };
}

/** `a - b - c` (left-associative subtractions) as [a, b, c]. */
function subtractionOperands(sub: Binary): Expr[] {
  const operands: Expr[] = [];
  let current: Expr = sub;
  while (current.kind === 'Binary' && current.op === '-') {
    operands.unshift(current.right);
    current = current.left;
  }
  operands.unshift(current);
  return operands;
}

/** The expression an operand starts from: a lookup's target, a call's callee, a filter's value. */
function innerOf(node: Expr): Expr | null {
  if (node.kind === 'Lookup') return node.target;
  if (node.kind === 'Call') return node.callee;
  if (node.kind === 'Filter') return node.node;
  return null;
}

/** The name an operand starts with (`user` in `user.body | from_json`), with the node spelling it. */
function headOf(operand: Expr): { name: string; node: Expr } | null {
  let node: Expr | null = operand;
  while (node !== null) {
    const name = symbolName(node);
    if (name !== null) return { name, node };
    if (node.kind === 'Const') {
      const value = node.value;
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? { name: String(value), node } : null;
    }
    node = innerOf(node);
  }
  return null;
}

/** A copy of `tree` with its head `head` replaced by `replacement` (only the path down to it is copied). */
function replaceHead(tree: Expr, head: Expr, replacement: Expr): Expr {
  if (tree === head) return replacement;
  if (tree.kind === 'Lookup') return { ...tree, target: replaceHead(tree.target, head, replacement) };
  if (tree.kind === 'Call') return { ...tree, callee: replaceHead(tree.callee, head, replacement) };
  if (tree.kind === 'Filter' && tree.node !== null) return { ...tree, node: replaceHead(tree.node, head, replacement) };
  return tree;
}
