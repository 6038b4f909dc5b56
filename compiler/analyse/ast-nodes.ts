// Small readers over nunjucks AST nodes. Nodes are plain objects (TemplateNode); these helpers
// keep the `unknown` field values typed where the analyser looks into them.
import type { TemplateNode } from '../template/parse.js';

export function isNode(value: unknown): value is TemplateNode {
  return typeof value === 'object' && value !== null && typeof (value as { typename?: unknown }).typename === 'string';
}

export function isType(value: unknown, typename: string): value is TemplateNode {
  return isNode(value) && value.typename === typename;
}

export function field(node: TemplateNode, name: string): TemplateNode | null {
  const value = node[name];
  return isNode(value) ? value : null;
}

/** The child nodes of a NodeList-like node (Root, NodeList, Output, Array, Group, Dict, KeywordArgs). */
export function childrenOf(node: TemplateNode | null): TemplateNode[] {
  if (node === null) return [];
  const children = node['children'];
  return Array.isArray(children) ? children.filter(isNode) : [];
}

/** The name of a Symbol node, else null. */
export function symbolName(node: unknown): string | null {
  return isType(node, 'Symbol') && typeof node['value'] === 'string' ? node['value'] : null;
}

/** The value of a string Literal node, else null. */
export function stringLiteral(node: unknown): string | null {
  return isType(node, 'Literal') && typeof node['value'] === 'string' ? node['value'] : null;
}

export function literalValue(node: TemplateNode): unknown {
  return node['value'];
}

/** Positional arguments and keyword arguments of a call's args NodeList. */
export interface CallArguments {
  readonly positional: TemplateNode[];
  readonly keywords: { readonly name: string; readonly key: TemplateNode; readonly value: TemplateNode }[];
}

export function callArguments(args: TemplateNode | null): CallArguments {
  const positional: TemplateNode[] = [];
  const keywords: { name: string; key: TemplateNode; value: TemplateNode }[] = [];
  for (const child of childrenOf(args)) {
    if (child.typename !== 'KeywordArgs') {
      positional.push(child);
      continue;
    }
    for (const pair of childrenOf(child)) {
      const key = field(pair, 'key');
      const value = field(pair, 'value');
      const name = symbolName(key);
      if (key !== null && value !== null && name !== null) keywords.push({ name, key, value });
    }
  }
  return { positional, keywords };
}

/** Every node value held by a node's fields (arrays flattened), in field order. */
export function fieldNodes(node: TemplateNode, skip: readonly string[] = []): TemplateNode[] {
  const out: TemplateNode[] = [];
  for (const name of node.fields) {
    if (skip.includes(name)) continue;
    const value = node[name];
    if (Array.isArray(value)) out.push(...value.filter(isNode));
    else if (isNode(value)) out.push(value);
  }
  return out;
}
