// Template shapes: compiled templates that differ only in their constants. A registry of many
// connectors repeats the same templates with another host, path or id
// (`https://api7.example.com/v2/accounts-7/users/{{ user.id }}`); their render functions are the
// same code around different string and number literals. The shape is that code with each
// literal read from a table, `($s, $n) => (v, env) => ...`, declared once; each template becomes
// `shape(["…"], [7])`. The bundled server then parses one function per shape instead of one per
// template, which is most of its start-up time for a large registry.
//
// Literals stay in the code where they are part of its structure, not data: property names,
// `x["name"]` accesses (kept as named lookups for the engine), the error code of `rt.fail(...)`,
// and numbers outside call arguments and array elements (loop bounds and arithmetic).
import { ts } from 'ts-morph';

export interface TemplateShape {
  /** `($s, $n) => (v, env) => ...`: the render function with literals read from $s / $n. */
  readonly code: string;
  /** The string literals' source text, in table order (JSON string literals as the compiler wrote them). */
  readonly strings: readonly string[];
  /** The number literals' source text, in table order. */
  readonly numbers: readonly string[];
}

const STRINGS = '$s';
const NUMBERS = '$n';

function isKeptString(node: ts.StringLiteral): boolean {
  // '' starts every render function's output: structure, not data.
  if (node.text === '') return true;
  const parent = node.parent;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  if (ts.isCaseClause(parent)) return true;
  // rt.fail's first argument is a code from a closed set (a literal type).
  if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'fail') return true;
  }
  return false;
}

function isTableNumber(node: ts.NumericLiteral): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.arguments.includes(node)) {
    // The work charged per loop iteration is structure, not data.
    const callee = parent.expression;
    return !(ts.isPropertyAccessExpression(callee) && callee.name.text === 'chargeWork');
  }
  return ts.isArrayLiteralExpression(parent);
}

/** The shape of a render function's source, or null when it has no literal to take out. */
export function shapeOf(render: string): TemplateShape | null {
  // Names the compiler never produces; a render function using them is left as it is.
  if (render.includes(STRINGS) || render.includes(NUMBERS)) return null;
  const file = ts.createSourceFile('render.js', `(${render})`, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits: { start: number; end: number; text: string }[] = [];
  const strings: string[] = [];
  const numbers: string[] = [];
  const index = (table: string[], text: string) => {
    const at = table.indexOf(text);
    return at >= 0 ? at : table.push(text) - 1;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) && !isKeptString(node)) {
      edits.push({ start: node.getStart(file), end: node.getEnd(), text: `${STRINGS}[${index(strings, node.getText(file))}]` });
    } else if (ts.isNumericLiteral(node) && isTableNumber(node)) {
      edits.push({ start: node.getStart(file), end: node.getEnd(), text: `${NUMBERS}[${index(numbers, node.getText(file))}]` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (edits.length === 0) return null;
  let code = file.text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
  // Drop the parentheses added for parsing.
  return { code: `(${STRINGS}, ${NUMBERS}) => ${code.slice(1, -1)}`, strings, numbers };
}
