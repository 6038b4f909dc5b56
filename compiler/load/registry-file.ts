// One parsed registry file: its text, the YAML document (every node keeps its source range) and
// the LineCounter that turns offsets into 1-based line:col.
import type { Document, LineCounter, Node } from 'yaml';
import type { SourcePoint } from '../diagnostics/create.js';

export interface RegistryFile {
  /** The path used in diagnostics: relative to the cwd when the file is below it, else absolute. */
  readonly path: string;
  readonly text: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** JSON files are parsed with YAML's JSON schema (no plain-word strings, no YAML-only spellings). */
  readonly isJson: boolean;
}

/** The 1-based file position of a source offset. */
export function pointAt(file: RegistryFile, offset: number): SourcePoint {
  const { line, col } = file.lineCounter.linePos(offset);
  // linePos reports line 0 only for offsets before the first line start, which cannot happen
  // for offsets inside the file; clamp anyway so a diagnostic never names line 0.
  return { file: file.path, line: Math.max(1, line), col: Math.max(1, col) };
}

/** Where a node starts (its first character: a quote, a block indicator, `[`, `{`, or the key of a block map). */
export function pointOfNode(file: RegistryFile, node: Node | null | undefined): SourcePoint {
  return pointAt(file, node?.range?.[0] ?? 0);
}
