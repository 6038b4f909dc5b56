// The template AST Conduit's parser (./parse-grammar.ts) builds: one interface per node kind,
// discriminated by `kind`, shaped after Jinja2's own nodes (jinja2/nodes.py). Every consumer
// (analysis, code generation) switches on `kind` exhaustively, so a new node kind is a type
// error everywhere it is not handled yet.
//
// Positions are 0-based (line, col) inside the template text (after Jinja2's newline
// normalisation). An operator node sits at its operator (`.` of `x.y`, `(` of a call); a
// filter or test at its name.

export interface Position {
  readonly line: number;
  readonly col: number;
}

// ---- expressions ------------------------------------------------------------------------------

/** A string, number, boolean or None literal. Numbers keep their source digits (`raw`, no `_`). */
export interface Const extends Position {
  readonly kind: 'Const';
  readonly value: string | number | boolean | null;
  /** Numbers only: the source text without `_` (big ints are decided from it). */
  readonly raw?: string;
  /** Numbers only: written as a float (`1.0`, `1e3`). */
  readonly isFloat?: boolean;
}

export interface Name extends Position {
  readonly kind: 'Name';
  readonly name: string;
}

export interface TupleExpr extends Position {
  readonly kind: 'Tuple';
  readonly items: readonly Expr[];
}

export interface ListExpr extends Position {
  readonly kind: 'List';
  readonly items: readonly Expr[];
}

export interface DictItem {
  readonly key: Expr;
  readonly value: Expr;
}

export interface DictExpr extends Position {
  readonly kind: 'Dict';
  readonly items: readonly DictItem[];
}

/**
 * `x.name` (dot: true, key a string Const at the name), `x.0` (key a number Const),
 * `x[expr]`, `x[a:b:c]` (key a Slice), `x[a, b]` (key a Tuple).
 */
export interface Lookup extends Position {
  readonly kind: 'Lookup';
  readonly target: Expr;
  readonly key: Expr | Slice;
  readonly dot: boolean;
}

export interface Slice extends Position {
  readonly kind: 'Slice';
  readonly start: Expr | null;
  readonly stop: Expr | null;
  readonly step: Expr | null;
}

export interface Keyword extends Position {
  readonly name: string;
  readonly value: Expr;
}

/**
 * The arguments of a call, filter or test, as Jinja2 keeps them: `f(a, k=1, *rest, **opts)` has
 * `rest` in dynArgs and `opts` in dynKwargs (Python's splats, evaluated when the call runs).
 */
export interface Arguments {
  readonly args: readonly Expr[];
  readonly kwargs: readonly Keyword[];
  readonly dynArgs: Expr | null;
  readonly dynKwargs: Expr | null;
}

export interface Call extends Position, Arguments {
  readonly kind: 'Call';
  readonly callee: Expr;
}

/**
 * `node | name(args)`. In a filter block or a block set the innermost filter's `node` is null:
 * it stands for the rendered body (as in Jinja2).
 */
export interface Filter extends Position, Arguments {
  readonly kind: 'Filter';
  readonly name: string;
  readonly node: Expr | null;
}

/** `node is name(args)` / `node is name arg`; `is not` is Not(Test). Positioned at the name. */
export interface Test extends Position, Arguments {
  readonly kind: 'Test';
  readonly name: string;
  readonly node: Expr;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';

export interface Binary extends Position {
  readonly kind: 'Binary';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

/** `a ~ b` */
export interface Concat extends Position {
  readonly kind: 'Concat';
  readonly left: Expr;
  readonly right: Expr;
}

export interface Logical extends Position {
  readonly kind: 'Logical';
  readonly op: 'and' | 'or';
  readonly left: Expr;
  readonly right: Expr;
}

export interface Unary extends Position {
  readonly kind: 'Unary';
  readonly op: '-' | '+';
  readonly operand: Expr;
}

export interface Not extends Position {
  readonly kind: 'Not';
  readonly operand: Expr;
}

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin';

export interface Operand extends Position {
  readonly op: CompareOperator;
  readonly expr: Expr;
}

/** `a < b <= c`, `a in b`, `a not in b`: Python's chained comparison. */
export interface Compare extends Position {
  readonly kind: 'Compare';
  readonly expr: Expr;
  readonly ops: readonly Operand[];
}

/** `body if test else else_`; else_ null when omitted. */
export interface CondExpr extends Position {
  readonly kind: 'CondExpr';
  readonly test: Expr;
  readonly body: Expr;
  readonly else_: Expr | null;
}

export type Expr =
  | Const
  | Name
  | TupleExpr
  | ListExpr
  | DictExpr
  | Lookup
  | Slice
  | Call
  | Filter
  | Test
  | Binary
  | Concat
  | Logical
  | Unary
  | Not
  | Compare
  | CondExpr;

// ---- assignment targets -----------------------------------------------------------------------

/** `{% set ns.attr = … %}`: the only attribute a template may assign. */
export interface NamespaceRef extends Position {
  readonly kind: 'NamespaceRef';
  readonly name: string;
  readonly attr: string;
  /** Position of `attr`. */
  readonly attrLine: number;
  readonly attrCol: number;
}

export interface TargetTuple extends Position {
  readonly kind: 'TargetTuple';
  readonly items: readonly Target[];
}

export type Target = Name | NamespaceRef | TargetTuple;

// ---- statements -------------------------------------------------------------------------------

/** Literal template text (whitespace control already applied). */
export interface Data extends Position {
  readonly kind: 'Data';
  readonly text: string;
}

/** `{{ expr }}` (or one expression of `{% print a, b %}`), positioned at `{{`. */
export interface Output extends Position {
  readonly kind: 'Output';
  readonly expr: Expr;
}

/** One `{% elif test %}body` of an If, positioned at `elif`. */
export interface Elif extends Position {
  readonly test: Expr;
  readonly body: readonly Stmt[];
}

/**
 * `{% if %}…{% elif %}…{% else %}…{% endif %}`. The elifs stay a flat list, as in Jinja2 (a chain
 * of a thousand elifs is one level deep), and every consumer loops over them.
 */
export interface If extends Position {
  readonly kind: 'If';
  readonly test: Expr;
  readonly body: readonly Stmt[];
  readonly elifs: readonly Elif[];
  readonly else_: readonly Stmt[] | null;
}

export interface For extends Position {
  readonly kind: 'For';
  readonly target: Target;
  readonly iter: Expr;
  /** `{% for x in xs if cond %}` */
  readonly filter: Expr | null;
  readonly body: readonly Stmt[];
  readonly else_: readonly Stmt[] | null;
  readonly recursive: boolean;
}

export interface Set extends Position {
  readonly kind: 'Set';
  readonly target: Target;
  readonly value: Expr;
}

/** `{% set x | filters %}body{% endset %}` */
export interface BlockSet extends Position {
  readonly kind: 'BlockSet';
  readonly target: Target;
  readonly filter: Filter | null;
  readonly body: readonly Stmt[];
}

/** `{% filter f | g %}body{% endfilter %}` */
export interface FilterBlock extends Position {
  readonly kind: 'FilterBlock';
  readonly filter: Filter;
  readonly body: readonly Stmt[];
}

export interface Parameter extends Position {
  readonly name: string;
  readonly default: Expr | null;
}

export interface Macro extends Position {
  readonly kind: 'Macro';
  readonly name: string;
  readonly params: readonly Parameter[];
  readonly body: readonly Stmt[];
}

/** `{% call(params) macro(args) %}body{% endcall %}`: body is the `caller` passed to the call. */
export interface CallBlock extends Position {
  readonly kind: 'CallBlock';
  readonly call: Call;
  readonly params: readonly Parameter[];
  readonly body: readonly Stmt[];
}

export interface WithBinding {
  readonly target: Target;
  readonly value: Expr;
}

export interface With extends Position {
  readonly kind: 'With';
  readonly bindings: readonly WithBinding[];
  readonly body: readonly Stmt[];
}

/** A lone `{% block name %}` (no inheritance): renders in place. */
export interface Block extends Position {
  readonly kind: 'Block';
  readonly name: string;
  readonly scoped: boolean;
  readonly body: readonly Stmt[];
}

/** `{% autoescape true|false %}`: switches escaping for its body (a literal boolean). */
export interface Autoescape extends Position {
  readonly kind: 'Autoescape';
  readonly enabled: boolean;
  readonly body: readonly Stmt[];
}

export type Stmt = Data | Output | If | For | Set | BlockSet | FilterBlock | Macro | CallBlock | With | Block | Autoescape;

export interface Root extends Position {
  readonly kind: 'Root';
  readonly body: readonly Stmt[];
}

export type Node = Root | Stmt | Expr | NamespaceRef | TargetTuple;

/** Exhaustiveness check for `switch (node.kind)`. */
export function unreachable(node: never): never {
  throw new Error(`unhandled template node ${JSON.stringify((node as { kind?: unknown }).kind)}`);
}

/** The direct child nodes of a node, in source order (for generic scans: positions, names used). */
export function childNodes(node: Node): Node[] {
  switch (node.kind) {
    case 'Root':
      return [...node.body];
    case 'Const':
    case 'Name':
    case 'Data':
    case 'NamespaceRef':
      return [];
    case 'Tuple':
    case 'List':
    case 'TargetTuple':
      return [...node.items];
    case 'Dict':
      return node.items.flatMap((item) => [item.key, item.value]);
    case 'Lookup':
      return [node.target, node.key];
    case 'Slice':
      return [node.start, node.stop, node.step].filter((n): n is Expr => n !== null);
    case 'Call':
      return [node.callee, ...argumentNodes(node)];
    case 'Filter':
      return [...(node.node === null ? [] : [node.node]), ...argumentNodes(node)];
    case 'Test':
      return [node.node, ...argumentNodes(node)];
    case 'Binary':
    case 'Concat':
    case 'Logical':
      return [node.left, node.right];
    case 'Unary':
    case 'Not':
      return [node.operand];
    case 'Compare':
      return [node.expr, ...node.ops.map((o) => o.expr)];
    case 'CondExpr':
      return [node.body, node.test, ...(node.else_ === null ? [] : [node.else_])];
    case 'Output':
      return [node.expr];
    case 'If':
      return [node.test, ...node.body, ...node.elifs.flatMap((e) => [e.test, ...e.body]), ...(node.else_ ?? [])];
    case 'For':
      return [node.target, node.iter, ...(node.filter === null ? [] : [node.filter]), ...node.body, ...(node.else_ ?? [])];
    case 'Set':
      return [node.target, node.value];
    case 'BlockSet':
      return [node.target, ...(node.filter === null ? [] : [node.filter]), ...node.body];
    case 'FilterBlock':
      return [node.filter, ...node.body];
    case 'Macro':
      return [...node.params.flatMap((p) => (p.default === null ? [] : [p.default])), ...node.body];
    case 'CallBlock':
      return [node.call, ...node.params.flatMap((p) => (p.default === null ? [] : [p.default])), ...node.body];
    case 'With':
      return [...node.bindings.flatMap((b) => [b.target, b.value]), ...node.body];
    case 'Block':
    case 'Autoescape':
      return [...node.body];
    default:
      return unreachable(node);
  }
}

/** The argument expressions of a call, filter or test, in evaluation order (Python's: positionals and `*` first). */
export function argumentNodes(node: Arguments): Expr[] {
  const out: Expr[] = [...node.args];
  if (node.dynArgs !== null) out.push(node.dynArgs);
  for (const k of node.kwargs) out.push(k.value);
  if (node.dynKwargs !== null) out.push(node.dynKwargs);
  return out;
}

/** The filters of a chain, innermost (applied first) first. */
export function filterChain(filter: Filter): Filter[] {
  const chain: Filter[] = [];
  let current: Expr | null = filter;
  while (current !== null && current.kind === 'Filter') {
    chain.unshift(current);
    current = current.node;
  }
  return chain;
}
