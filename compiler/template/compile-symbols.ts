// Jinja2's scoping (jinja2/idtracking.py) over the AST (./ast.ts): which names each frame (the
// template, a loop body, a loop's else, a filter block, a block set) declares and how each starts
// out — resolved from the context, aliased to the enclosing frame's variable, or undefined. This
// decides, e.g., that `{% for %}{{ x }}{% set x = 1 %}{% endfor %}` reads the context's x on
// every iteration while a loop reading a name the template sets later sees it undefined.
import { argumentNodes, childNodes as childNodesOf, unreachable, type Expr, type Node, type Stmt, type Target } from './ast.js';

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

/** Whether `name` is read anywhere below the nodes (Jinja2's find_undeclared, for `caller`, `varargs`, `kwargs`). */
export function readsName(nodes: readonly Node[], name: string): boolean {
  const stack: Node[] = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'Name' && node.name === name) return true;
    // A nested macro or call block has its own `caller`/`varargs`/`kwargs`.
    if (node.kind === 'Macro' || node.kind === 'CallBlock') {
      if (node.kind === 'CallBlock') stack.push(node.call);
      continue;
    }
    stack.push(...childNodesOf(node));
  }
  return false;
}

/** Walks one frame's nodes in source order (Jinja2's FrameSymbolVisitor). */
export class FrameVisitor {
  constructor(public symbols: Symbols) {}

  visitAll(nodes: readonly (Stmt | Expr)[]): void {
    for (const n of nodes) this.visit(n);
  }

  visit(node: Stmt | Expr | null): void {
    if (node === null) return;
    switch (node.kind) {
      case 'Name':
        this.symbols.load(node.name);
        return;
      case 'Set':
        this.visit(node.value);
        this.visitTarget(node.target);
        return;
      case 'BlockSet':
        this.visitTarget(node.target);
        return;
      case 'If': {
        // As Jinja2's visit_If: the body, all the elifs together, and the else are three
        // branches; each elif is an If of its own inside the elif branch (a flat loop, no nesting).
        this.visit(node.test);
        const body = this.branch(() => this.visitAll(node.body));
        const elifs = this.branch(() => {
          for (const elif of node.elifs) {
            this.visit(elif.test);
            const elifBody = this.branch(() => this.visitAll(elif.body));
            this.symbols.branchUpdate([elifBody]);
          }
        });
        const otherwise = this.branch(() => this.visitAll(node.else_ ?? []));
        this.symbols.branchUpdate([body, elifs, otherwise]);
        return;
      }
      case 'For':
        // Only the iterable belongs to this frame; the loop body is its own frame.
        this.visit(node.iter);
        return;
      case 'FilterBlock':
        this.visitFilter(node.filter);
        return;
      case 'Macro':
        this.symbols.store(node.name);
        return;
      case 'CallBlock':
        this.visit(node.call);
        return;
      case 'With':
        for (const b of node.bindings) this.visit(b.value);
        return;
      case 'Block':
      case 'Autoescape':
        // Their bodies are frames of their own.
        return;
      case 'Data':
      case 'Const':
        return;
      case 'Output':
        this.visit(node.expr);
        return;
      case 'Filter':
        this.visitFilter(node);
        return;
      case 'Tuple':
      case 'List':
        this.visitAll(node.items);
        return;
      case 'Dict':
        for (const item of node.items) {
          this.visit(item.key);
          this.visit(item.value);
        }
        return;
      case 'Lookup':
        this.visit(node.target);
        this.visit(node.key);
        return;
      case 'Slice':
        this.visit(node.start);
        this.visit(node.stop);
        this.visit(node.step);
        return;
      case 'Call':
        this.visit(node.callee);
        this.visitAll(argumentNodes(node));
        return;
      case 'Test':
        this.visit(node.node);
        this.visitAll(argumentNodes(node));
        return;
      case 'Binary':
      case 'Concat':
      case 'Logical':
        this.visit(node.left);
        this.visit(node.right);
        return;
      case 'Unary':
      case 'Not':
        this.visit(node.operand);
        return;
      case 'Compare':
        this.visit(node.expr);
        for (const op of node.ops) this.visit(op.expr);
        return;
      case 'CondExpr':
        this.visit(node.test);
        this.visit(node.body);
        this.visit(node.else_);
        return;
      default:
        unreachable(node);
    }
  }

  /** Visits one branch of an if in a copy of the current symbols, which it returns. */
  private branch(visit: () => void): Symbols {
    const original = this.symbols;
    this.symbols = original.copy();
    const rv = this.symbols;
    visit();
    this.symbols = original;
    return rv;
  }

  private visitFilter(node: Expr & { kind: 'Filter' }): void {
    this.visit(node.node);
    this.visitAll(argumentNodes(node));
  }

  visitTarget(target: Target): void {
    switch (target.kind) {
      case 'Name':
        this.symbols.store(target.name);
        return;
      case 'TargetTuple':
        for (const t of target.items) this.visitTarget(t);
        return;
      case 'NamespaceRef':
        this.symbols.load(target.name);
        return;
      default:
        unreachable(target);
    }
  }

  declareTargets(target: Target): void {
    switch (target.kind) {
      case 'Name':
        this.symbols.declareParameter(target.name);
        return;
      case 'TargetTuple':
        for (const t of target.items) this.declareTargets(t);
        return;
      case 'NamespaceRef':
        this.symbols.load(target.name);
        return;
      default:
        unreachable(target);
    }
  }
}
