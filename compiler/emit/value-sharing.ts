// Decides which values are declared once and referenced by name. Connector values are a DAG
// (./code-value.ts hash-conses them); a value referenced from two or more places is declared as
// a const: in its connector's module when only that connector uses it, else in the shared module.
// Large registries repeat a lot (authentication blocks, Accept headers, `{{ user.id }}`), and
// every repeat the bundled server does not parse is start-up time and memory saved.
//
// Names come from a value's label and content hash, so they are stable: adding a connector never
// renames another connector's values. Declarations are ordered by height (a value after the
// values it references), then name.
import { childrenOf, isDeclarable, type CodeNode, type CodeValues, type DeclarableNode } from './code-value.js';

/** Where a declared value lives: a connector's module (its index among the roots) or the shared module. */
export type Home = number | 'shared';

export interface Declaration {
  readonly node: DeclarableNode;
  readonly name: string;
  readonly home: Home;
}

export interface SharingPlan {
  /** Declared values by node; a node not in the map is written inline. */
  readonly declared: ReadonlyMap<DeclarableNode, Declaration>;
  /** The shared module's declarations, in writing order. */
  readonly shared: readonly Declaration[];
  /** Each root's module-local declarations, in writing order. */
  readonly local: readonly (readonly Declaration[])[];
}

const HASH_CHARS = 10;

export function planSharing(values: CodeValues, roots: readonly CodeNode[]): SharingPlan {
  // References per distinct node: each distinct parent counts its slots once.
  const references = new Map<CodeNode, number>();
  const seen = new Set<CodeNode>(roots);
  const pending = [...roots];
  while (pending.length > 0) {
    const node = pending.pop()!;
    for (const child of childrenOf(node)) {
      if (!isDeclarable(child)) continue;
      references.set(child, (references.get(child) ?? 0) + 1);
      if (!seen.has(child)) {
        seen.add(child);
        pending.push(child);
      }
    }
  }

  // Which roots reach a node: one root's index, or 'shared' when more than one does.
  const home = new Map<CodeNode, Home>();
  roots.forEach((root, index) => {
    const stack = [...childrenOf(root)];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (!isDeclarable(node)) continue;
      const current = home.get(node);
      if (current === index || current === 'shared') continue;
      home.set(node, current === undefined ? index : 'shared');
      stack.push(...childrenOf(node));
    }
  });

  const chosen = [...references].filter(([node, count]) => count >= 2 && isDeclarable(node)).map(([node]) => node as DeclarableNode);
  const names = assignNames(values, chosen);
  const declared = new Map<DeclarableNode, Declaration>();
  for (const node of chosen) declared.set(node, { node, name: names.get(node)!, home: home.get(node)! });

  const ordered = [...declared.values()].sort((a, b) => {
    const ha = values.factsOf(a.node).height;
    const hb = values.factsOf(b.node).height;
    return ha - hb || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  const local: Declaration[][] = roots.map(() => []);
  const shared: Declaration[] = [];
  for (const declaration of ordered) {
    if (declaration.home === 'shared') shared.push(declaration);
    else local[declaration.home]!.push(declaration);
  }
  return { declared, shared, local };
}

/** `label_<hash>`; on the (unlikely) clash of two hashes' prefixes, the later content by hash gets a longer one. */
function assignNames(values: CodeValues, nodes: readonly DeclarableNode[]): Map<DeclarableNode, string> {
  const byHash = [...nodes].sort((a, b) => {
    const ha = values.factsOf(a).hash;
    const hb = values.factsOf(b).hash;
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  });
  const taken = new Set<string>();
  const names = new Map<DeclarableNode, string>();
  for (const node of byHash) {
    const hash = values.factsOf(node).hash;
    let length = HASH_CHARS;
    let name = `${node.label}_${hash.slice(0, length)}`;
    while (taken.has(name)) name = `${node.label}_${hash.slice(0, ++length)}`;
    taken.add(name);
    names.set(node, name);
  }
  return names;
}
