// Compiles a template's AST (./ast.ts) to the source of a straight-line JS function
// `(v, env) => string` that renders it with Jinja2 3.1's semantics. The function reaches helpers
// only through the free identifier `rt` (runtime/template/helpers.ts), reads top-level variables
// with `rt.name(v, 'x')`, and appends to one string accumulator. The source is plain JavaScript
// that also type-checks as a TemplateFunction in a generated TypeScript module.
//
// Autoescaping (on unless `autoescape: false`) follows Jinja2 with markupsafe: printed values are
// HTML-escaped unless they are Markup; `~`, macros, `caller()`, block sets and filter blocks
// produce Markup as Jinja2 does.
import {
  GLOBAL_FUNCTIONS,
  LOOP_ATTRIBUTES,
  TESTS,
  DICT_METHOD_NAMES,
  type BuiltinSignature,
} from '../../runtime/template/vocabulary.js';
import {
  argumentNodes,
  filterChain,
  unreachable,
  type Arguments,
  type Call,
  type Compare,
  type CompareOperator,
  type Const,
  type DictExpr,
  type DictItem,
  type Expr,
  type Filter,
  type For,
  type If,
  type Logical,
  type Lookup,
  type CallBlock,
  type Name,
  type Node,
  type Parameter,
  type Root,
  type Stmt,
  type Target,
  type Test,
  childNodes,
} from './ast.js';
import { TemplateCompileError, type TemplateCompileErrorCode } from './compile-error.js';
import { FrameVisitor, Symbols, readsName, type Load } from './compile-symbols.js';
import { attributeNames, filterEntry, filterSlots } from './filter-slots.js';
import { LiteralPool, type TemplateShape } from './literal-pool.js';
import { isUnsafeMemberName, isUnsafeVariableName } from './unsafe-names.js';

export interface CompileTemplateOptions {
  /** The template text as written (for messages). */
  readonly source: string;
  /**
   * Top-level variables the caller will provide. When given, any other name that is not a
   * global compiles to Undefined without a lookup.
   */
  readonly contextNames?: readonly string[];
  /** HTML autoescaping (Jinja2's `autoescape=True`); on unless false. */
  readonly autoescape?: boolean;
}

export interface CompiledTemplateSource {
  /** Source of `(v, env) => { ... }`. */
  readonly code: string;
  /** The exact output when the template has no expressions, else null. */
  readonly constant: string | null;
  /** The same function with its literals taken out (./literal-pool.ts), or null when it has none. */
  readonly shape: TemplateShape | null;
}

/** 'str': a plain JS string (never Markup); 'bool': a JS boolean; 'any': any template value. */
type Kind = 'str' | 'bool' | 'any';
interface Code {
  readonly code: string;
  readonly kind: Kind;
  /** Code giving the printed text directly (Markup-returning filters), when cheaper. */
  readonly text?: string;
  /** Code giving the printed text with autoescaping on, when cheaper than escaping `code`'s value. */
  readonly escaped?: string;
}

/** What `loop.*` compiles to inside a loop body whose `loop` is only read statically. */
interface LoopInfo {
  readonly items: string;
  readonly length: string;
  readonly index: string;
  /** LoopContext variable when `loop` is used as a value, else null. */
  readonly object: string | null;
  /** State variable for loop.changed(), or null. */
  readonly changed: string | null;
}

/** Longest `if … else if` chain emitted as such (longer ones become a labeled block). */
const MAX_ELSE_IF_CHAIN = 32;

const STATIC_LOOP_ATTRS: ReadonlySet<string> = new Set(LOOP_ATTRIBUTES);
const DICT_METHODS: ReadonlySet<string> = new Set(DICT_METHOD_NAMES);
const GLOBALS: ReadonlySet<string> = new Set(GLOBAL_FUNCTIONS);

/** A JS string literal the generator keeps in the code (structure, not template data). */
function jsString(value: string): string {
  return JSON.stringify(value);
}

function sanitize(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `u${[...name].map((c) => c.codePointAt(0)!.toString(16)).join('_')}`;
}

/** markupsafe.escape for text known at compile time. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>'"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&#34;' })[c]!);
}

/** Characters tojson writes inside quotes as they are: printable ASCII but " \\ < > & '. */
const PLAIN_JSON_TEXT = /^[\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

/** The JSON text tojson writes for a str known at compile time, when no character needs escaping. */
function plainJsonString(text: string): string | null {
  return PLAIN_JSON_TEXT.test(text) ? `"${text}"` : null;
}

/**
 * A dict literal whose keys are distinct str constants tojson writes unescaped: its items in the
 * order json.dumps(sort_keys=True) writes them (code point order, which is code unit order for
 * ASCII), else null.
 */
function sortedPlainItems(node: DictExpr): DictItem[] | null {
  const keys = new Set<string>();
  for (const item of node.items) {
    const key = item.key;
    if (key.kind !== 'Const' || typeof key.value !== 'string' || plainJsonString(key.value) === null || keys.has(key.value)) return null;
    keys.add(key.value);
  }
  return [...node.items].sort((a, b) => ((a.key as Const).value! < (b.key as Const).value! ? -1 : 1));
}

function testEntry(name: string): BuiltinSignature | undefined {
  return Object.prototype.hasOwnProperty.call(TESTS, name) ? (TESTS as Record<string, BuiltinSignature>)[name] : undefined;
}

/** Concatenated text when the template is plain text, else null. */
function constantOf(ast: Root): string | null {
  let out = '';
  for (const child of ast.body) {
    if (child.kind !== 'Data') return null;
    out += child.text;
  }
  return out;
}

/** Every name the template assigns (set/loop/with targets, macros, parameters, `loop`). */
function assignedNames(root: Root): Set<string> {
  const out = new Set<string>();
  const addTarget = (t: Target): void => {
    if (t.kind === 'Name') out.add(t.name);
    else if (t.kind === 'TargetTuple') t.items.forEach(addTarget);
  };
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.kind) {
      case 'Set':
      case 'BlockSet':
        addTarget(n.target);
        break;
      case 'For':
        addTarget(n.target);
        out.add('loop');
        break;
      case 'With':
        n.bindings.forEach((b) => addTarget(b.target));
        break;
      case 'Macro':
        out.add(n.name);
        n.params.forEach((p) => out.add(p.name));
        ['caller', 'varargs', 'kwargs'].forEach((s) => out.add(s));
        break;
      case 'CallBlock':
        n.params.forEach((p) => out.add(p.name));
        ['caller', 'varargs', 'kwargs'].forEach((s) => out.add(s));
        break;
      default:
        break;
    }
    stack.push(...childNodes(n));
  }
  return out;
}

interface LoopUsage {
  used: boolean;
  dynamic: boolean;
  changed: boolean;
}

function isLoopName(node: Expr): boolean {
  return node.kind === 'Name' && node.name === 'loop';
}

/** How a loop body uses its `loop` variable (nested loop bodies have their own). */
function loopUsage(nodes: readonly Node[]): LoopUsage {
  const usage: LoopUsage = { used: false, dynamic: false, changed: false };
  const walk = (n: Node): void => {
    if (n.kind === 'For') {
      walk(n.iter);
      if (n.filter !== null) walk(n.filter);
      n.else_?.forEach(walk);
      return;
    }
    if (n.kind === 'Lookup' && isLoopName(n.target)) {
      usage.used = true;
      if (!(n.key.kind === 'Const' && n.dot && STATIC_LOOP_ATTRS.has(n.key.value as string))) usage.dynamic = true;
      if (n.key.kind !== 'Const') walk(n.key);
      return;
    }
    if (n.kind === 'Call' && n.callee.kind === 'Lookup' && n.callee.dot && isLoopName(n.callee.target) && n.callee.key.kind === 'Const') {
      const method = n.callee.key.value;
      usage.used = true;
      if ((method === 'cycle' || method === 'changed') && n.kwargs.length === 0 && n.dynKwargs === null) {
        if (method === 'changed') usage.changed = true;
      } else {
        usage.dynamic = true;
      }
      argumentNodes(n).forEach(walk);
      return;
    }
    if (n.kind === 'Name' && n.name === 'loop') {
      usage.used = true;
      usage.dynamic = true;
      return;
    }
    // A macro defined in the loop may read `loop` later, when `loop` has moved on: a value then.
    if (n.kind === 'Macro' || n.kind === 'CallBlock') {
      if (readsName(n.body, 'loop')) {
        usage.used = true;
        usage.dynamic = true;
      }
      if (n.kind === 'CallBlock') walk(n.call);
      return;
    }
    childNodes(n).forEach(walk);
  };
  nodes.forEach(walk);
  return usage;
}

/** One JS function being generated (the template, a macro, a recursive loop): its temporaries. */
interface FunctionScope {
  readonly temps: string[];
  /** Index in `lines` where the function's `let` declarations go. */
  readonly declareAt: number;
  readonly depth: number;
}

class Generator {
  private lines: string[] = [];
  private depth = 1;
  private counter = 0;
  private readonly hoisted = new Map<string, string>();
  private readonly loops = new Map<string, LoopInfo>();
  private readonly assigned: ReadonlySet<string>;
  private readonly contextNames: ReadonlySet<string> | null;
  private symbols: Symbols;
  private readonly rootSymbols: Symbols;
  private out = 'o';
  private autoescape: boolean;
  /** While compiling a filter block's / block set's filters: the Markup-or-str its body gave. */
  private captureValue: Code | null = null;
  private scope: FunctionScope = { temps: [], declareAt: 0, depth: 1 };
  readonly pool = new LiteralPool();

  constructor(
    private readonly ast: Root,
    options: CompileTemplateOptions,
  ) {
    this.assigned = assignedNames(ast);
    this.contextNames = options.contextNames === undefined ? null : new Set(options.contextNames);
    this.autoescape = options.autoescape !== false;
    this.symbols = this.newFrame(null);
    this.rootSymbols = this.symbols;
  }

  private newFrame(parent: Symbols | null): Symbols {
    return new Symbols(
      parent,
      (level, name) => `l${level}_${sanitize(name)}`,
      (name) => this.assigned.has(name),
    );
  }

  private fail(code: TemplateCompileErrorCode, message: string, node: { line: number; col: number }): never {
    throw new TemplateCompileError(code, message, node.line, node.col);
  }

  private emit(line: string): void {
    this.lines.push('  '.repeat(this.depth) + line);
  }

  /** A string from the template: a reference into the literal pool (./literal-pool.ts). */
  private lit(value: string): string {
    return this.pool.string(value);
  }

  private temp(): string {
    const name = `k${++this.counter}`;
    this.scope.temps.push(name);
    return name;
  }

  private next(): number {
    return ++this.counter;
  }

  compile(): string {
    this.scope = { temps: [], declareAt: 0, depth: 1 };
    new FrameVisitor(this.symbols).visitAll(this.ast.body);
    this.emitDeclarations(this.symbols);
    this.statements(this.ast.body);
    const head: string[] = ['(v, env) => {', '  rt.beginRender();', '  let o = "";'];
    for (const t of this.scope.temps) head.push(`  let ${t} = rt.nothing;`);
    for (const [name, ident] of this.hoisted) head.push(`  const ${ident} = ${this.contextRead(name)};`);
    return [...head, ...this.lines, '  return o;', '}'].join('\n');
  }

  /** Emits `open`, a nested JS function body (own temporaries), then `close`. */
  private functionBody(open: string, close: string, body: () => void): void {
    this.emit(open);
    const saved = this.scope;
    this.depth++;
    this.scope = { temps: [], declareAt: this.lines.length, depth: this.depth };
    body();
    const decls = this.scope.temps.map((t) => `${'  '.repeat(this.scope.depth)}let ${t} = rt.nothing;`);
    this.lines.splice(this.scope.declareAt, 0, ...decls);
    this.scope = saved;
    this.depth--;
    this.emit(close);
  }

  private contextRead(name: string): string {
    if (this.contextNames === null || this.contextNames.has(name)) return `rt.name(v, ${this.lit(name)})`;
    return GLOBALS.has(name) ? `rt.global(${this.lit(name)})` : `rt.undef(${this.lit(name)})`;
  }

  /** `name` is Jinja2's/Conduit's global itself: no local and, the context names being known, no context variable has it. */
  private isFixedGlobal(name: string): boolean {
    return this.contextNames !== null && !this.contextNames.has(name) && GLOBALS.has(name) && this.symbols.findRef(name) === null;
  }

  /** `let` for each variable a frame declares, initialised as Jinja2 does at frame entry. */
  private emitDeclarations(frame: Symbols): void {
    for (const [ident, load] of frame.loads) {
      const init = this.initialValue(load);
      if (init !== null) this.emit(`let ${ident} = ${init};`);
    }
  }

  private initialValue(load: Load): string | null {
    switch (load.kind) {
      case 'param':
        return null;
      case 'resolve':
        return this.contextRead(load.name);
      case 'alias':
        return load.ref;
      case 'undefined':
        return `rt.undef(${this.lit(load.name)})`;
    }
  }

  // ---- statements ----------------------------------------------------------------------------

  private statements(nodes: readonly Stmt[]): void {
    for (const node of nodes) this.statement(node);
  }

  /** Appends a value to the current output, escaped when autoescaping is on. */
  private write(e: Code): void {
    this.emit(`${this.out} += ${this.printed(e)};`);
  }

  private printed(e: Code): string {
    if (e.text !== undefined) return e.text;
    if (!this.autoescape) return e.kind === 'str' ? e.code : `rt.str(${e.code})`;
    if (e.escaped !== undefined) return e.escaped;
    if (e.kind === 'bool') return `rt.str(${e.code})`;
    return e.kind === 'str' ? `rt.escapeStr(${e.code})` : `rt.escape(${e.code})`;
  }

  private statement(node: Stmt): void {
    switch (node.kind) {
      case 'Data':
        if (node.text !== '') this.emit(`${this.out} += ${this.lit(node.text)};`);
        return;
      case 'Output': {
        const e = node.expr;
        if (e.kind === 'Const' && typeof e.value === 'string') {
          const text = this.autoescape ? escapeHtml(e.value) : e.value;
          if (text !== '') this.emit(`${this.out} += ${this.lit(text)};`);
          return;
        }
        this.write(this.expr(e));
        return;
      }
      case 'If':
        this.ifStatement(node);
        return;
      case 'For':
        this.forStatement(node);
        return;
      case 'Set':
        this.checkTarget(node.target);
        this.assign(node.target, this.expr(node.value).code);
        return;
      case 'BlockSet':
        this.checkTarget(node.target);
        this.assign(node.target, this.captured(node.body, node.filter));
        return;
      case 'FilterBlock':
        this.write({ code: this.captured(node.body, node.filter), kind: 'any' });
        return;
      case 'Macro':
        this.checkName(node.name, node);
        this.emit(`${this.symbols.findRef(node.name)!} = ${this.macroValue(node.name, node.params, node.body, node)};`);
        return;
      case 'CallBlock':
        this.callBlock(node);
        return;
      case 'With':
        this.withStatement(node.bindings, node.body);
        return;
      case 'Block': {
        // A lone block renders in place: its own frame, seeing only template-level names
        // unless `scoped` (Jinja2 renders it with the template's context).
        const frame = this.newFrame(node.scoped ? this.symbols : this.rootSymbols);
        this.innerFrame(frame, node.body);
        return;
      }
      case 'Autoescape': {
        const saved = this.autoescape;
        this.autoescape = node.enabled;
        this.innerFrame(this.newFrame(this.symbols), node.body);
        this.autoescape = saved;
        return;
      }
      default:
        unreachable(node);
    }
  }

  /** Compiles `body` in `frame` inside a JS block. */
  private innerFrame(frame: Symbols, body: readonly Stmt[], bind?: () => void): void {
    new FrameVisitor(frame).visitAll(body);
    this.emit('{');
    this.block(() => {
      bind?.();
      this.withFrame(frame, () => {
        this.emitDeclarations(frame);
        this.statements(body);
      });
    });
    this.emit('}');
  }

  /**
   * `if`/`elif`/`else` as one `if … else if … else` chain. V8's parser nests on every `else if`
   * and runs out of stack near a few thousand, so a long chain (Jinja2 takes any number of
   * elifs) becomes a labeled block instead: each branch that runs breaks out of it.
   */
  private ifStatement(node: If): void {
    const branches = [{ test: node.test, body: node.body }, ...node.elifs];
    const otherwise = node.else_;
    if (branches.length <= MAX_ELSE_IF_CHAIN) {
      branches.forEach((branch, index) => {
        this.emit(`${index === 0 ? '' : '} else '}if (${this.boolOf(this.expr(branch.test))}) {`);
        this.block(() => this.statements(branch.body));
      });
      if (otherwise !== null) {
        this.emit('} else {');
        this.block(() => this.statements(otherwise));
      }
      this.emit('}');
      return;
    }
    const label = `b${this.next()}`;
    this.emit(`${label}: {`);
    this.block(() => {
      for (const branch of branches) {
        this.emit(`if (${this.boolOf(this.expr(branch.test))}) {`);
        this.block(() => {
          this.statements(branch.body);
          this.emit(`break ${label};`);
        });
        this.emit('}');
      }
      if (otherwise !== null) this.statements(otherwise);
    });
    this.emit('}');
  }

  private block(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
  }

  private withFrame<T>(frame: Symbols, body: () => T): T {
    const saved = this.symbols;
    this.symbols = frame;
    try {
      return body();
    } finally {
      this.symbols = saved;
    }
  }

  private checkName(name: string, at: { line: number; col: number }): void {
    if (isUnsafeVariableName(name)) this.fail('template-unsafe-name', `'${name}' cannot be used as a variable name`, at);
  }

  private checkTarget(target: Target): void {
    switch (target.kind) {
      case 'Name':
        this.checkName(target.name, target);
        return;
      case 'TargetTuple':
        target.items.forEach((t) => this.checkTarget(t));
        return;
      case 'NamespaceRef':
        if (isUnsafeMemberName(target.attr)) this.fail('template-unsafe-member', `'${target.attr}' cannot be assigned`, { line: target.attrLine, col: target.attrCol });
        return;
      default:
        unreachable(target);
    }
  }

  /** Declares loop/unpack/with targets from `source` (a `let` in the current JS block). */
  private bindTargets(target: Target, source: string, frame: Symbols): void {
    switch (target.kind) {
      case 'Name':
        this.checkName(target.name, target);
        this.emit(`let ${frame.findRef(target.name)!} = ${source};`);
        return;
      case 'TargetTuple': {
        const u = `u${this.next()}`;
        this.emit(`const ${u} = rt.unpack(${source}, ${target.items.length});`);
        target.items.forEach((t, i) => this.bindTargets(t, `${u}[${i}]`, frame));
        return;
      }
      case 'NamespaceRef':
        return this.fail('template-unsupported', "can't assign to a namespace attribute here", target);
      default:
        unreachable(target);
    }
  }

  private assign(target: Target, value: string): void {
    switch (target.kind) {
      case 'Name':
        this.emit(`${this.symbols.findRef(target.name)!} = ${value};`);
        return;
      case 'TargetTuple': {
        const u = `u${this.next()}`;
        this.emit(`const ${u} = rt.unpack(${value}, ${target.items.length});`);
        target.items.forEach((t, i) => this.assign(t, `${u}[${i}]`));
        return;
      }
      case 'NamespaceRef': {
        const ns = this.read({ kind: 'Name', name: target.name, line: target.line, col: target.col });
        this.emit(`rt.setAttr(${ns}, ${this.lit(target.attr)}, ${value});`);
        return;
      }
      default:
        unreachable(target);
    }
  }

  private forStatement(node: For): void {
    const { target, body } = node;
    if (body.some((n) => (n.kind === 'Set' || n.kind === 'BlockSet') && n.target.kind === 'Name' && n.target.name === 'loop')) {
      this.fail('template-unsupported', "Can't assign to special loop variable in for-loop target", node);
    }
    this.checkTarget(target);
    const iterable = this.expr(node.iter);
    if (!node.recursive) {
      this.emit('{');
      this.block(() => this.loopBody(node, iterable.code, null));
      this.emit('}');
      return;
    }
    // A recursive loop is a function of (items, depth) that `loop(items)` calls again.
    const id = this.next();
    const fn = `R${id}`;
    const acc = `o${id}`;
    const savedOut = this.out;
    // Defaults give the parameters their types in a generated TypeScript module (the call always passes both).
    this.functionBody(`const ${fn} = (items = rt.nothing, depth = 1) => {`, '};', () => {
      this.emit(`let ${acc} = "";`);
      this.out = acc;
      this.loopBody(node, 'items', fn);
      this.out = savedOut;
      this.emit(`return ${this.autoescape ? `rt.markup(${acc})` : acc};`);
    });
    this.write({ code: `${fn}(${iterable.code}, 1)`, kind: this.autoescape ? 'any' : 'str' });
  }

  /** The loop over `source` (code of the iterable); `recurse` names the recursive function. */
  private loopBody(node: For, source: string, recurse: string | null): void {
    const { target, body, filter } = node;
    const id = this.next();
    const a = `a${id}`;
    const n = `n${id}`;
    const i = `i${id}`;
    if (filter !== null) {
      const s = `s${id}`;
      const j = `j${id}`;
      this.emit(`const ${s} = rt.iter(${source});`);
      this.emit(`const ${a} = rt.newList();`);
      this.emit(`for (let ${j} = 0; ${j} < ${s}.length; ${j}++) {`);
      this.block(() => {
        const testFrame = this.newFrame(this.symbols);
        const visitor = new FrameVisitor(testFrame);
        visitor.declareTargets(target);
        visitor.visit(filter);
        this.bindTargets(target, `${s}[${j}]`, testFrame);
        this.withFrame(testFrame, () => {
          this.emitDeclarations(testFrame);
          this.emit(`if (${this.boolOf(this.expr(filter))}) ${a}.push(${s}[${j}]);`);
        });
      });
      this.emit('}');
    } else {
      this.emit(`const ${a} = rt.iter(${source});`);
    }
    this.emit(`const ${n} = ${a}.length;`);
    const usage = loopUsage(body);
    const frame = this.newFrame(this.symbols);
    const visitor = new FrameVisitor(frame);
    visitor.declareTargets(target);
    const loopRef = usage.used || recurse !== null ? frame.declareParameter('loop') : null;
    visitor.visitAll(body);
    const object = usage.dynamic || recurse !== null ? `L${id}` : null;
    const changed = usage.changed && object === null ? `c${id}` : object;
    if (object !== null) this.emit(`const ${object} = rt.loop(${a}${recurse !== null ? `, depth, ${recurse}` : ''});`);
    else if (changed !== null) this.emit(`const ${changed} = rt.changedState();`);
    this.emit(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
    this.block(() => {
      this.emit('rt.chargeWork(1);');
      this.bindTargets(target, `${a}[${i}]`, frame);
      if (loopRef !== null) {
        this.loops.set(loopRef, { items: a, length: n, index: i, object, changed });
        if (object !== null) {
          this.emit(`${object}.index0 = ${i};`);
          this.emit(`let ${loopRef} = ${object};`);
        }
      }
      this.withFrame(frame, () => {
        this.emitDeclarations(frame);
        this.statements(body);
      });
    });
    this.emit('}');
    if (node.else_ !== null) {
      const elseBody = node.else_;
      this.emit(`if (${n} === 0) {`);
      this.block(() => {
        const elseFrame = this.newFrame(this.symbols);
        new FrameVisitor(elseFrame).visitAll(elseBody);
        this.withFrame(elseFrame, () => {
          this.emitDeclarations(elseFrame);
          this.statements(elseBody);
        });
      });
      this.emit('}');
    }
  }

  private withStatement(bindings: readonly { target: Target; value: Expr }[], body: readonly Stmt[]): void {
    const frame = this.newFrame(this.symbols);
    const visitor = new FrameVisitor(frame);
    for (const b of bindings) {
      this.checkTarget(b.target);
      visitor.declareTargets(b.target);
    }
    this.emit('{');
    this.block(() => {
      // Values are evaluated in the enclosing frame, in order.
      const values = bindings.map((b) => {
        const w = `w${this.next()}`;
        this.emit(`const ${w} = ${this.expr(b.value).code};`);
        return w;
      });
      bindings.forEach((b, index) => this.bindTargets(b.target, values[index]!, frame));
      visitor.visitAll(body);
      this.withFrame(frame, () => {
        this.emitDeclarations(frame);
        this.statements(body);
      });
    });
    this.emit('}');
  }

  /**
   * A macro (or a call block's `caller`) as an `rt.macro(...)` value: a JS function of its
   * parameters (then caller, kwargs, varargs when the body reads them), rendering into its own
   * accumulator in its own frame that closes over the defining one.
   */
  private macroValue(name: string | null, params: readonly Parameter[], body: readonly Stmt[], at: { line: number; col: number }): string {
    for (const p of params) this.checkName(p.name, p);
    const explicitCaller = params.findIndex((p) => p.name === 'caller');
    const readsCaller = readsName(body, 'caller');
    if (readsCaller && explicitCaller >= 0 && params[explicitCaller]!.default === null) {
      this.fail('template-unsupported', 'When defining macros or call blocks the special "caller" argument must be omitted or be given a default.', at);
    }
    const names = params.map((p) => p.name);
    const catchCaller = readsCaller && explicitCaller < 0;
    const catchKwargs = readsName(body, 'kwargs') && !names.includes('kwargs');
    const catchVarargs = readsName(body, 'varargs') && !names.includes('varargs');
    const frame = this.newFrame(this.symbols);
    const visitor = new FrameVisitor(frame);
    const refs = params.map((p) => frame.declareParameter(p.name));
    if (catchCaller) refs.push(frame.declareParameter('caller'));
    if (catchKwargs) refs.push(frame.declareParameter('kwargs'));
    if (catchVarargs) refs.push(frame.declareParameter('varargs'));
    for (const p of params) if (p.default !== null) visitor.visit(p.default);
    visitor.visitAll(body);
    const id = this.next();
    const fn = `M${id}`;
    const acc = `o${id}`;
    const flags = `${catchCaller ? 1 : 0} | ${catchKwargs ? 2 : 0} | ${catchVarargs ? 4 : 0} | ${explicitCaller >= 0 ? 8 : 0}`;
    const savedOut = this.out;
    const savedCapture = this.captureValue;
    this.captureValue = null;
    // The default types each parameter in a generated TypeScript module: rt.macro always passes
    // every one (rt.missing for a parameter the call left out).
    this.functionBody(`const ${fn} = (${refs.map((r) => `${r} = rt.missing`).join(', ')}) => {`, '};', () => {
      this.withFrame(frame, () => {
        this.emitDeclarations(frame);
        params.forEach((p, index) => {
          const ref = refs[index]!;
          let fallback = p.default === null ? `rt.missingParameter(${this.lit(p.name)})` : this.expr(p.default).code;
          // A default naming a later parameter sees it only when passed, else undefined (Jinja2).
          const later = params.slice(index + 1).map((q, j) => [q.name, refs[index + 1 + j]!] as const).filter(([, r]) => new RegExp(`\\b${r}\\b`).test(fallback));
          if (later.length > 0) {
            const seen = later.map(([name, r]) => `${r} === rt.missing ? rt.undef(${this.lit(name)}) : ${r}`);
            fallback = `((${later.map(([, r]) => r).join(', ')}) => ${fallback})(${seen.join(', ')})`;
          }
          this.emit(`if (${ref} === rt.missing) ${ref} = ${fallback};`);
        });
        this.emit(`let ${acc} = "";`);
        this.out = acc;
        this.statements(body);
        this.out = savedOut;
        this.emit(`return ${acc};`);
      });
    });
    this.captureValue = savedCapture;
    return `rt.macro(${name === null ? 'null' : this.lit(name)}, [${names.map((n) => this.lit(n)).join(', ')}], ${params.filter((p) => p.default !== null).length}, ${flags}, ${this.autoescape}, ${fn})`;
  }

  private callBlock(node: CallBlock): void {
    const caller = `C${this.next()}`;
    // Jinja2's caller is an anonymous macro (its name is None).
    this.emit(`const ${caller} = ${this.macroValue(null, node.params, node.body, node)};`);
    this.write(this.call(node.call, caller));
  }

  /**
   * A filter block / block set: renders the body into its own accumulator in its own frame, then
   * applies the filters (evaluated in that frame, as Jinja2 does). Returns the result variable.
   */
  private captured(body: readonly Stmt[], filter: Filter | null): string {
    const id = this.next();
    const acc = `o${id}`;
    const result = `r${id}`;
    const frame = this.newFrame(this.symbols);
    const visitor = new FrameVisitor(frame);
    visitor.visitAll(body);
    if (filter !== null) for (const f of filterChain(filter)) for (const arg of argumentNodes(f)) visitor.visit(arg);
    this.emit(`let ${acc} = "";`);
    this.emit(`let ${result} = rt.nothing;`);
    this.emit('{');
    this.block(() => {
      const savedOut = this.out;
      this.out = acc;
      this.withFrame(frame, () => {
        this.emitDeclarations(frame);
        this.statements(body);
        this.out = savedOut;
        const bodyValue: Code = this.autoescape ? { code: `rt.markup(${acc})`, kind: 'any' } : { code: acc, kind: 'str' };
        if (filter === null) {
          this.emit(`${result} = ${bodyValue.code};`);
        } else {
          const savedCapture = this.captureValue;
          this.captureValue = bodyValue;
          this.emit(`${result} = ${this.expr(filter).code};`);
          this.captureValue = savedCapture;
        }
      });
      this.out = savedOut;
    });
    this.emit('}');
    return result;
  }

  // ---- expressions ---------------------------------------------------------------------------

  private strOf(e: Code): string {
    if (e.text !== undefined) return e.text;
    return e.kind === 'str' ? e.code : `rt.str(${e.code})`;
  }

  private boolOf(e: Code): string {
    return e.kind === 'bool' ? e.code : `rt.truthy(${e.code})`;
  }

  private expr(node: Expr): Code {
    switch (node.kind) {
      case 'Const':
        return this.literal(node);
      case 'Name':
        return { code: this.read(node), kind: 'any' };
      case 'List':
        return { code: `[${node.items.map((c) => this.expr(c).code).join(', ')}]`, kind: 'any' };
      case 'Tuple':
        return { code: `rt.tuple([${node.items.map((c) => this.expr(c).code).join(', ')}])`, kind: 'any' };
      case 'Dict':
        return { code: `rt.dict([${node.items.map((item) => `${this.expr(item.key).code}, ${this.expr(item.value).code}`).join(', ')}])`, kind: 'any' };
      case 'Lookup':
        return this.lookup(node);
      case 'Slice':
        return this.fail('template-unsupported', 'a slice is only valid inside [ ]', node);
      case 'Call':
        return this.call(node, null);
      case 'Filter':
        return this.filter(node);
      case 'Test':
        return this.test(node);
      case 'Not':
        return { code: `!${this.boolOf(this.expr(node.operand))}`, kind: 'bool' };
      case 'Logical':
        return this.logical(node);
      case 'CondExpr': {
        const cond = this.boolOf(this.expr(node.test));
        const body = this.expr(node.body);
        const otherwise = node.else_ === null ? null : this.expr(node.else_);
        const kind: Kind = otherwise !== null && body.kind === otherwise.kind ? body.kind : 'any';
        return { code: `(${cond} ? ${body.code} : ${otherwise === null ? 'rt.condUndefined()' : otherwise.code})`, kind };
      }
      case 'Compare':
        return this.compare(node);
      case 'Binary': {
        const fn = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '//': 'floordiv', '%': 'mod', '**': 'pow' }[node.op];
        return { code: `rt.${fn}(${this.expr(node.left).code}, ${this.expr(node.right).code})`, kind: 'any' };
      }
      case 'Concat': {
        const left = this.expr(node.left);
        const right = this.expr(node.right);
        // With autoescaping, `~` gives Markup when either side is Markup (markup_join).
        if (this.autoescape && !(left.kind !== 'any' && right.kind !== 'any')) {
          return { code: `rt.concat(${left.code}, ${right.code})`, kind: 'any' };
        }
        return { code: `(${this.strOf(left)} + ${this.strOf(right)})`, kind: 'str' };
      }
      case 'Unary':
        return { code: `rt.${node.op === '-' ? 'neg' : 'pos'}(${this.expr(node.operand).code})`, kind: 'any' };
      default:
        return unreachable(node);
    }
  }

  private literal(node: Const): Code {
    const value = node.value;
    if (typeof value === 'string') return { code: this.lit(value), kind: 'str' };
    if (value === null) return { code: 'null', kind: 'any' };
    if (typeof value === 'boolean') return { code: String(value), kind: 'bool' };
    if (node.isFloat === true) {
      if (!Number.isFinite(value)) return { code: '(1 / 0)', kind: 'any' };
      const text = this.pool.number(String(value));
      return { code: Number.isInteger(value) ? `rt.float(${text})` : text, kind: 'any' };
    }
    const big = node.raw === undefined ? BigInt(value) : BigInt(node.raw);
    const safe = big >= -9007199254740991n && big <= 9007199254740991n;
    return { code: safe ? this.pool.number(String(Number(big))) : `${big}n`, kind: 'any' };
  }

  /** A variable read: the frame's variable, a value read once from the context, or a loop's. */
  private read(node: Name): string {
    const name = node.name;
    if (isUnsafeVariableName(name)) this.fail('template-unsafe-name', `'${name}' is not available in templates`, node);
    const ref = this.symbols.findRef(name);
    if (ref !== null) {
      const loop = this.loops.get(ref);
      if (loop !== undefined && loop.object === null) {
        // `loop` used only as loop.<attr> compiles inline; reaching here means a bare use.
        return this.fail('template-unsupported', "'loop' used as a value", node);
      }
      return ref;
    }
    let ident = this.hoisted.get(name);
    if (ident === undefined) {
      ident = `g${this.hoisted.size + 1}_${sanitize(name)}`;
      this.hoisted.set(name, ident);
      // Pooled at first use (its read is written at the top later): the tables follow the text.
      this.lit(name);
    }
    return ident;
  }

  private staticLoop(target: Expr): LoopInfo | null {
    if (!isLoopName(target)) return null;
    const ref = this.symbols.findRef('loop');
    const info = ref === null ? undefined : this.loops.get(ref);
    return info !== undefined && info.object === null ? info : null;
  }

  private loopAttribute(info: LoopInfo, attr: string): Code {
    const { items: a, length: n, index: i } = info;
    switch (attr) {
      case 'index':
        return { code: `(${i} + 1)`, kind: 'any' };
      case 'index0':
        return { code: i, kind: 'any' };
      case 'revindex':
        return { code: `(${n} - ${i})`, kind: 'any' };
      case 'revindex0':
        return { code: `(${n} - ${i} - 1)`, kind: 'any' };
      case 'first':
        return { code: `(${i} === 0)`, kind: 'bool' };
      case 'last':
        return { code: `(${i} === ${n} - 1)`, kind: 'bool' };
      case 'length':
        return { code: n, kind: 'any' };
      case 'depth':
        return { code: '1', kind: 'any' };
      case 'depth0':
        return { code: '0', kind: 'any' };
      case 'previtem':
        return { code: `(${i} > 0 ? ${a}[${i} - 1] : rt.noPrevItem())`, kind: 'any' };
      default:
        return { code: `(${i} < ${n} - 1 ? ${a}[${i} + 1] : rt.noNextItem())`, kind: 'any' };
    }
  }

  private lookup(node: Lookup): Code {
    const key = node.key;
    const loop = this.staticLoop(node.target);
    if (loop !== null && node.dot && key.kind === 'Const' && STATIC_LOOP_ATTRS.has(key.value as string)) {
      return this.loopAttribute(loop, key.value as string);
    }
    if (key.kind === 'Slice') {
      const obj = this.expr(node.target).code;
      const part = (p: Expr | null): string => (p === null ? 'null' : this.expr(p).code);
      return { code: `rt.slice(${obj}, ${part(key.start)}, ${part(key.stop)}, ${part(key.step)})`, kind: 'any' };
    }
    if (key.kind === 'Const' && typeof key.value === 'string') {
      const name = key.value;
      if (isUnsafeMemberName(name)) this.fail('template-unsafe-member', `access to '${name}' is not allowed`, key);
      // A name no dict method shares reads a dict's key directly (the common case: JSON data);
      // `x.items` reads the method first, `x['items']` the key first.
      const special = DICT_METHODS.has(name) || name === 'by_id';
      const fn = special ? (node.dot ? 'attr' : 'item') : 'key';
      const target = node.target;
      // `(body|from_json).token`: the member is read without building the dict around it.
      if (fn === 'key' && target.kind === 'Filter' && target.name === 'from_json' && target.node !== null && target.args.length === 0 && target.kwargs.length === 0 && target.dynArgs === null && target.dynKwargs === null) {
        return { code: `rt.fromJsonKey(${this.expr(target.node).code}, ${this.lit(name)})`, kind: 'any' };
      }
      return { code: `rt.${fn}(${this.expr(target).code}, ${this.lit(name)})`, kind: 'any' };
    }
    const obj = this.expr(node.target).code;
    return { code: `rt.item(${obj}, ${this.expr(key).code})`, kind: 'any' };
  }

  /** The positional arguments as an array; `rt.spread` appends the items of a `*rest` splat. */
  private argsCode(node: Arguments): string {
    const written = `[${node.args.map((a) => this.expr(a).code).join(', ')}]`;
    return node.dynArgs === null ? written : `rt.spread(${written}, ${this.expr(node.dynArgs).code})`;
  }

  /**
   * The keyword arguments as a Map (or null), `caller` being a call block's caller; `rt.spreadKw`
   * adds the entries of a `**opts` splat after them, as Python does (a repeated name is a TypeError).
   */
  private kwCode(node: Arguments, caller: string | null = null): string {
    const parts = node.kwargs.map((k) => `${this.lit(k.name)}, ${this.expr(k.value).code}`);
    if (caller !== null) parts.push(`"caller", ${caller}`);
    const written = parts.length === 0 ? 'null' : `rt.kw([${parts.join(', ')}])`;
    return node.dynKwargs === null ? written : `rt.spreadKw(${written}, ${this.expr(node.dynKwargs).code})`;
  }

  /** A call; `caller` is the code of a call block's caller, passed as the `caller` keyword. */
  private call(node: Call, caller: string | null): Code {
    const callee = node.callee;
    if (callee.kind === 'Lookup' && callee.dot && callee.key.kind === 'Const' && typeof callee.key.value === 'string') {
      const method = callee.key.value;
      const loop = this.staticLoop(callee.target);
      if (loop !== null && (method === 'cycle' || method === 'changed') && node.kwargs.length === 0 && node.dynKwargs === null && caller === null) {
        if (method === 'cycle') return { code: `rt.cycle(${this.argsCode(node)}, ${loop.index})`, kind: 'any' };
        return { code: `rt.changed(${loop.changed!}, ${this.argsCode(node)})`, kind: 'bool' };
      }
      if (isUnsafeMemberName(method)) this.fail('template-unsafe-member', `access to '${method}' is not allowed`, callee.key);
      const obj = this.expr(callee.target).code;
      return { code: `rt.callMethod(env, ${obj}, ${this.lit(method)}, ${this.argsCode(node)}, ${this.kwCode(node, caller)})`, kind: 'any' };
    }
    const literalKey = node.args.length === 1 && node.kwargs.length === 0 && node.dynArgs === null && node.dynKwargs === null && caller === null ? node.args[0]! : null;
    if (callee.kind === 'Name' && literalKey?.kind === 'Const' && typeof literalKey.value === 'string' && this.isFixedGlobal(callee.name)) {
      // get_secret('key') / get_variable('key'), the most common calls in headers and URLs: straight to the store.
      if (callee.name === 'get_secret') return { code: `rt.getSecret(env, ${this.lit(literalKey.value)})`, kind: 'any' };
      if (callee.name === 'get_variable') return { code: `rt.getVariable(env, ${this.lit(literalKey.value)})`, kind: 'any' };
    }
    const fn = this.expr(callee).code;
    return { code: `rt.call(env, ${fn}, ${this.argsCode(node)}, ${this.kwCode(node, caller)})`, kind: 'any' };
  }

  /**
   * Binds positional and keyword arguments to a builtin's parameters at compile time; argument
   * errors Python would raise when the call runs become `rt.fail(...)` at that spot. Arguments
   * with a splat are bound when the call runs instead (`dynamic`: the code of that call).
   */
  private bindBuiltin(kind: 'filter' | 'test', name: string, sig: BuiltinSignature, fn: string, value: Code, node: Arguments, dynamic: (value: string, args: string, kwargs: string) => string): string {
    if (node.dynArgs !== null || node.dynKwargs !== null) return dynamic(value.code, this.argsCode(node), this.kwCode(node));
    const { args, kwargs } = node;
    const positional = args.map((a) => this.expr(a).code);
    if (sig.varargs) return `${fn}(${value.code}, [${positional.join(', ')}], ${this.kwCode(node)})`;
    const failWith = (message: string): string => `rt.fail("type-error", ${this.lit(message)})`;
    if (positional.length > sig.params.length) {
      return failWith(`${kind} '${name}' takes at most ${sig.params.length + 1} positional arguments (${positional.length + 1} given)`);
    }
    const slots: (string | null)[] = sig.params.map((_, i) => positional[i] ?? null);
    for (const k of kwargs) {
      const index = sig.params.indexOf(k.name);
      if (index < 0) return failWith(`${kind} '${name}' got an unexpected keyword argument '${k.name}'`);
      if (slots[index] !== null) return failWith(`${kind} '${name}' got multiple values for argument '${k.name}'`);
      slots[index] = this.expr(k.value).code;
    }
    for (let i = 0; i < sig.required; i++) {
      if (slots[i] === null) return failWith(`${kind} '${name}' missing required argument '${sig.params[i]!}'`);
    }
    while (slots.length > 0 && slots[slots.length - 1] === null) slots.pop();
    return `${fn}(${[value.code, ...slots.map((s) => s ?? 'void 0')].join(', ')})`;
  }

  /** Literal attribute names given to filters (`map(attribute='x')`, `attr('x')`) must be safe. */
  private checkAttributeArgs(node: Filter): void {
    for (const { node: arg, rule } of filterSlots(node.name, node.args, node.kwargs).attributes) {
      if (arg.kind !== 'Const' || typeof arg.value !== 'string') continue;
      for (const part of attributeNames(arg.value, rule)) {
        if (isUnsafeMemberName(part.trim())) this.fail('template-unsafe-member', `access to '${part.trim()}' is not allowed`, arg);
      }
    }
  }

  private filter(node: Filter): Code {
    const entry = filterEntry(node.name);
    if (entry === undefined) this.fail('template-unknown-filter', `No filter named '${node.name}'.`, node);
    if (node.name === 'tojson' && node.args.length === 0 && node.kwargs.length === 0 && node.node !== null) {
      const text = this.tojsonOfLiteral(node.node);
      if (text !== null) return { code: `rt.markup(${text})`, kind: 'any', text };
    }
    let value: Code;
    if (node.node === null) {
      if (this.captureValue === null) return this.fail('template-unsupported', 'unexpected block filter', node);
      value = this.captureValue;
    } else {
      value = this.expr(node.node);
    }
    this.checkAttributeArgs(node);
    const table = this.autoescape && entry.autoescapeAware ? 'FA' : 'F';
    const aware = this.autoescape && entry.autoescapeAware;
    const code = this.bindBuiltin('filter', node.name, entry, `rt.${table}[${jsString(node.name)}]`, value, node, (v, args, kwargs) => `rt.applyFilter(${this.lit(node.name)}, ${aware}, ${v}, ${args}, ${kwargs})`);
    const plainArgs = node.args.length === 0 && node.kwargs.length === 0 && node.dynArgs === null && node.dynKwargs === null;
    if (plainArgs && (node.name === 'tojson' || node.name === 'e' || node.name === 'escape')) {
      return { code, kind: 'any', text: `rt.${node.name === 'tojson' ? 'tojsonText' : 'escapeText'}(${value.code})` };
    }
    if (plainArgs && node.name === 'urlencode') return { code, kind: 'str', escaped: `rt.urlencodeEscapedText(${value.code})` };
    // A plain string result needs no Markup check when printed; a string method keeps Markup.
    if (entry.result === 'str') {
      const sameAsInput = entry.safety === 'like-input' && value.kind === 'str' && !(this.autoescape && entry.autoescapeAware);
      if (entry.safety === 'plain' || sameAsInput) return { code, kind: 'str' };
    }
    return { code, kind: 'any' };
  }

  /**
   * `{...}|tojson` / `[...]|tojson` on a literal: the JSON text assembled around its values, with
   * the dict keys sorted and written now, so only the values are serialised when rendering. The
   * values are evaluated first, in source order as Jinja2 does, then written in key order (an
   * unserialisable value fails as json.dumps would, the first in key order). Null when the
   * literal's keys are not all plain distinct strings.
   */
  private tojsonOfLiteral(node: Expr): string | null {
    if (node.kind === 'Dict' ? sortedPlainItems(node) === null : node.kind !== 'List') return null;
    const values = new Map<Expr, string>();
    const bindings: string[] = [];
    const evaluate = (n: Expr): void => {
      if (n.kind === 'Dict' && sortedPlainItems(n) !== null) n.items.forEach((item) => evaluate(item.value));
      else if (n.kind === 'List') n.items.forEach(evaluate);
      else if (!(n.kind === 'Const' && typeof n.value === 'string' && plainJsonString(n.value) !== null)) {
        const k = this.temp();
        values.set(n, k);
        bindings.push(`${k} = ${this.expr(n).code}`);
      }
    };
    const parts: string[] = [];
    let text = '';
    const write = (n: Expr): void => {
      const items = n.kind === 'Dict' ? sortedPlainItems(n) : null;
      if (items !== null) {
        text += '{';
        items.forEach((item, i) => {
          text += `${i === 0 ? '' : ', '}"${(item.key as Const).value as string}": `;
          write(item.value);
        });
        text += '}';
      } else if (n.kind === 'List') {
        text += '[';
        n.items.forEach((item, i) => {
          if (i > 0) text += ', ';
          write(item);
        });
        text += ']';
      } else {
        const k = values.get(n);
        if (k === undefined) {
          text += plainJsonString((n as Const).value as string)!;
          return;
        }
        if (text !== '') parts.push(this.lit(text));
        parts.push(`rt.tojsonText(${k})`);
        text = '';
      }
    };
    evaluate(node);
    write(node);
    if (text !== '') parts.push(this.lit(text));
    const joined = parts.join(' + ');
    const body = joined === '' ? '""' : parts.length === 1 ? joined : `(${joined})`;
    return bindings.length === 0 ? body : `(${bindings.join(', ')}, ${body})`;
  }

  private test(node: Test): Code {
    const sig = testEntry(node.name);
    if (sig === undefined) this.fail('template-unknown-test', `No test named '${node.name}'.`, node);
    const value = this.expr(node.node);
    const code = this.bindBuiltin('test', node.name, sig, `rt.T[${jsString(node.name)}]`, value, node, (v, args, kwargs) => `rt.truthy(rt.callTest(${this.lit(node.name)}, ${v}, ${args}, ${kwargs}))`);
    return { code, kind: 'bool' };
  }

  private logical(node: Logical): Code {
    const left = this.expr(node.left);
    const right = this.expr(node.right);
    const isAnd = node.op === 'and';
    if (left.kind === 'bool' && right.kind === 'bool') return { code: `(${left.code} ${isAnd ? '&&' : '||'} ${right.code})`, kind: 'bool' };
    if (left.kind === 'bool') {
      return { code: isAnd ? `(${left.code} ? ${right.code} : false)` : `(${left.code} ? true : ${right.code})`, kind: 'any' };
    }
    const k = this.temp();
    return {
      code: isAnd ? `(rt.truthy(${k} = ${left.code}) ? ${right.code} : ${k})` : `(rt.truthy(${k} = ${left.code}) ? ${k} : ${right.code})`,
      kind: left.kind === right.kind ? left.kind : 'any',
    };
  }

  private compareOp(op: CompareOperator, a: string, b: string): string {
    switch (op) {
      case '==':
        return `rt.eq(${a}, ${b})`;
      case '!=':
        return `rt.ne(${a}, ${b})`;
      case '<':
        return `rt.lt(${a}, ${b})`;
      case '<=':
        return `rt.le(${a}, ${b})`;
      case '>':
        return `rt.gt(${a}, ${b})`;
      case '>=':
        return `rt.ge(${a}, ${b})`;
      case 'in':
        return `rt.in(${a}, ${b})`;
      case 'notin':
        return `!rt.in(${a}, ${b})`;
    }
  }

  private compare(node: Compare): Code {
    let left = this.expr(node.expr).code;
    const parts: string[] = [];
    node.ops.forEach((op, index) => {
      let right = this.expr(op.expr).code;
      if (index < node.ops.length - 1) {
        const k = this.temp();
        right = `(${k} = ${right})`;
        parts.push(this.compareOp(op.op, left, right));
        left = k;
      } else {
        parts.push(this.compareOp(op.op, left, right));
      }
    });
    return { code: parts.length === 1 ? parts[0]! : `(${parts.join(' && ')})`, kind: 'bool' };
  }
}

export function compileTemplate(ast: Root, options: CompileTemplateOptions): CompiledTemplateSource {
  const constant = constantOf(ast);
  if (constant !== null) return { code: `(v, env) => ${jsString(constant)}`, constant, shape: null };
  const generator = new Generator(ast, options);
  const render = generator.compile();
  const { pool } = generator;
  return { code: pool.inline(render), constant: null, shape: pool.empty ? null : pool.shape(render) };
}

