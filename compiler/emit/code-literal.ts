// Deterministic source-text literals for generated modules.

/** A single-quoted TS string literal (JSON escaping, then quote swap: same bytes every run). */
export function stringLiteral(value: string): string {
  const json = JSON.stringify(value);
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** Text safe inside a /* *\/ comment (a template may contain the closing sequence). */
export function commentText(value: string): string {
  return value.replace(/\*\//g, '*\\/');
}
