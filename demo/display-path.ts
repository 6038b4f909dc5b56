// Paths in what the demo prints: relative inside the working folder (as the user would type
// them), absolute elsewhere (a temp build folder).
import path from 'node:path';

export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
