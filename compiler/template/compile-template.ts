// Compiles a template's AST (./parse.ts) to the source of a straight-line JS function
// `(v, env) => string` that renders it with Jinja2 3.1's semantics. The function reaches helpers
// only through the free identifier `rt` (runtime/template/helpers.ts), reads top-level variables
// with `rt.name(v, 'x')`, and appends to one string accumulator. The source is plain JavaScript
// that also type-checks as a TemplateFunction in a generated TypeScript module.
import {
  ATTRIBUTE_PARAMS,
  FILTER_SIGNATURES,
  GLOBAL_NAMES,
  TEST_SIGNATURES,
  type BuiltinSignature,
} from './builtin-signatures.js';
import { TemplateCompileError, type TemplateCompileErrorCode } from './compile-error.js';
import { FrameVisitor, Symbols, captureOf, filterChainArgs, isLoopFilter, type Load } from './compile-symbols.js';
import type { TemplateNode } from './parse.js';
import { isUnsafeMemberName, isUnsafeVariableName } from './unsafe-names.js';

export interface CompileTemplateOptions {
  /** The template text as written (for messages). */
  readonly source: string;
  /**
   * Top-level variables the caller will provide. When given, any other name that is not a
   * global compiles to Undefined without a lookup.
   */
  readonly contextNames?: readonly string[];
}

export interface CompiledTemplateSource {
  /** Source of `(v, env) => { ... }`. */
  readonly code: string;
  /** The exact output when the template has no expressions, else null. */
  readonly constant: string | null;
}

type Kind = 'str' | 'bool' | 'any';
interface Expr {
  readonly code: string;
  readonly kind: Kind;
  /** Code giving str(value) directly, when cheaper than rt.str(code) (Markup-returning filters). */
  readonly text?: string;
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

/** Python dict methods (runtime/template/container-methods.ts): `d.items` is the method, not the key. */
export const DICT_METHOD_NAMES: ReadonlySet<string> = new Set(['keys', 'values', 'items', 'get', 'pop', 'popitem', 'setdefault', 'update', 'copy', 'clear']);

const STATIC_LOOP_ATTRS = new Set(['index', 'index0', 'revindex', 'revindex0', 'first', 'last', 'length', 'depth', 'depth0', 'previtem', 'nextitem']);
const STRING_FILTERS = new Set([
  'upper',
  'lower',
  'capitalize',
  'title',
  'trim',
  'replace',
  'center',
  'indent',
  'join',
  'format',
  'striptags',
  'urlencode',
  'urlize',
  'wordwrap',
  'xmlattr',
  'pprint',
  'json_encode',
  'base64_encode',
  'base64_decode',
  'filesizeformat',
]);

function kids(node: TemplateNode | null | undefined): TemplateNode[] {
  return ((node?.['children'] as TemplateNode[] | undefined) ?? []) as TemplateNode[];
}

function lit(value: string): string {
  return JSON.stringify(value);
}

function sanitize(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `u${[...name].map((c) => c.codePointAt(0)!.toString(16)).join('_')}`;
}

/** Concatenated TemplateData when the template is plain text, else null. */
function constantOf(ast: TemplateNode): string | null {
  let out = '';
  for (const child of kids(ast)) {
    if (child.typename !== 'Output') return null;
    for (const part of kids(child)) {
      if (part.typename !== 'TemplateData') return null;
      out += part['value'] as string;
    }
  }
  return out;
}

/** Every name the template assigns (set targets, loop targets, `loop` in loop bodies). */
function assignedNames(node: unknown, out: Set<string>, inLoop: boolean): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) assignedNames(n, out, inLoop);
    return;
  }
  const n = node as TemplateNode;
  const addTarget = (t: TemplateNode): void => {
    if (t.typename === 'Symbol') out.add(t['value'] as string);
    else if (t.typename === 'Array') kids(t).forEach(addTarget);
  };
  if (n.typename === 'Set') (n['targets'] as TemplateNode[]).forEach(addTarget);
  if (n.typename === 'For') {
    addTarget(n['name'] as TemplateNode);
    out.add('loop');
  }
  if (n.typename === 'Symbol' && n['value'] === 'loop' && inLoop) out.add('loop');
  const nextInLoop = inLoop || n.typename === 'For';
  for (const f of n.fields) assignedNames(n[f], out, nextInLoop);
  if (n.typename === 'Set') assignedNames(n['body'], out, nextInLoop);
}

interface LoopUsage {
  used: boolean;
  dynamic: boolean;
  changed: boolean;
}

function isLoopSymbol(node: unknown): boolean {
  return (node as TemplateNode | null)?.typename === 'Symbol' && (node as TemplateNode)['value'] === 'loop';
}

/** How a loop body uses its `loop` variable (nested loop bodies have their own). */
function loopUsage(nodes: readonly TemplateNode[]): LoopUsage {
  const usage: LoopUsage = { used: false, dynamic: false, changed: false };
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    const n = node as TemplateNode;
    if (n.typename === 'For') {
      const arr = n['arr'] as TemplateNode;
      walk(arr);
      walk(n['else_']);
      return;
    }
    if (n.typename === 'LookupVal' && isLoopSymbol(n['target'])) {
      usage.used = true;
      const val = n['val'] as TemplateNode;
      if (!(val.typename === 'Literal' && STATIC_LOOP_ATTRS.has(val['value'] as string))) usage.dynamic = true;
      return;
    }
    if (n.typename === 'FunCall') {
      const callee = n['name'] as TemplateNode;
      if (callee.typename === 'LookupVal' && isLoopSymbol(callee['target'])) {
        const method = (callee['val'] as TemplateNode)['value'];
        const args = kids(n['args'] as TemplateNode);
        usage.used = true;
        if ((method === 'cycle' || method === 'changed') && !args.some((a) => a.typename === 'KeywordArgs')) {
          if (method === 'changed') usage.changed = true;
        } else {
          usage.dynamic = true;
        }
        walk(args);
        return;
      }
    }
    if (isLoopSymbol(n)) {
      usage.used = true;
      usage.dynamic = true;
      return;
    }
    for (const f of n.fields) walk(n[f]);
    if (n.typename === 'Set') walk(n['body']);
  };
  walk(nodes);
  return usage;
}

class Generator {
  private readonly lines: string[] = [];
  private depth = 1;
  private temps = 0;
  private counter = 0;
  private readonly hoisted = new Map<string, string>();
  private readonly loops = new Map<string, LoopInfo>();
  private readonly assigned: ReadonlySet<string>;
  private readonly contextNames: ReadonlySet<string> | null;
  private symbols: Symbols;
  private out = 'o';
  /** While compiling a filter block's / block set's filters: the accumulator its Capture stands for. */
  private captureValue: string | null = null;

  constructor(
    private readonly ast: TemplateNode,
    options: CompileTemplateOptions,
  ) {
    const assigned = new Set<string>();
    assignedNames(ast, assigned, false);
    this.assigned = assigned;
    this.contextNames = options.contextNames === undefined ? null : new Set(options.contextNames);
    this.symbols = this.newFrame(null);
  }

  private newFrame(parent: Symbols | null): Symbols {
    return new Symbols(
      parent,
      (level, name) => `l${level}_${sanitize(name)}`,
      (name) => this.assigned.has(name),
    );
  }

  private fail(code: TemplateCompileErrorCode, message: string, node: TemplateNode): never {
    throw new TemplateCompileError(code, message, node.lineno, node.colno);
  }

  private emit(line: string): void {
    this.lines.push('  '.repeat(this.depth) + line);
  }

  private temp(): string {
    return `k${++this.temps}`;
  }

  private next(): number {
    return ++this.counter;
  }

  compile(): string {
    new FrameVisitor(this.symbols).visitAll(kids(this.ast));
    this.emitDeclarations(this.symbols);
    this.statements(kids(this.ast));
    const head: string[] = ['(v, env) => {', '  let o = "";'];
    for (let i = 1; i <= this.temps; i++) head.push(`  let k${i} = rt.nothing;`);
    for (const [name, ident] of this.hoisted) head.push(`  const ${ident} = ${this.contextRead(name)};`);
    return [...head, ...this.lines, '  return o;', '}'].join('\n');
  }

  private contextRead(name: string): string {
    if (this.contextNames !== null && !this.contextNames.has(name) && !GLOBAL_NAMES.has(name)) return `rt.undef(${lit(name)})`;
    return `rt.name(v, ${lit(name)})`;
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
        return `rt.undef(${lit(load.name)})`;
    }
  }

  // ---- statements ----------------------------------------------------------------------------

  private statements(nodes: readonly TemplateNode[]): void {
    for (const node of nodes) this.statement(node);
  }

  private statement(node: TemplateNode): void {
    switch (node.typename) {
      case 'Output':
        for (const part of kids(node)) {
          if (part.typename === 'TemplateData') {
            const text = part['value'] as string;
            if (text !== '') this.emit(`${this.out} += ${lit(text)};`);
          } else if (part.typename === 'Filter' && captureOf(part) !== null) {
            this.emit(`${this.out} += rt.str(${this.captured(part)});`);
          } else {
            this.emit(`${this.out} += ${this.strOf(this.expr(part))};`);
          }
        }
        return;
      case 'If':
        this.ifStatement(node);
        return;
      case 'For':
        this.forStatement(node);
        return;
      case 'Set':
        this.setStatement(node);
        return;
      case 'NodeList':
        this.statements(kids(node));
        return;
      default:
        this.fail('template-unsupported', `'${node.typename}' is not supported in Conduit templates`, node);
    }
  }

  private ifStatement(node: TemplateNode): void {
    this.emit(`if (${this.boolOf(this.expr(node['cond'] as TemplateNode))}) {`);
    this.block(() => this.statements(kids(node['body'] as TemplateNode)));
    const otherwise = node['else_'] as TemplateNode | null;
    if (otherwise === null) {
      this.emit('}');
      return;
    }
    this.emit('} else {');
    this.block(() => (otherwise.typename === 'If' ? this.ifStatement(otherwise) : this.statements(kids(otherwise))));
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

  /** Declares loop/unpack targets from `source`. */
  private bindTargets(target: TemplateNode, source: string, frame: Symbols): void {
    if (target.typename === 'Symbol') {
      const name = target['value'] as string;
      if (isUnsafeVariableName(name)) this.fail('template-unsafe-name', `'${name}' cannot be used as a variable name`, target);
      this.emit(`let ${frame.findRef(name)!} = ${source};`);
      return;
    }
    const items = kids(target);
    const u = `u${this.next()}`;
    this.emit(`const ${u} = rt.unpack(${source}, ${items.length});`);
    items.forEach((t, i) => this.bindTargets(t, `${u}[${i}]`, frame));
  }

  private forStatement(node: TemplateNode): void {
    const target = node['name'] as TemplateNode;
    const arr = node['arr'] as TemplateNode;
    const filtered = isLoopFilter(arr);
    const body = kids(node['body'] as TemplateNode);
    const elseBody = node['else_'] === null ? null : kids(node['else_'] as TemplateNode);
    if (body.some((n) => n.typename === 'Set' && (n['targets'] as TemplateNode[]).some(isLoopSymbol))) {
      this.fail('template-unsupported', "Can't assign to special loop variable in for-loop target", node);
    }
    const id = this.next();
    const a = `a${id}`;
    const n = `n${id}`;
    const i = `i${id}`;
    const iterable = this.expr(filtered ? (arr['body'] as TemplateNode) : arr);
    this.emit('{');
    this.block(() => {
      if (filtered) {
        const s = `s${id}`;
        const j = `j${id}`;
        this.emit(`const ${s} = rt.iter(${iterable.code});`);
        this.emit(`const ${a} = rt.newList();`);
        this.emit(`for (let ${j} = 0; ${j} < ${s}.length; ${j}++) {`);
        this.block(() => {
          const testFrame = this.newFrame(this.symbols);
          const visitor = new FrameVisitor(testFrame);
          visitor.declareTargets(target);
          visitor.visit(arr['cond'] as TemplateNode);
          this.bindTargets(target, `${s}[${j}]`, testFrame);
          this.withFrame(testFrame, () => {
            this.emitDeclarations(testFrame);
            this.emit(`if (${this.boolOf(this.expr(arr['cond'] as TemplateNode))}) ${a}.push(${s}[${j}]);`);
          });
        });
        this.emit('}');
      } else {
        this.emit(`const ${a} = rt.iter(${iterable.code});`);
      }
      this.emit(`const ${n} = ${a}.length;`);
      const usage = loopUsage(body);
      const frame = this.newFrame(this.symbols);
      const visitor = new FrameVisitor(frame);
      visitor.declareTargets(target);
      const loopRef = usage.used ? frame.declareParameter('loop') : null;
      visitor.visitAll(body);
      const object = usage.dynamic ? `L${id}` : null;
      const changed = usage.changed && object === null ? `c${id}` : object;
      if (object !== null) this.emit(`const ${object} = rt.loop(${a});`);
      else if (changed !== null) this.emit(`const ${changed} = rt.changedState();`);
      this.emit(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
      this.block(() => {
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
      if (elseBody !== null) {
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
    });
    this.emit('}');
  }

  private setStatement(node: TemplateNode): void {
    const targets = node['targets'] as TemplateNode[];
    for (const t of targets) {
      if (t.typename === 'Symbol' && isUnsafeVariableName(t['value'] as string)) {
        this.fail('template-unsafe-name', `'${String(t['value'])}' cannot be used as a variable name`, t);
      }
    }
    let value: string;
    if (node['value'] !== null) {
      value = this.expr(node['value'] as TemplateNode).code;
    } else {
      value = this.captured(node['body'] as TemplateNode);
    }
    if (node['unpack'] === true) {
      const u = `u${this.next()}`;
      this.emit(`const ${u} = rt.unpack(${value}, ${targets.length});`);
      targets.forEach((t, i) => this.assign(t, `${u}[${i}]`));
    } else {
      this.assign(targets[0]!, value);
    }
  }

  private assign(target: TemplateNode, value: string): void {
    if (target.typename === 'Symbol') {
      this.emit(`${this.symbols.findRef(target['value'] as string)!} = ${value};`);
    } else if (target.typename === 'Array') {
      const items = kids(target);
      const u = `u${this.next()}`;
      this.emit(`const ${u} = rt.unpack(${value}, ${items.length});`);
      items.forEach((t, i) => this.assign(t, `${u}[${i}]`));
    } else {
      const ns = this.expr(target['target'] as TemplateNode).code;
      const attr = (target['val'] as TemplateNode)['value'] as string;
      if (isUnsafeMemberName(attr)) this.fail('template-unsafe-member', `'${attr}' cannot be assigned`, target);
      this.emit(`rt.setAttr(${ns}, ${lit(attr)}, ${value});`);
    }
  }

  /**
   * A filter block / block set: renders the body into its own accumulator in its own frame, then
   * applies the filters (evaluated in that frame, as Jinja2 does). Returns the result variable.
   */
  private captured(node: TemplateNode): string {
    const capture = captureOf(node)!;
    const id = this.next();
    const acc = `o${id}`;
    const result = `r${id}`;
    const body = kids(capture['body'] as TemplateNode);
    const frame = this.newFrame(this.symbols);
    const visitor = new FrameVisitor(frame);
    visitor.visitAll(body);
    for (const arg of filterChainArgs(node)) visitor.visit(arg);
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
        const savedCapture = this.captureValue;
        this.captureValue = acc;
        this.emit(`${result} = ${this.expr(node).code};`);
        this.captureValue = savedCapture;
      });
      this.out = savedOut;
    });
    this.emit('}');
    return result;
  }

  // ---- expressions ---------------------------------------------------------------------------

  private strOf(e: Expr): string {
    if (e.text !== undefined) return e.text;
    return e.kind === 'str' ? e.code : `rt.str(${e.code})`;
  }

  private boolOf(e: Expr): string {
    return e.kind === 'bool' ? e.code : `rt.truthy(${e.code})`;
  }

  private expr(node: TemplateNode): Expr {
    switch (node.typename) {
      case 'Literal':
        return this.literal(node);
      case 'Capture':
        if (this.captureValue === null) return this.fail('template-unsupported', 'unexpected block capture', node);
        return { code: this.captureValue, kind: 'str' };
      case 'Symbol':
        return { code: this.read(node), kind: 'any' };
      case 'Group':
        return this.expr(kids(node)[0]!);
      case 'Array':
        return { code: `[${kids(node).map((c) => this.expr(c).code).join(', ')}]`, kind: 'any' };
      case 'Tuple':
        return { code: `rt.tuple([${kids(node).map((c) => this.expr(c).code).join(', ')}])`, kind: 'any' };
      case 'Dict':
        return {
          code: `rt.dict([${kids(node)
            .map((pair) => `${this.expr(pair['key'] as TemplateNode).code}, ${this.expr(pair['value'] as TemplateNode).code}`)
            .join(', ')}])`,
          kind: 'any',
        };
      case 'LookupVal':
        return this.lookup(node);
      case 'FunCall':
        return this.call(node);
      case 'Filter':
        return this.filter(node, this.expr(kids(node['args'] as TemplateNode)[0]!));
      case 'Is':
        return this.test(node);
      case 'Not':
        return { code: `!${this.boolOf(this.expr(node['target'] as TemplateNode))}`, kind: 'bool' };
      case 'And':
      case 'Or':
        return this.logical(node);
      case 'InlineIf': {
        const cond = this.boolOf(this.expr(node['cond'] as TemplateNode));
        const body = this.expr(node['body'] as TemplateNode);
        const otherwise = node['else_'] === null ? null : this.expr(node['else_'] as TemplateNode);
        const kind: Kind = otherwise !== null && body.kind === otherwise.kind ? body.kind : 'any';
        return { code: `(${cond} ? ${body.code} : ${otherwise === null ? 'rt.condUndefined()' : otherwise.code})`, kind };
      }
      case 'Compare':
        return this.compare(node);
      case 'In':
        return { code: `rt.in(${this.expr(node['left'] as TemplateNode).code}, ${this.expr(node['right'] as TemplateNode).code})`, kind: 'bool' };
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div':
      case 'FloorDiv':
      case 'Mod':
      case 'Pow': {
        const fn = { Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div', FloorDiv: 'floordiv', Mod: 'mod', Pow: 'pow' }[node.typename];
        return { code: `rt.${fn}(${this.expr(node['left'] as TemplateNode).code}, ${this.expr(node['right'] as TemplateNode).code})`, kind: 'any' };
      }
      case 'Concat':
        return { code: `(${this.strOf(this.expr(node['left'] as TemplateNode))} + ${this.strOf(this.expr(node['right'] as TemplateNode))})`, kind: 'str' };
      case 'Neg':
      case 'Pos':
        return { code: `rt.${node.typename === 'Neg' ? 'neg' : 'pos'}(${this.expr(node['target'] as TemplateNode).code})`, kind: 'any' };
      default:
        return this.fail('template-unsupported', `'${node.typename}' is not supported in this position`, node);
    }
  }

  private literal(node: TemplateNode): Expr {
    const value = node['value'];
    if (typeof value === 'string') return { code: lit(value), kind: 'str' };
    if (value === null) return { code: 'null', kind: 'any' };
    if (typeof value === 'boolean') return { code: String(value), kind: 'bool' };
    const raw = node['raw'] as string | undefined;
    if (node['isFloat'] === true) {
      const f = value as number;
      if (!Number.isFinite(f)) return { code: '(1 / 0)', kind: 'any' };
      return { code: Number.isInteger(f) ? `rt.float(${String(f)})` : String(f), kind: 'any' };
    }
    const big = raw === undefined ? BigInt(value as number) : BigInt(raw);
    const safe = big >= -9007199254740991n && big <= 9007199254740991n;
    return { code: safe ? String(Number(big)) : `${big}n`, kind: 'any' };
  }

  /** A variable read: the frame's variable, a value read once from the context, or a loop's. */
  private read(node: TemplateNode): string {
    const name = node['value'] as string;
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
    }
    return ident;
  }

  private staticLoop(target: TemplateNode): LoopInfo | null {
    if (!isLoopSymbol(target)) return null;
    const ref = this.symbols.findRef('loop');
    const info = ref === null ? undefined : this.loops.get(ref);
    return info !== undefined && info.object === null ? info : null;
  }

  private loopAttribute(info: LoopInfo, attr: string): Expr {
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

  private lookup(node: TemplateNode): Expr {
    const target = node['target'] as TemplateNode;
    const val = node['val'] as TemplateNode;
    const loop = this.staticLoop(target);
    if (loop !== null && val.typename === 'Literal' && STATIC_LOOP_ATTRS.has(val['value'] as string)) {
      return this.loopAttribute(loop, val['value'] as string);
    }
    const obj = this.expr(target).code;
    if (val.typename === 'Slice') {
      const part = (p: unknown): string => (p === null ? 'null' : this.expr(p as TemplateNode).code);
      return { code: `rt.slice(${obj}, ${part(val['start'])}, ${part(val['stop'])}, ${part(val['step'])})`, kind: 'any' };
    }
    if (node['dot'] === true) {
      const name = val['value'] as string;
      if (isUnsafeMemberName(name)) this.fail('template-unsafe-member', `access to '${name}' is not allowed`, val);
      // A name no dict method shares reads a dict's key directly (the common case: JSON data).
      const fn = DICT_METHOD_NAMES.has(name) || name === 'by_id' ? 'attr' : 'key';
      return { code: `rt.${fn}(${obj}, ${lit(name)})`, kind: 'any' };
    }
    if (val.typename === 'Literal' && typeof val['value'] === 'string') {
      if (isUnsafeMemberName(val['value'])) this.fail('template-unsafe-member', `access to '${val['value']}' is not allowed`, val);
      // x['name'] reads the dict key first, then the attribute: for a name that is no dict method
      // that is rt.key's fast path.
      const fn = DICT_METHOD_NAMES.has(val['value']) || val['value'] === 'by_id' ? 'item' : 'key';
      return { code: `rt.${fn}(${obj}, ${lit(val['value'])})`, kind: 'any' };
    }
    return { code: `rt.item(${obj}, ${this.expr(val).code})`, kind: 'any' };
  }

  /** Positional argument codes and the kwargs code (`null` or `rt.kw([...])`). */
  private callArgs(args: readonly TemplateNode[]): { positional: Expr[]; keywords: [string, Expr, TemplateNode][] } {
    const positional: Expr[] = [];
    const keywords: [string, Expr, TemplateNode][] = [];
    for (const a of args) {
      if (a.typename === 'KeywordArgs') {
        for (const pair of kids(a)) keywords.push([(pair['key'] as TemplateNode)['value'] as string, this.expr(pair['value'] as TemplateNode), pair]);
      } else {
        positional.push(this.expr(a));
      }
    }
    return { positional, keywords };
  }

  private kwCode(keywords: readonly [string, Expr, TemplateNode][]): string {
    if (keywords.length === 0) return 'null';
    return `rt.kw([${keywords.map(([k, e]) => `${lit(k)}, ${e.code}`).join(', ')}])`;
  }

  private call(node: TemplateNode): Expr {
    const callee = node['name'] as TemplateNode;
    const rawArgs = kids(node['args'] as TemplateNode);
    if (callee.typename === 'LookupVal' && callee['dot'] === true) {
      const target = callee['target'] as TemplateNode;
      const method = (callee['val'] as TemplateNode)['value'] as string;
      const loop = this.staticLoop(target);
      if (loop !== null && (method === 'cycle' || method === 'changed') && !rawArgs.some((a) => a.typename === 'KeywordArgs')) {
        const args = rawArgs.map((a) => this.expr(a).code).join(', ');
        if (method === 'cycle') return { code: `rt.cycle([${args}], ${loop.index})`, kind: 'any' };
        return { code: `rt.changed(${loop.changed!}, [${args}])`, kind: 'bool' };
      }
      if (isUnsafeMemberName(method)) this.fail('template-unsafe-member', `access to '${method}' is not allowed`, callee['val'] as TemplateNode);
      const obj = this.expr(target).code;
      const { positional, keywords } = this.callArgs(rawArgs);
      return {
        code: `rt.callMethod(env, ${obj}, ${lit(method)}, [${positional.map((p) => p.code).join(', ')}], ${this.kwCode(keywords)})`,
        kind: 'any',
      };
    }
    const fn = this.expr(callee).code;
    const { positional, keywords } = this.callArgs(rawArgs);
    return { code: `rt.call(env, ${fn}, [${positional.map((p) => p.code).join(', ')}], ${this.kwCode(keywords)})`, kind: 'any' };
  }

  /**
   * Binds positional and keyword arguments to a builtin's parameters at compile time; argument
   * errors Python would raise when the call runs become `rt.fail(...)` at that spot.
   */
  private bindBuiltin(
    kind: 'filter' | 'test',
    name: string,
    sig: BuiltinSignature,
    table: string,
    value: Expr,
    args: readonly TemplateNode[],
  ): string {
    const { positional, keywords } = this.callArgs(args);
    const fn = `rt.${table}[${lit(name)}]`;
    if (sig.varargs) return `${fn}(${value.code}, [${positional.map((p) => p.code).join(', ')}], ${this.kwCode(keywords)})`;
    const failWith = (message: string): string => `rt.fail("type-error", ${lit(message)})`;
    if (positional.length > sig.params.length) {
      return failWith(`${kind} '${name}' takes at most ${sig.params.length + 1} positional arguments (${positional.length + 1} given)`);
    }
    const slots: (string | null)[] = sig.params.map((_, i) => positional[i]?.code ?? null);
    for (const [key, e] of keywords) {
      const index = sig.params.indexOf(key);
      if (index < 0) return failWith(`${kind} '${name}' got an unexpected keyword argument '${key}'`);
      if (slots[index] !== null) return failWith(`${kind} '${name}' got multiple values for argument '${key}'`);
      slots[index] = e.code;
    }
    for (let i = 0; i < sig.required; i++) {
      if (slots[i] === null) return failWith(`${kind} '${name}' missing required argument '${sig.params[i]!}'`);
    }
    while (slots.length > 0 && slots[slots.length - 1] === null) slots.pop();
    return `${fn}(${[value.code, ...slots.map((s) => s ?? 'void 0')].join(', ')})`;
  }

  private checkAttributeArgs(name: string, args: readonly TemplateNode[]): void {
    const params = ATTRIBUTE_PARAMS.get(name) ?? [];
    const sig = FILTER_SIGNATURES.get(name)!;
    const check = (arg: TemplateNode | undefined, split: boolean): void => {
      if (arg === undefined || arg.typename !== 'Literal' || typeof arg['value'] !== 'string') return;
      for (const part of (arg['value'] as string).split(split ? /[.,]/ : /(?!)/)) {
        if (isUnsafeMemberName(part)) this.fail('template-unsafe-member', `access to '${part}' is not allowed`, arg);
      }
    };
    const positional = args.filter((a) => a.typename !== 'KeywordArgs');
    const keywords = args.filter((a) => a.typename === 'KeywordArgs').flatMap(kids);
    for (const p of params) {
      check(positional[sig.params.indexOf(p)], true);
      for (const pair of keywords) if ((pair['key'] as TemplateNode)['value'] === p) check(pair['value'] as TemplateNode, true);
    }
    if (name === 'selectattr' || name === 'rejectattr') check(positional[0], true);
    if (name === 'map') {
      for (const pair of keywords) if ((pair['key'] as TemplateNode)['value'] === 'attribute') check(pair['value'] as TemplateNode, true);
      if (positional[0]?.['value'] === 'attr') check(positional[1], false);
    }
  }

  private filter(node: TemplateNode, value: Expr): Expr {
    const nameNode = node['name'] as TemplateNode;
    const name = nameNode['value'] as string;
    const sig = FILTER_SIGNATURES.get(name);
    if (sig === undefined) this.fail('template-unknown-filter', `No filter named '${name}'.`, nameNode);
    const args = kids(node['args'] as TemplateNode).slice(1);
    this.checkAttributeArgs(name, args);
    const code = this.bindBuiltin('filter', name, sig, 'F', value, args);
    if (args.length === 0 && (name === 'tojson' || name === 'e' || name === 'escape')) {
      return { code, kind: 'any', text: `rt.${name === 'tojson' ? 'tojsonText' : 'escapeText'}(${value.code})` };
    }
    return { code, kind: STRING_FILTERS.has(name) ? 'str' : 'any' };
  }

  private test(node: TemplateNode): Expr {
    const right = node['right'] as TemplateNode;
    const nameNode = right.typename === 'FunCall' ? (right['name'] as TemplateNode) : right;
    const name = nameNode['value'] as string;
    const sig = TEST_SIGNATURES.get(name);
    if (sig === undefined) this.fail('template-unknown-test', `No test named '${name}'.`, nameNode);
    const value = this.expr(node['left'] as TemplateNode);
    const args = right.typename === 'FunCall' ? kids(right['args'] as TemplateNode) : [];
    return { code: this.bindBuiltin('test', name, sig, 'T', value, args), kind: 'bool' };
  }

  private logical(node: TemplateNode): Expr {
    const left = this.expr(node['left'] as TemplateNode);
    const right = this.expr(node['right'] as TemplateNode);
    const isAnd = node.typename === 'And';
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

  private compareOp(type: string, a: string, b: string): string {
    switch (type) {
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
      default:
        return `!rt.in(${a}, ${b})`;
    }
  }

  private compare(node: TemplateNode): Expr {
    const ops = node['ops'] as TemplateNode[];
    let left = this.expr(node['expr'] as TemplateNode).code;
    const parts: string[] = [];
    ops.forEach((op, index) => {
      let right = this.expr(op['expr'] as TemplateNode).code;
      if (index < ops.length - 1) {
        const k = this.temp();
        right = `(${k} = ${right})`;
        parts.push(this.compareOp(op['type'] as string, left, right));
        left = k;
      } else {
        parts.push(this.compareOp(op['type'] as string, left, right));
      }
    });
    return { code: parts.length === 1 ? parts[0]! : `(${parts.join(' && ')})`, kind: 'bool' };
  }
}

export function compileTemplate(ast: TemplateNode, options: CompileTemplateOptions): CompiledTemplateSource {
  const constant = constantOf(ast);
  if (constant !== null) return { code: `(v, env) => ${lit(constant)}`, constant };
  return { code: new Generator(ast, options).compile(), constant: null };
}
