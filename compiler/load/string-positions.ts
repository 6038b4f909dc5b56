// Turns an offset inside a parsed string value into its 1-based file position, for any scalar
// style (plain, '...', "...", | and >, JSON strings). Built lazily: most templates never need it.
import { isAlias, isScalar, type CST, type Node, type Scalar } from 'yaml';
import type { SourcePoint } from '../diagnostics/create.js';
import { pointAt, pointOfNode, type RegistryFile } from './registry-file.js';
import { decodeScalarToken, type DecodedScalar } from './scalar-offsets.js';

export type PositionAt = (offset: number) => { line: number; col: number };

/** The scalar a value node stands for (aliases resolve to their anchor's scalar). */
function scalarOf(file: RegistryFile, node: Node | undefined): Node | undefined {
  if (isAlias(node)) {
    const target = node.resolve(file.document);
    return target ?? node;
  }
  return node;
}

/** Decodes a string scalar with source offsets, or null when the node is not a mappable string scalar. */
export function decodeStringNode(file: RegistryFile, node: Node | undefined): DecodedScalar | null {
  const scalar = scalarOf(file, node);
  if (!isScalar(scalar) || typeof scalar.value !== 'string') return null;
  const token = scalar.srcToken ?? flowTokenFromText(file, scalar);
  if (token === undefined || !('source' in token)) return null;
  const decoded = decodeScalarToken(token as CST.FlowScalar | CST.BlockScalar);
  // The decoder mirrors the yaml package; if the two ever disagree, no mapping beats a wrong one.
  return decoded !== null && decoded.text === scalar.value ? decoded : null;
}

/** The source token of a flow scalar built without one (the JSON fast path), from the file text. */
function flowTokenFromText(file: RegistryFile, scalar: Scalar): CST.FlowScalar | undefined {
  const type =
    scalar.type === 'QUOTE_DOUBLE' ? 'double-quoted-scalar' : scalar.type === 'QUOTE_SINGLE' ? 'single-quoted-scalar' : scalar.type === 'PLAIN' ? 'scalar' : null;
  if (type === null || scalar.range == null) return undefined;
  const [start, end] = scalar.range;
  return { type, offset: start, indent: 0, source: file.text.slice(start, end) };
}

/** `node` undefined (no source node for the value) maps every offset to the start of the file. */
export function stringPositionMapper(file: RegistryFile, node: Node | undefined): PositionAt {
  let decoded: DecodedScalar | null | undefined;
  let fallback: SourcePoint | undefined;
  return (offset: number) => {
    if (decoded === undefined) decoded = decodeStringNode(file, node);
    if (decoded === null) {
      fallback ??= pointOfNode(file, scalarOf(file, node));
      return { line: fallback.line, col: fallback.col };
    }
    const index = Math.min(Math.max(0, Math.trunc(offset)), decoded.text.length);
    const { line, col } = pointAt(file, decoded.offsets[index]!);
    return { line, col };
  };
}
