// Deterministic source-text literals for generated modules.

/**
 * A TS string literal: single-quoted, or double-quoted when that needs fewer escapes (a template
 * like `{{ get_secret('key') }}` reads as written). JSON escaping throughout: same bytes every run.
 */
export function stringLiteral(value: string): string {
  const json = JSON.stringify(value);
  if (value.includes("'") && !value.includes('"')) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** Text safe inside a /* *\/ comment (a template may contain the closing sequence). */
export function commentText(value: string): string {
  return value.replace(/\*\//g, '*\\/');
}
