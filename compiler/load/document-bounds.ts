// Bounds on what a parsed registry document expands to, checked before anything converts it
// to plain data: every alias names an anchor set before it (not one it sits inside), the data
// the aliases add is bounded (a "billion laughs" file is refused, while a registry may reuse one
// anchor hundreds of times) and nesting is bounded. One iterative walk, so a document nested
// 10,000 deep cannot overflow the stack here.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Nodes the aliases of one file may add in total (the demo registry adds a few thousand). */
export const MAX_ALIAS_EXPANSION_NODES = 1_000_000;
/** Lists and mappings nested deeper than this are refused (registries nest fewer than ten). */
export const MAX_NESTING_DEPTH = 200;

export type BoundsProblem =
  | { readonly kind: 'undefined-alias'; readonly name: string; readonly offset: number }
  | { readonly kind: 'recursive-alias'; readonly name: string; readonly offset: number }
  | { readonly kind: 'expansion'; readonly nodes: number; readonly offset: number }
  | { readonly kind: 'too-deep'; readonly offset: number };

interface Extent {
  /** Nodes the value expands to, aliases followed. */
  size: number;
  /** Nesting depth it expands to. */
  depth: number;
}

interface Frame {
  readonly node: Node;
  readonly children: readonly Node[];
  next: number;
  readonly extent: Extent;
}

function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (item.key !== null && typeof item.key === 'object') out.push(item.key as Node);
        if (item.value !== null && typeof item.value === 'object') out.push(item.value as Node);
      } else if (item !== null && typeof item === 'object') {
        out.push(item as Node);
      }
    }
  }
  return out;
}

const offsetOf = (node: Node): number => node.range?.[0] ?? 0;

/** The first problem of the document, or null when converting it to data is safe. */
export function documentBoundsProblem(document: Document.Parsed): BoundsProblem | null {
  const root = document.contents as Node | null;
  if (root === null) return null;
  if (isAlias(root)) return { kind: 'undefined-alias', name: root.source, offset: offsetOf(root) };
  const anchors = new Map<string, Node>();
  const done = new Map<Node, Extent>();
  let added = 0;
  const stack: Frame[] = [];
  const enter = (node: Node): BoundsProblem | null => {
    if (stack.length >= MAX_NESTING_DEPTH) return { kind: 'too-deep', offset: offsetOf(node) };
    if (node.anchor !== undefined) anchors.set(node.anchor, node);
    stack.push({ node, children: childrenOf(node), next: 0, extent: { size: 1, depth: 1 } });
    return null;
  };
  const first = enter(root);
  if (first !== null) return first;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++]!;
      if (isAlias(child)) {
        const target = anchors.get(child.source);
        if (target === undefined) return { kind: 'undefined-alias', name: child.source, offset: offsetOf(child) };
        const extent = done.get(target);
        // Anchored but not finished: the alias sits inside the node it names.
        if (extent === undefined) return { kind: 'recursive-alias', name: child.source, offset: offsetOf(child) };
        added += extent.size;
        if (added > MAX_ALIAS_EXPANSION_NODES) return { kind: 'expansion', nodes: added, offset: offsetOf(child) };
        if (stack.length + extent.depth > MAX_NESTING_DEPTH) return { kind: 'too-deep', offset: offsetOf(child) };
        frame.extent.size += extent.size;
        frame.extent.depth = Math.max(frame.extent.depth, extent.depth + 1);
      } else if (isScalar(child)) {
        if (child.anchor !== undefined) {
          anchors.set(child.anchor, child);
          done.set(child, { size: 1, depth: 1 });
        }
        frame.extent.size += 1;
      } else {
        const problem = enter(child);
        if (problem !== null) return problem;
      }
      continue;
    }
    stack.pop();
    done.set(frame.node, frame.extent);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) {
      parent.extent.size += frame.extent.size;
      parent.extent.depth = Math.max(parent.extent.depth, frame.extent.depth + 1);
    }
  }
  return null;
}
