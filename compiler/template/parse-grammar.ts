// Jinja2 3.1's grammar (jinja2/parser.py, same precedence and statement forms) over the tokens of
// ./parse-lexer.ts, building nunjucks' AST node classes so every consumer walks one AST shape.
// nunjucks' own parser gives `~`, `is`, `*` `/` and `+` `-` other precedences than Jinja2, has no
// slices, tuples, test arguments without parentheses, `not in` chains or trailing commas.
import nunjucks from 'nunjucks';
import type { TemplateNode } from './parse.js';
import { type Token, type TokenType } from './parse-lexer.js';

type NodeClass = new (line: number, col: number, ...fields: unknown[]) => TemplateNode;
interface NodeClassWithExtend extends NodeClass {
  extend(name: string, props?: { fields: string[] }): NodeClass;
}

const nodes = (nunjucks as unknown as { nodes: Record<string, NodeClassWithExtend> }).nodes;

function nodeClass(name: string): NodeClassWithExtend {
  const cls = nodes[name];
  if (cls === undefined) throw new Error(`nunjucks has no node class ${name}`);
  return cls;
}

const N = {
  Root: nodeClass('Root'),
  NodeList: nodeClass('NodeList'),
  Output: nodeClass('Output'),
  TemplateData: nodeClass('TemplateData'),
  Literal: nodeClass('Literal'),
  Symbol: nodeClass('Symbol'),
  Group: nodeClass('Group'),
  Array: nodeClass('Array'),
  Dict: nodeClass('Dict'),
  Pair: nodeClass('Pair'),
  LookupVal: nodeClass('LookupVal'),
  If: nodeClass('If'),
  InlineIf: nodeClass('InlineIf'),
  For: nodeClass('For'),
  FunCall: nodeClass('FunCall'),
  Filter: nodeClass('Filter'),
  KeywordArgs: nodeClass('KeywordArgs'),
  Set: nodeClass('Set'),
  Capture: nodeClass('Capture'),
  In: nodeClass('In'),
  Is: nodeClass('Is'),
  Or: nodeClass('Or'),
  And: nodeClass('And'),
  Not: nodeClass('Not'),
  Add: nodeClass('Add'),
  Concat: nodeClass('Concat'),
  Sub: nodeClass('Sub'),
  Mul: nodeClass('Mul'),
  Div: nodeClass('Div'),
  FloorDiv: nodeClass('FloorDiv'),
  Mod: nodeClass('Mod'),
  Pow: nodeClass('Pow'),
  Neg: nodeClass('Neg'),
  Pos: nodeClass('Pos'),
  Compare: nodeClass('Compare'),
  CompareOperand: nodeClass('CompareOperand'),
  /** `x[a:b:c]` (a LookupVal's `val`); each field is an expression or null. */
  Slice: nodeClass('Node').extend('Slice', { fields: ['start', 'stop', 'step'] }),
  /** `(a, b)`, `a, b`, `(a,)`: a Python tuple (nunjucks has none). */
  Tuple: nodeClass('NodeList').extend('Tuple'),
};

export class TemplateParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

/** Jinja2 tags Conduit does not support (no template loading, no macros): a clear message instead of "unknown tag". */
const UNSUPPORTED_TAGS = new Set(['block', 'extends', 'include', 'import', 'from', 'macro', 'call', 'autoescape', 'with']);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
type Mutable = { -readonly [K in keyof TemplateNode]: TemplateNode[K] } & Record<string, unknown>;

function mutable(node: TemplateNode): Mutable {
  return node as Mutable;
}

function children(node: TemplateNode): TemplateNode[] {
  return node['children'] as TemplateNode[];
}

export class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  // ---- token stream -------------------------------------------------------------------------

  private get current(): Token {
    return this.tokens[this.index]!;
  }

  private look(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const tok = this.current;
    if (this.index < this.tokens.length - 1) this.index++;
    return tok;
  }

  private is(type: TokenType, value?: string): boolean {
    const tok = this.current;
    return tok.type === type && (value === undefined || tok.value === value);
  }

  private isName(value: string): boolean {
    return this.is('name', value);
  }

  private skipIf(type: TokenType, value?: string): boolean {
    if (!this.is(type, value)) return false;
    this.next();
    return true;
  }

  private fail(message: string, tok: Token = this.current): never {
    throw new TemplateParseError(message, tok.line, tok.col);
  }

  private describe(tok: Token): string {
    if (tok.type === 'eof') return 'end of template';
    if (tok.type === 'variable_end') return "end of print statement ('}}')";
    if (tok.type === 'block_end') return "end of statement block ('%}')";
    if (tok.type === 'data') return 'template data';
    return `'${tok.value}'`;
  }

  private expect(type: TokenType, value?: string): Token {
    if (!this.is(type, value)) {
      const wanted = value !== undefined ? `'${value}'` : type.replace('_', ' ');
      this.fail(`expected ${wanted}, got ${this.describe(this.current)}`);
    }
    return this.next();
  }

  // ---- template structure -------------------------------------------------------------------

  parseRoot(): TemplateNode {
    const body = this.subparse(null);
    if (!this.is('eof')) this.fail(`unexpected ${this.describe(this.current)}`);
    return new N.Root(0, 0, body);
  }

  /** Nodes until one of `endTokens` (tag names) starts a block; the stream stays on that name. */
  private subparse(endTokens: readonly string[] | null): TemplateNode[] {
    const body: TemplateNode[] = [];
    for (;;) {
      const tok = this.current;
      if (tok.type === 'eof') return body;
      if (tok.type === 'data') {
        this.next();
        body.push(new N.Output(tok.line, tok.col, [new N.TemplateData(tok.line, tok.col, tok.value)]));
      } else if (tok.type === 'variable_begin') {
        this.next();
        const expr = this.parseTuple({ withCondexpr: true });
        this.expect('variable_end');
        body.push(new N.Output(tok.line, tok.col, [expr]));
      } else if (tok.type === 'block_begin') {
        this.next();
        if (endTokens !== null && this.current.type === 'name' && endTokens.includes(this.current.value)) return body;
        body.push(this.parseStatement());
        this.expect('block_end');
      } else {
        this.fail(`unexpected ${this.describe(tok)}`);
      }
    }
  }

  /** After a tag's header: `%}`, the body, and the stream left on the end tag's name. */
  private parseStatements(endTokens: readonly string[], dropNeedle: boolean): TemplateNode {
    const start = this.current;
    this.skipIf('operator', ':');
    this.expect('block_end');
    const body = this.subparse(endTokens);
    if (this.is('eof')) {
      this.fail(`Unexpected end of template. Jinja was looking for the following tags: ${endTokens.map((t) => `'${t}'`).join(' or ')}.`);
    }
    if (dropNeedle) this.next();
    return new N.NodeList(start.line, start.col, body);
  }

  private parseStatement(): TemplateNode {
    const tok = this.current;
    if (tok.type !== 'name') this.fail('tag name expected');
    switch (tok.value) {
      case 'if':
        return this.parseIf();
      case 'for':
        return this.parseFor();
      case 'set':
        return this.parseSet();
      case 'print':
        return this.parsePrint();
      case 'filter':
        return this.parseFilterBlock();
      default:
        if (UNSUPPORTED_TAGS.has(tok.value)) this.fail(`the '${tok.value}' tag is not supported in Conduit templates`, tok);
        return this.fail(`Encountered unknown tag '${tok.value}'.`, tok);
    }
  }

  private parseIf(): TemplateNode {
    const tok = this.expect('name', 'if');
    const root = new N.If(tok.line, tok.col);
    let node = mutable(root);
    for (;;) {
      node.cond = this.parseTuple({ withCondexpr: false });
      node.body = this.parseStatements(['elif', 'else', 'endif'], false);
      node.else_ = null;
      const end = this.next();
      if (end.value === 'elif') {
        const elif = new N.If(end.line, end.col);
        node.else_ = elif;
        node = mutable(elif);
        continue;
      }
      if (end.value === 'else') node.else_ = this.parseStatements(['endif'], true);
      break;
    }
    return root;
  }

  private parseFor(): TemplateNode {
    const tok = this.expect('name', 'for');
    const target = this.parseAssignTarget(['in'], false);
    this.expect('name', 'in');
    const iter = this.parseTuple({ withCondexpr: false, extraEndRules: ['recursive'] });
    let arr = iter;
    if (this.isName('if')) {
      const ifTok = this.next();
      // nunjucks' shape for the loop filter: an InlineIf without else whose body is the iterable.
      arr = new N.InlineIf(ifTok.line, ifTok.col, this.parseExpression(true), iter, null);
    }
    if (this.isName('recursive')) this.fail('recursive loops are not supported in Conduit templates');
    const body = this.parseStatements(['endfor', 'else'], false);
    let elseBody: TemplateNode | null = null;
    if (this.next().value !== 'endfor') elseBody = this.parseStatements(['endfor'], true);
    return new N.For(tok.line, tok.col, arr, target, body, elseBody);
  }

  private parseSet(): TemplateNode {
    const tok = this.expect('name', 'set');
    const target = this.parseAssignTarget(null, true);
    const targets = target.typename === 'Array' ? [...children(target)] : [target];
    const node = mutable(new N.Set(tok.line, tok.col, targets, null));
    node.unpack = target.typename === 'Array';
    if (this.skipIf('operator', '=')) {
      node.value = this.parseTuple({ withCondexpr: true });
      return node;
    }
    const filters = this.parseFilterChain(false);
    const body = this.parseStatements(['endset'], true);
    const capture = new N.Capture(tok.line, tok.col, body);
    node.body = filters === null ? capture : this.applyFilters(filters, capture);
    return node;
  }

  private parsePrint(): TemplateNode {
    const tok = this.expect('name', 'print');
    const exprs: TemplateNode[] = [];
    while (!this.is('block_end')) {
      if (exprs.length > 0) this.expect('operator', ',');
      exprs.push(this.parseExpression(true));
    }
    return new N.Output(tok.line, tok.col, exprs);
  }

  private parseFilterBlock(): TemplateNode {
    const tok = this.expect('name', 'filter');
    const filters = this.parseFilterChain(true)!;
    const body = this.parseStatements(['endfilter'], true);
    return new N.Output(tok.line, tok.col, [this.applyFilters(filters, new N.Capture(tok.line, tok.col, body))]);
  }

  /** Targets of `for` and `set`: names, tuples of names (an Array node, as nunjucks does), `ns.attr` for set. */
  private parseAssignTarget(extraEndRules: readonly string[] | null, withNamespace: boolean): TemplateNode {
    const start = this.current;
    const target = this.parseTuple({ simplified: true, withNamespace, extraEndRules, withCondexpr: true });
    const toTarget = (node: TemplateNode): TemplateNode => {
      if (node.typename === 'Symbol') {
        const name = node['value'] as string;
        if (['true', 'false', 'none', 'True', 'False', 'None'].includes(name)) this.fail(`can't assign to '${name}'`, start);
        return node;
      }
      if (node.typename === 'LookupVal' && withNamespace && node['namespaceRef'] === true) return node;
      if (node.typename === 'Group') return toTarget(children(node)[0]!);
      if (node.typename === 'Tuple') return new N.Array(node.lineno, node.colno, children(node).map(toTarget));
      return this.fail(`can't assign to '${node.typename.toLowerCase()}'`, start);
    };
    return toTarget(target);
  }

  // ---- expressions ---------------------------------------------------------------------------

  private parseExpression(withCondexpr: boolean): TemplateNode {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseTuple(opts: {
    simplified?: boolean;
    withCondexpr?: boolean;
    extraEndRules?: readonly string[] | null;
    explicitParentheses?: boolean;
    withNamespace?: boolean;
  }): TemplateNode {
    const start = this.current;
    const parseOne = (): TemplateNode =>
      opts.simplified === true ? this.parsePrimary(opts.withNamespace === true) : this.parseExpression(opts.withCondexpr !== false);
    const items: TemplateNode[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.expect('operator', ',');
      if (this.isTupleEnd(opts.extraEndRules ?? null)) break;
      items.push(parseOne());
      if (this.is('operator', ',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length > 0) return items[0]!;
      if (opts.explicitParentheses !== true) this.fail(`Expected an expression, got ${this.describe(this.current)}`);
    }
    return new N.Tuple(start.line, start.col, items);
  }

  private isTupleEnd(extraEndRules: readonly string[] | null): boolean {
    const tok = this.current;
    if (tok.type === 'variable_end' || tok.type === 'block_end' || (tok.type === 'operator' && tok.value === ')')) return true;
    return extraEndRules !== null && tok.type === 'name' && extraEndRules.includes(tok.value);
  }

  private parseCondexpr(): TemplateNode {
    let expr = this.parseOr();
    while (this.isName('if')) {
      const tok = this.next();
      const cond = this.parseOr();
      const otherwise = this.skipIf('name', 'else') ? this.parseCondexpr() : null;
      expr = new N.InlineIf(tok.line, tok.col, cond, expr, otherwise);
    }
    return expr;
  }

  private parseOr(): TemplateNode {
    let left = this.parseAnd();
    while (this.isName('or')) {
      this.next();
      left = new N.Or(left.lineno, left.colno, left, this.parseAnd());
    }
    return left;
  }

  private parseAnd(): TemplateNode {
    let left = this.parseNot();
    while (this.isName('and')) {
      this.next();
      left = new N.And(left.lineno, left.colno, left, this.parseNot());
    }
    return left;
  }

  private parseNot(): TemplateNode {
    if (this.isName('not')) {
      const tok = this.next();
      return new N.Not(tok.line, tok.col, this.parseNot());
    }
    return this.parseCompare();
  }

  private parseCompare(): TemplateNode {
    const expr = this.parseMath1();
    const ops: TemplateNode[] = [];
    for (;;) {
      const tok = this.current;
      let type: string;
      if (tok.type === 'operator' && COMPARE_OPS.has(tok.value)) {
        this.next();
        type = tok.value;
      } else if (this.isName('in')) {
        this.next();
        type = 'in';
      } else if (this.isName('not') && this.look().type === 'name' && this.look().value === 'in') {
        this.next();
        this.next();
        type = 'notin';
      } else {
        break;
      }
      ops.push(new N.CompareOperand(tok.line, tok.col, this.parseMath1(), type));
    }
    if (ops.length === 0) return expr;
    if (ops.length === 1) {
      const only = ops[0]!;
      // A lone `in` / `not in` keeps nunjucks' shape: In, or Not(In).
      if (only['type'] === 'in') return new N.In(expr.lineno, expr.colno, expr, only['expr']);
      if (only['type'] === 'notin') {
        return new N.Not(only.lineno, only.colno, new N.In(expr.lineno, expr.colno, expr, only['expr']));
      }
    }
    return new N.Compare(ops[0]!.lineno, ops[0]!.colno, expr, ops);
  }

  private parseMath1(): TemplateNode {
    let left = this.parseConcat();
    while (this.is('operator', '+') || this.is('operator', '-')) {
      const cls = this.next().value === '+' ? N.Add : N.Sub;
      left = new cls(left.lineno, left.colno, left, this.parseConcat());
    }
    return left;
  }

  private parseConcat(): TemplateNode {
    let left = this.parseMath2();
    while (this.is('operator', '~')) {
      this.next();
      left = new N.Concat(left.lineno, left.colno, left, this.parseMath2());
    }
    return left;
  }

  private parseMath2(): TemplateNode {
    let left = this.parsePow();
    for (;;) {
      const tok = this.current;
      if (tok.type !== 'operator') break;
      const cls = tok.value === '*' ? N.Mul : tok.value === '/' ? N.Div : tok.value === '//' ? N.FloorDiv : tok.value === '%' ? N.Mod : null;
      if (cls === null) break;
      this.next();
      left = new cls(left.lineno, left.colno, left, this.parsePow());
    }
    return left;
  }

  private parsePow(): TemplateNode {
    let left = this.parseUnary(true);
    while (this.is('operator', '**')) {
      this.next();
      left = new N.Pow(left.lineno, left.colno, left, this.parseUnary(true));
    }
    return left;
  }

  private parseUnary(withFilter: boolean): TemplateNode {
    const tok = this.current;
    let node: TemplateNode;
    if (this.is('operator', '-')) {
      this.next();
      node = new N.Neg(tok.line, tok.col, this.parseUnary(false));
    } else if (this.is('operator', '+')) {
      this.next();
      node = new N.Pos(tok.line, tok.col, this.parseUnary(false));
    } else {
      node = this.parsePrimary(false);
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  private parsePrimary(withNamespace: boolean): TemplateNode {
    const tok = this.current;
    if (tok.type === 'name') {
      this.next();
      if (tok.value === 'true' || tok.value === 'True') return new N.Literal(tok.line, tok.col, true);
      if (tok.value === 'false' || tok.value === 'False') return new N.Literal(tok.line, tok.col, false);
      if (tok.value === 'none' || tok.value === 'None') return new N.Literal(tok.line, tok.col, null);
      if (withNamespace && this.is('operator', '.')) {
        this.next();
        const attr = this.expect('name');
        const ref = mutable(
          new N.LookupVal(tok.line, tok.col, new N.Symbol(tok.line, tok.col, tok.value), new N.Literal(attr.line, attr.col, attr.value)),
        );
        ref.dot = true;
        ref.namespaceRef = true;
        return ref;
      }
      return new N.Symbol(tok.line, tok.col, tok.value);
    }
    if (tok.type === 'string') {
      let value = '';
      while (this.is('string')) value += this.next().value;
      return new N.Literal(tok.line, tok.col, value);
    }
    if (tok.type === 'integer' || tok.type === 'float') {
      this.next();
      return this.numberLiteral(tok);
    }
    if (this.is('operator', '(')) {
      this.next();
      const inner = this.parseTuple({ explicitParentheses: true, withCondexpr: true });
      this.expect('operator', ')');
      return inner.typename === 'Tuple' ? inner : new N.Group(tok.line, tok.col, [inner]);
    }
    if (this.is('operator', '[')) return this.parseList();
    if (this.is('operator', '{')) return this.parseDict();
    return this.fail(`unexpected ${this.describe(tok)}`);
  }

  /** Numbers keep their source text in `raw`: int vs float (`1.0`) and big ints are decided from it. */
  private numberLiteral(tok: Token): TemplateNode {
    const raw = tok.raw!.replace(/_/g, '');
    let value: number;
    if (tok.type === 'float') value = Number(raw);
    else if (/^0[bB]/.test(raw)) value = parseInt(raw.slice(2), 2);
    else if (/^0[oO]/.test(raw)) value = parseInt(raw.slice(2), 8);
    else value = Number(raw);
    const node = mutable(new N.Literal(tok.line, tok.col, value));
    node.raw = raw;
    node.isFloat = tok.type === 'float';
    return node;
  }

  private parseList(): TemplateNode {
    const tok = this.expect('operator', '[');
    const items: TemplateNode[] = [];
    while (!this.is('operator', ']')) {
      if (items.length > 0) this.expect('operator', ',');
      if (this.is('operator', ']')) break;
      items.push(this.parseExpression(true));
    }
    this.expect('operator', ']');
    return new N.Array(tok.line, tok.col, items);
  }

  private parseDict(): TemplateNode {
    const tok = this.expect('operator', '{');
    const items: TemplateNode[] = [];
    while (!this.is('operator', '}')) {
      if (items.length > 0) this.expect('operator', ',');
      if (this.is('operator', '}')) break;
      const key = this.parseExpression(true);
      this.expect('operator', ':');
      const value = this.parseExpression(true);
      items.push(new N.Pair(key.lineno, key.colno, key, value));
    }
    this.expect('operator', '}');
    return new N.Dict(tok.line, tok.col, items);
  }

  private parsePostfix(node: TemplateNode): TemplateNode {
    for (;;) {
      if (this.is('operator', '.') || this.is('operator', '[')) node = this.parseSubscript(node);
      else if (this.is('operator', '(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: TemplateNode): TemplateNode {
    for (;;) {
      if (this.is('operator', '|')) node = this.applyFilters(this.parseFilterChain(false)!, node);
      else if (this.isName('is')) node = this.parseTest(node);
      else if (this.is('operator', '(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: TemplateNode): TemplateNode {
    const tok = this.next();
    if (tok.value === '.') {
      const attr = this.next();
      if (attr.type === 'name') {
        const lookup = mutable(new N.LookupVal(tok.line, tok.col, node, new N.Literal(attr.line, attr.col, attr.value)));
        lookup.dot = true;
        return lookup;
      }
      if (attr.type !== 'integer') this.fail('expected name or number', attr);
      return new N.LookupVal(tok.line, tok.col, node, this.numberLiteral(attr));
    }
    const args: TemplateNode[] = [];
    while (!this.is('operator', ']')) {
      if (args.length > 0) this.expect('operator', ',');
      args.push(this.parseSubscribed());
    }
    this.expect('operator', ']');
    if (args.length === 0) this.fail('expected subscript expression', tok);
    const key = args.length === 1 ? args[0]! : new N.Tuple(tok.line, tok.col, args);
    return new N.LookupVal(tok.line, tok.col, node, key);
  }

  private parseSubscribed(): TemplateNode {
    const start = this.current;
    const parts: (TemplateNode | null)[] = [];
    if (this.is('operator', ':')) {
      this.next();
      parts.push(null);
    } else {
      const expr = this.parseExpression(true);
      if (!this.is('operator', ':')) return expr;
      this.next();
      parts.push(expr);
    }
    const atPartEnd = (): boolean => this.is('operator', ']') || this.is('operator', ',');
    if (this.is('operator', ':')) parts.push(null);
    else if (!atPartEnd()) parts.push(this.parseExpression(true));
    else parts.push(null);
    if (this.is('operator', ':')) {
      this.next();
      parts.push(atPartEnd() ? null : this.parseExpression(true));
    } else {
      parts.push(null);
    }
    return new N.Slice(start.line, start.col, parts[0], parts[1], parts[2]);
  }

  /** `(a, b, key=c)`: positional nodes, then a KeywordArgs node of Pair(Symbol key, value) when any. */
  private parseCallArgs(): TemplateNode[] {
    const open = this.expect('operator', '(');
    const args: TemplateNode[] = [];
    const kwargs: TemplateNode[] = [];
    let requireComma = false;
    while (!this.is('operator', ')')) {
      if (requireComma) {
        this.expect('operator', ',');
        if (this.is('operator', ')')) break;
      }
      if (this.is('operator', '*') || this.is('operator', '**')) this.fail('*args and **kwargs are not supported in Conduit templates');
      if (this.current.type === 'name' && this.look().type === 'operator' && this.look().value === '=') {
        const key = this.next();
        this.next();
        const value = this.parseExpression(true);
        kwargs.push(new N.Pair(key.line, key.col, new N.Symbol(key.line, key.col, key.value), value));
      } else {
        if (kwargs.length > 0) this.fail('invalid syntax for function call expression', open);
        args.push(this.parseExpression(true));
      }
      requireComma = true;
    }
    this.expect('operator', ')');
    if (kwargs.length > 0) args.push(new N.KeywordArgs(open.line, open.col, kwargs));
    return args;
  }

  private parseCall(node: TemplateNode): TemplateNode {
    const tok = this.current;
    const args = this.parseCallArgs();
    return new N.FunCall(tok.line, tok.col, node, new N.NodeList(tok.line, tok.col, args));
  }

  /** `|name(args)|name2 …` as a list of (name symbol, args) applied in order. */
  private parseFilterChain(startInline: boolean): { name: TemplateNode; args: TemplateNode[] }[] | null {
    const chain: { name: TemplateNode; args: TemplateNode[] }[] = [];
    while (this.is('operator', '|') || startInline) {
      if (!startInline) this.next();
      startInline = false;
      const tok = this.expect('name');
      let name = tok.value;
      while (this.is('operator', '.')) {
        this.next();
        name += `.${this.expect('name').value}`;
      }
      const args = this.is('operator', '(') ? this.parseCallArgs() : [];
      chain.push({ name: new N.Symbol(tok.line, tok.col, name), args });
    }
    return chain.length === 0 ? null : chain;
  }

  private applyFilters(chain: readonly { name: TemplateNode; args: TemplateNode[] }[], target: TemplateNode): TemplateNode {
    let node = target;
    for (const { name, args } of chain) {
      node = new N.Filter(name.lineno, name.colno, name, new N.NodeList(name.lineno, name.colno, [node, ...args]));
    }
    return node;
  }

  private parseTest(node: TemplateNode): TemplateNode {
    const isTok = this.next();
    const negated = this.skipIf('name', 'not');
    const nameTok = this.expect('name');
    let name = nameTok.value;
    while (this.is('operator', '.')) {
      this.next();
      name += `.${this.expect('name').value}`;
    }
    const symbol = new N.Symbol(nameTok.line, nameTok.col, name);
    let test: TemplateNode = symbol;
    const cur = this.current;
    if (this.is('operator', '(')) {
      test = new N.FunCall(cur.line, cur.col, symbol, new N.NodeList(cur.line, cur.col, this.parseCallArgs()));
    } else if (
      (cur.type === 'name' || cur.type === 'string' || cur.type === 'integer' || cur.type === 'float' || this.is('operator', '[') || this.is('operator', '{')) &&
      !(cur.type === 'name' && (cur.value === 'else' || cur.value === 'or' || cur.value === 'and'))
    ) {
      if (this.isName('is')) this.fail('You cannot chain multiple tests with is');
      const arg = this.parsePostfix(this.parsePrimary(false));
      test = new N.FunCall(cur.line, cur.col, symbol, new N.NodeList(cur.line, cur.col, [arg]));
    }
    const result = new N.Is(isTok.line, isTok.col, node, test);
    return negated ? new N.Not(isTok.line, isTok.col, result) : result;
  }
}
