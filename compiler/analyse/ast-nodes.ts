// Small readers over the template AST (../template/ast.ts) the analyser uses in several places.
import type { Call, Expr, Filter, Keyword, Node, Slice, Test } from '../template/ast.js';

/** The name of a Name node, else null. */
export function symbolName(node: Node | Slice | null | undefined): string | null {
  return node?.kind === 'Name' ? node.name : null;
}

/** The value of a string Const node, else null. */
export function stringLiteral(node: Node | Slice | null | undefined): string | null {
  return node?.kind === 'Const' && typeof node.value === 'string' ? node.value : null;
}

/** Positional arguments and keyword arguments of a call, filter or test. */
export interface CallArguments {
  readonly positional: readonly Expr[];
  readonly keywords: readonly { readonly name: string; readonly key: Keyword; readonly value: Expr }[];
  /** `*args` or `**kwargs` also pass arguments: the count and names are known only when it runs. */
  readonly splat: boolean;
}

export function callArguments(node: Call | Filter | Test): CallArguments {
  return {
    positional: node.args,
    keywords: node.kwargs.map((k) => ({ name: k.name, key: k, value: k.value })),
    splat: node.dynArgs !== null || node.dynKwargs !== null,
  };
}
