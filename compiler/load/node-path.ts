// Finds the YAML node behind a data path such as ['connectors', 0, 'headers', 1, 'value'], so a
// problem found in the plain data (a zod issue, a duplicate) is reported at its source position.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

export type DataPath = readonly PropertyKey[];

function deref(document: Document, node: unknown): Node | undefined {
  if (isAlias(node)) return node.resolve(document) ?? undefined;
  return (node ?? undefined) as Node | undefined;
}

function pairOf(node: Node | undefined, key: PropertyKey): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === key) as Pair | undefined;
}

function child(document: Document, node: Node | undefined, key: PropertyKey): Node | undefined {
  if (isSeq(node) && typeof key === 'number') return deref(document, node.items[key]);
  const pair = pairOf(node, key);
  return pair === undefined ? undefined : deref(document, pair.value);
}

/** The value node at `path`, or undefined when some segment does not exist. */
export function nodeAtPath(document: Document, path: DataPath): Node | undefined {
  let node = deref(document, document.contents);
  for (const key of path) {
    node = child(document, node, key);
    if (node === undefined) return undefined;
  }
  return node;
}

/** The key node of the last segment of `path` (a mapping key), or undefined. */
export function keyNodeAtPath(document: Document, path: DataPath): Node | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAtPath(document, path.slice(0, -1));
  const key = pairOf(parent, path[path.length - 1]!)?.key;
  return isScalar(key) ? key : undefined;
}

/** The deepest existing node along `path` (the parent mapping of a missing field). */
export function nearestNodeAtPath(document: Document, path: DataPath): { node: Node | undefined; depth: number } {
  let node = deref(document, document.contents);
  let depth = 0;
  for (const key of path) {
    const next = child(document, node, key);
    if (next === undefined) break;
    node = next;
    depth++;
  }
  return { node, depth };
}
