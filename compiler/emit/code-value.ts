// The values generated modules declare, as a tree of code nodes built before any text is written.
// Nodes are hash-consed by a CodeValues table: building the same value twice (the same header
// entry, the same compiled template, the same authentication block) returns the same node, so
// the registry becomes a DAG whose repeated parts can be declared once (./value-sharing.ts).
import { createHash } from 'node:crypto';

/** Code written as it is: a string/number/boolean/null literal (never declared on its own). */
export interface LiteralNode {
  readonly kind: 'literal';
  readonly code: string;
}

/** An object literal (`entries` in writing order) or an array literal. */
export interface CompositeNode {
  readonly kind: 'object' | 'array';
  /** The runtime type a declaration of this value is annotated with (connector.ts names). */
  readonly type: string;
  /** What a declaration's name starts with, e.g. `header_accept`. */
  readonly label: string;
  readonly entries: readonly (readonly [key: string, value: CodeNode])[];
  /** The one-line form when the value is small and made of literals only (never declared on its own), else null. */
  readonly oneLine: string | null;
}

/** The render code several templates share, with their literals as parameters (../template/literal-pool.ts). */
export interface ShapeNode {
  readonly kind: 'shape';
  readonly type: string;
  readonly label: 'shape';
  /** `($s, $n) => (v, env) => ...` */
  readonly code: string;
}

/** A render function: its own source, or a shape applied to the template's literals (source text). */
export type RenderCode =
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'shape'; readonly shape: ShapeNode; readonly strings: readonly string[]; readonly numbers: readonly string[] };

/** A compiled template: `{ source, usesSecret, render }`. */
export interface TemplateNode {
  readonly kind: 'template';
  readonly type: 'CompiledTemplate';
  readonly label: string;
  readonly source: string;
  readonly usesSecret: boolean;
  readonly render: RenderCode;
}

export type CodeNode = LiteralNode | CompositeNode | TemplateNode | ShapeNode;
export type DeclarableNode = CompositeNode | TemplateNode | ShapeNode;

export const SHAPE_TYPE = '(s: readonly string[], n: readonly number[]) => TemplateFunction';

/** Templates, shapes and composite values, except small literal-only ones (written inline wherever used). */
export function isDeclarable(node: CodeNode): node is DeclarableNode {
  return node.kind === 'template' || node.kind === 'shape' || (node.kind !== 'literal' && node.oneLine === null);
}

/** The nodes a node's code refers to. */
export function childrenOf(node: CodeNode): readonly CodeNode[] {
  if (node.kind === 'object' || node.kind === 'array') return node.entries.map(([, v]) => v);
  if (node.kind === 'template' && node.render.kind === 'shape') return [node.render.shape];
  return [];
}

/** Facts about a node that do not depend on how it is written: identity hash and children. */
export interface NodeFacts {
  /** Content hash (hex) over the node and, recursively, its children. */
  readonly hash: string;
  /** 0 for nodes without declarable children, else 1 + the highest child height. */
  readonly height: number;
}

/**
 * Builds code nodes and keeps one node per distinct content. A value's identity includes its
 * declared type and label, so equal text used as two different types stays two nodes.
 */
export class CodeValues {
  private readonly byKey = new Map<string, CodeNode>();
  private readonly ids = new Map<CodeNode, number>();
  private readonly facts = new Map<CodeNode, NodeFacts>();

  literal(code: string): LiteralNode {
    return this.intern(`L${code}`, () => ({ kind: 'literal', code }), () => ({ hash: digest(`L${code}`), height: 0 }));
  }

  object(type: string, label: string, entries: readonly (readonly [string, CodeNode])[]): CompositeNode {
    return this.composite('object', type, label, entries);
  }

  array(type: string, label: string, items: readonly CodeNode[]): CompositeNode {
    return this.composite('array', type, label, items.map((item, i) => [String(i), item] as const));
  }

  shape(code: string): ShapeNode {
    const key = `S${code}`;
    return this.intern(key, () => ({ kind: 'shape', type: SHAPE_TYPE, label: 'shape', code }), () => ({ hash: digest(key), height: 0 }));
  }

  template(label: string, source: string, usesSecret: boolean, render: RenderCode): TemplateNode {
    const renderKey =
      render.kind === 'code'
        ? `C${render.code}`
        : `S${this.facts.get(render.shape)!.hash}\u0000${render.strings.join('\u0001')}\u0000${render.numbers.join('\u0001')}`;
    const key = `T${label}\u0000${usesSecret}\u0000${source}\u0000${renderKey}`;
    return this.intern(
      key,
      () => ({ kind: 'template', type: 'CompiledTemplate', label, source, usesSecret, render }),
      () => ({ hash: digest(key), height: render.kind === 'shape' ? 1 : 0 }),
    );
  }

  factsOf(node: CodeNode): NodeFacts {
    return this.facts.get(node)!;
  }

  private composite(kind: 'object' | 'array', type: string, label: string, entries: readonly (readonly [string, CodeNode])[]): CompositeNode {
    const key = `${kind === 'object' ? 'O' : 'A'}${type}\u0000${label}\u0000${entries.map(([k, v]) => `${k}\u0001${this.ids.get(v)}`).join('\u0000')}`;
    return this.intern(
      key,
      () => ({ kind, type, label, entries, oneLine: oneLineOf(kind, entries) }),
      () => {
        const children = entries.map(([k, v]) => `${k}\u0001${this.facts.get(v)!.hash}`).join('\u0000');
        const height = entries.reduce((h, [, v]) => (isDeclarable(v) ? Math.max(h, this.facts.get(v)!.height + 1) : h), 0);
        return { hash: digest(`${kind}\u0000${type}\u0000${label}\u0000${children}`), height };
      },
    );
  }

  private intern<N extends CodeNode>(key: string, make: () => N, describe: () => NodeFacts): N {
    const known = this.byKey.get(key);
    if (known !== undefined) return known as N;
    const node = make();
    this.byKey.set(key, node);
    this.ids.set(node, this.ids.size);
    this.facts.set(node, describe());
    return node;
  }
}

/** Small literal-only values read best on one line, e.g. `{ type: 'none' }`. */
const ONE_LINE_WIDTH = 40;

function oneLineOf(kind: 'object' | 'array', entries: readonly (readonly [string, CodeNode])[]): string | null {
  const parts: string[] = [];
  for (const [key, value] of entries) {
    if (value.kind !== 'literal') return null;
    parts.push(kind === 'object' ? `${key}: ${value.code}` : value.code);
  }
  const text = kind === 'object' ? `{ ${parts.join(', ')} }` : `[${parts.join(', ')}]`;
  return text.length <= ONE_LINE_WIDTH ? text : null;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
