// The one expression a URL host may hold (SPEC §1 "URL rules", v2): get_variable('<literal
// name>'), optionally piped into default('<literal string>') or default('<literal string>', true).
// Matched on the expression's text, so the URL rules do not depend on the template AST's shape.

const STRING = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`;
const HOST_VARIABLE = new RegExp(
  String.raw`^get_variable\s*\(\s*(?:${STRING})\s*\)(?:\s*\|\s*default\s*\(\s*(?:${STRING})\s*(?:,\s*(?:true|True)\s*)?\))?$`,
);

/** Whether an expression (the text between `{{` and `}}`, trimmed) is an allowed host expression. */
export function isHostVariable(expression: string): boolean {
  return HOST_VARIABLE.test(expression);
}
