// Jinja2's scoping (jinja2/idtracking.py) over the nunjucks AST: which names each frame (the
// template, a loop body, a loop's else, a filter block, a block set) declares and how each starts
// out — resolved from the context, aliased to the enclosing frame's variable, or undefined. This
// decides, e.g., that `{% for %}{{ x }}{% set x = 1 %}{% endfor %}` reads the context's x on
// every iteration while a loop reading a name the template sets later sees it undefined.
import type { TemplateNode } from './parse.js';

export type Load =
  | { readonly kind: 'param' }
  | { readonly kind: 'resolve'; readonly name: string }
  | { readonly kind: 'alias'; readonly ref: string }
  | { readonly kind: 'undefined'; readonly name: string };

export class Symbols {
  readonly level: number;
  refs = new Map<string, string>();
  loads = new Map<string, Load>();
  stores = new Set<string>();

  constructor(
    readonly parent: Symbols | null,
    private readonly identFor: (level: number, name: string) => string,
    /** False for names the template never assigns: those are read once from the context. */
    private readonly isLocal: (name: string) => boolean,
  ) {
    this.level = parent === null ? 0 : parent.level + 1;
  }

  private defineRef(name: string, load: Load | null): string {
    const ident = this.identFor(this.level, name);
    this.refs.set(name, ident);
    if (load !== null) this.loads.set(ident, load);
    return ident;
  }

  findRef(name: string): string | null {
    return this.refs.get(name) ?? this.parent?.findRef(name) ?? null;
  }

  findLoad(ident: string): Load | null {
    return this.loads.get(ident) ?? this.parent?.findLoad(ident) ?? null;
  }

  store(name: string): void {
    this.stores.add(name);
    if (this.refs.has(name)) return;
    const outer = this.parent?.findRef(name) ?? null;
    if (outer !== null) this.defineRef(name, { kind: 'alias', ref: outer });
    else this.defineRef(name, { kind: 'undefined', name });
  }

  declareParameter(name: string): string {
    this.stores.add(name);
    return this.defineRef(name, { kind: 'param' });
  }

  load(name: string): void {
    if (!this.isLocal(name)) return;
    if (this.findRef(name) === null) this.defineRef(name, { kind: 'resolve', name });
  }

  copy(): Symbols {
    const rv = new Symbols(this.parent, this.identFor, this.isLocal);
    rv.refs = new Map(this.refs);
    rv.loads = new Map(this.loads);
    rv.stores = new Set(this.stores);
    return rv;
  }

  branchUpdate(branches: readonly Symbols[]): void {
    const stores = new Set<string>();
    for (const b of branches) for (const s of b.stores) stores.add(s);
    for (const s of this.stores) stores.delete(s);
    for (const b of branches) {
      for (const [k, v] of b.refs) this.refs.set(k, v);
      for (const [k, v] of b.loads) this.loads.set(k, v);
      for (const s of b.stores) this.stores.add(s);
    }
    for (const name of stores) {
      const target = this.findRef(name)!;
      const outer = this.parent?.findRef(name) ?? null;
      this.loads.set(target, outer !== null ? { kind: 'alias', ref: outer } : { kind: 'resolve', name });
    }
  }
}

function kids(node: TemplateNode): TemplateNode[] {
  return (node['children'] as TemplateNode[] | undefined) ?? [];
}

/** The Capture a filter chain ends in (filter blocks and block sets), or null. */
export function captureOf(node: TemplateNode): TemplateNode | null {
  let cur: TemplateNode = node;
  while (cur.typename === 'Filter') cur = kids(cur['args'] as TemplateNode)[0]!;
  return cur.typename === 'Capture' ? cur : null;
}

/** Filter-chain arguments (everything but the innermost target). */
export function filterChainArgs(node: TemplateNode): TemplateNode[] {
  const out: TemplateNode[] = [];
  let cur: TemplateNode = node;
  while (cur.typename === 'Filter') {
    const [target, ...args] = kids(cur['args'] as TemplateNode);
    out.push(...args);
    cur = target!;
  }
  return out;
}

/** Whether `loop` occurs anywhere below the node (Jinja2's find_undeclared for extended loops). */
export function usesName(node: unknown, name: string): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => usesName(n, name));
  const n = node as TemplateNode;
  if (n.typename === 'Symbol' && n['value'] === name) return true;
  const fields = [...n.fields, ...(n.typename === 'Set' ? ['body'] : [])];
  return fields.some((f) => usesName(n[f], name));
}

/** Walks one frame's nodes in source order (Jinja2's FrameSymbolVisitor). */
export class FrameVisitor {
  constructor(public symbols: Symbols) {}

  visitAll(nodes: readonly TemplateNode[]): void {
    for (const n of nodes) this.visit(n);
  }

  visit(node: TemplateNode | null | undefined): void {
    if (node === null || node === undefined) return;
    switch (node.typename) {
      case 'Symbol':
        this.symbols.load(node['value'] as string);
        return;
      case 'Set': {
        const targets = node['targets'] as TemplateNode[];
        if (node['value'] !== null) this.visit(node['value'] as TemplateNode);
        for (const t of targets) this.visitTarget(t);
        return;
      }
      case 'If': {
        this.visit(node['cond'] as TemplateNode);
        const original = this.symbols;
        const inner = (nodes: TemplateNode | null): Symbols => {
          this.symbols = original.copy();
          const rv = this.symbols;
          if (nodes !== null) {
            if (nodes.typename === 'If') this.visit(nodes);
            else this.visitAll(kids(nodes));
          }
          this.symbols = original;
          return rv;
        };
        const body = inner(node['body'] as TemplateNode);
        const otherwise = inner(node['else_'] as TemplateNode | null);
        this.symbols.branchUpdate([body, otherwise]);
        return;
      }
      case 'For': {
        // Only the iterable belongs to this frame; the loop body is its own frame.
        const arr = node['arr'] as TemplateNode;
        this.visit(isLoopFilter(arr) ? (arr['body'] as TemplateNode) : arr);
        return;
      }
      case 'Capture':
        return;
      case 'Filter':
        if (captureOf(node) !== null) {
          for (const a of filterChainArgs(node)) this.visit(a);
          return;
        }
        break;
      default:
        break;
    }
    for (const f of node.fields) {
      const v = node[f];
      if (Array.isArray(v)) for (const c of v) this.visit(c as TemplateNode);
      else if (v !== null && typeof v === 'object') this.visit(v as TemplateNode);
    }
  }

  visitTarget(target: TemplateNode): void {
    if (target.typename === 'Symbol') this.symbols.store(target['value'] as string);
    else if (target.typename === 'Array') for (const t of kids(target)) this.visitTarget(t);
    else if (target.typename === 'LookupVal') this.symbols.load((target['target'] as TemplateNode)['value'] as string);
  }

  declareTargets(target: TemplateNode): void {
    if (target.typename === 'Symbol') this.symbols.declareParameter(target['value'] as string);
    else for (const t of kids(target)) this.declareTargets(t);
  }
}

/** `{% for x in xs if cond %}`: the parser's InlineIf without else as the loop's iterable. */
export function isLoopFilter(arr: TemplateNode): boolean {
  return arr.typename === 'InlineIf' && arr['else_'] === null;
}

