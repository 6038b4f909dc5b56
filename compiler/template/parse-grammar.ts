// Jinja2 3.1's grammar (jinja2/parser.py, same precedence and statement forms) over the tokens of
// ./parse-lexer.ts, building Conduit's typed AST (./ast.ts).
//
// Nesting is bounded: a statement, parenthesis or unary operator nested deeper than
// MAX_NESTING is a syntax error (never a stack overflow), and so is a finished tree deeper than
// MAX_TREE_DEPTH (long operator or filter chains), which every later stage walks recursively.
import type {
  Arguments,
  Call,
  CompareOperator,
  Elif,
  Expr,
  Filter,
  Keyword,
  Name,
  Operand,
  Parameter,
  Root,
  Slice,
  Stmt,
  Target,
  WithBinding,
} from './ast.js';
import { childNodes, type Node } from './ast.js';
import { type Token, type TokenType } from './parse-lexer.js';

export class TemplateParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

/** How deep statements, parentheses and unary operators may nest. */
export const MAX_NESTING = 200;
/** How deep the finished tree may be (a chain `a ~ b ~ …` is as deep as it is long). */
export const MAX_TREE_DEPTH = 1000;

/** Jinja2 tags that load other templates: a connector template is one template. */
const LOADING_TAGS = new Set(['extends', 'include', 'import', 'from']);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** Names that are literals, not variables: Jinja2's lower-case spellings and Python's. */
export const LITERAL_NAMES: ReadonlySet<string> = new Set(['true', 'false', 'none', 'True', 'False', 'None']);

type FilterCall = Omit<Filter, 'node'>;

const NO_ARGUMENTS: Arguments = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };

export class Parser {
  private index = 0;
  private nesting = 0;
  private readonly blockNames = new Set<string>();

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

  private fail(message: string, tok: { line: number; col: number } = this.current): never {
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

  /** Enters one level of nesting; the caller leaves with `this.nesting--` on success. */
  private enter(tok: Token): void {
    if (++this.nesting > MAX_NESTING) this.fail(`the template nests too deeply (more than ${MAX_NESTING} levels)`, tok);
  }

  // ---- template structure -------------------------------------------------------------------

  parseRoot(): Root {
    const body = this.subparse(null);
    if (!this.is('eof')) this.fail(`unexpected ${this.describe(this.current)}`);
    const root: Root = { kind: 'Root', line: 0, col: 0, body };
    checkTreeDepth(root);
    return root;
  }

  /** Nodes until one of `endTokens` (tag names) starts a block; the stream stays on that name. */
  private subparse(endTokens: readonly string[] | null): Stmt[] {
    const body: Stmt[] = [];
    for (;;) {
      const tok = this.current;
      if (tok.type === 'eof') return body;
      if (tok.type === 'data') {
        this.next();
        body.push({ kind: 'Data', line: tok.line, col: tok.col, text: tok.value });
      } else if (tok.type === 'variable_begin') {
        this.next();
        const expr = this.parseTuple({ withCondexpr: true });
        this.expect('variable_end');
        body.push({ kind: 'Output', line: tok.line, col: tok.col, expr });
      } else if (tok.type === 'block_begin') {
        this.next();
        if (endTokens !== null && this.current.type === 'name' && endTokens.includes(this.current.value)) return body;
        body.push(...this.parseStatement());
        this.expect('block_end');
      } else {
        this.fail(`unexpected ${this.describe(tok)}`);
      }
    }
  }

  /** After a tag's header: `%}`, the body, and the stream left on the end tag's name (or after it). */
  private parseStatements(endTokens: readonly string[], dropNeedle: boolean): Stmt[] {
    this.skipIf('operator', ':');
    this.expect('block_end');
    const body = this.subparse(endTokens);
    if (this.is('eof')) {
      this.fail(`Unexpected end of template. Jinja was looking for the following tags: ${endTokens.map((t) => `'${t}'`).join(' or ')}.`);
    }
    if (dropNeedle) this.next();
    return body;
  }

  private parseStatement(): Stmt[] {
    const tok = this.current;
    if (tok.type !== 'name') this.fail('tag name expected');
    this.enter(tok);
    const stmt = this.statementOf(tok);
    this.nesting--;
    return stmt;
  }

  private statementOf(tok: Token): Stmt[] {
    switch (tok.value) {
      case 'if':
        return [this.parseIf()];
      case 'for':
        return [this.parseFor()];
      case 'set':
        return [this.parseSet()];
      case 'print':
        return this.parsePrint();
      case 'filter':
        return [this.parseFilterBlock()];
      case 'macro':
        return [this.parseMacro()];
      case 'call':
        return [this.parseCallBlock()];
      case 'with':
        return [this.parseWith()];
      case 'block':
        return [this.parseBlock()];
      case 'autoescape':
        return [this.parseAutoescape()];
      default:
        if (LOADING_TAGS.has(tok.value)) this.fail(`the '${tok.value}' tag is not supported in Conduit templates`, tok);
        return this.fail(`Encountered unknown tag '${tok.value}'.`, tok);
    }
  }

  private parseIf(): Stmt {
    const tok = this.expect('name', 'if');
    const test = this.parseTuple({ withCondexpr: false });
    const body = this.parseStatements(['elif', 'else', 'endif'], false);
    const elifs: Elif[] = [];
    let else_: Stmt[] | null = null;
    for (;;) {
      const end = this.next();
      if (end.value === 'elif') {
        const elifTest = this.parseTuple({ withCondexpr: false });
        elifs.push({ line: end.line, col: end.col, test: elifTest, body: this.parseStatements(['elif', 'else', 'endif'], false) });
        continue;
      }
      if (end.value === 'else') else_ = this.parseStatements(['endif'], true);
      break;
    }
    return { kind: 'If', line: tok.line, col: tok.col, test, body, elifs, else_ };
  }

  private parseFor(): Stmt {
    const tok = this.expect('name', 'for');
    const target = this.parseAssignTarget(['in'], false);
    // Jinja2's compiler refuses `loop` anywhere in a for target (it would hide the loop object).
    const names = (t: Target): string[] => (t.kind === 'TargetTuple' ? t.items.flatMap(names) : t.kind === 'Name' ? [t.name] : []);
    if (names(target).includes('loop')) this.fail("Can't assign to special loop variable in for-loop target", tok);
    this.expect('name', 'in');
    const iter = this.parseTuple({ withCondexpr: false, extraEndRules: ['recursive'] });
    const filter = this.skipIf('name', 'if') ? this.parseExpression(true) : null;
    const recursive = this.skipIf('name', 'recursive');
    const body = this.parseStatements(['endfor', 'else'], false);
    let else_: Stmt[] | null = null;
    if (this.next().value !== 'endfor') else_ = this.parseStatements(['endfor'], true);
    return { kind: 'For', line: tok.line, col: tok.col, target, iter, filter, body, else_, recursive };
  }

  private parseSet(): Stmt {
    const tok = this.expect('name', 'set');
    const target = this.parseAssignTarget(null, true);
    if (this.skipIf('operator', '=')) {
      return { kind: 'Set', line: tok.line, col: tok.col, target, value: this.parseTuple({ withCondexpr: true }) };
    }
    const chain = this.parseFilterChain(false);
    const body = this.parseStatements(['endset'], true);
    return { kind: 'BlockSet', line: tok.line, col: tok.col, target, filter: chain === null ? null : applyFilters(chain, null), body };
  }

  private parsePrint(): Stmt[] {
    const tok = this.expect('name', 'print');
    const exprs: Stmt[] = [];
    while (!this.is('block_end')) {
      if (exprs.length > 0) this.expect('operator', ',');
      exprs.push({ kind: 'Output', line: tok.line, col: tok.col, expr: this.parseExpression(true) });
    }
    return exprs;
  }

  private parseFilterBlock(): Stmt {
    const tok = this.expect('name', 'filter');
    const chain = this.parseFilterChain(true)!;
    const body = this.parseStatements(['endfilter'], true);
    return { kind: 'FilterBlock', line: tok.line, col: tok.col, filter: applyFilters(chain, null)!, body };
  }

  private parseMacro(): Stmt {
    const tok = this.expect('name', 'macro');
    const name = this.parseAssignName();
    const params = this.parseSignature();
    const body = this.parseStatements(['endmacro'], true);
    return { kind: 'Macro', line: tok.line, col: tok.col, name: name.name, params, body };
  }

  private parseCallBlock(): Stmt {
    const tok = this.expect('name', 'call');
    const params = this.is('operator', '(') ? this.parseSignature() : [];
    const call = this.parseExpression(true);
    if (call.kind !== 'Call') this.fail('expected call', tok);
    const body = this.parseStatements(['endcall'], true);
    return { kind: 'CallBlock', line: tok.line, col: tok.col, call: call as Call, params, body };
  }

  private parseWith(): Stmt {
    const tok = this.expect('name', 'with');
    const bindings: WithBinding[] = [];
    while (!this.is('block_end')) {
      if (bindings.length > 0) this.expect('operator', ',');
      const target = this.parseAssignTarget(null, false);
      this.expect('operator', '=');
      bindings.push({ target, value: this.parseExpression(true) });
    }
    const body = this.parseStatements(['endwith'], true);
    return { kind: 'With', line: tok.line, col: tok.col, bindings, body };
  }

  private parseBlock(): Stmt {
    const tok = this.expect('name', 'block');
    const name = this.expect('name').value;
    const scoped = this.skipIf('name', 'scoped');
    const required = this.skipIf('name', 'required');
    if (this.is('operator', '-')) {
      this.fail('Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.');
    }
    if (this.blockNames.has(name)) this.fail(`block '${name}' defined twice`, tok);
    this.blockNames.add(name);
    const body = this.parseStatements(['endblock'], true);
    if (required && !body.every((n) => n.kind === 'Data' && n.text.trim() === '')) {
      this.fail('Required blocks can only contain comments or whitespace', tok);
    }
    this.skipIf('name', name);
    if (required) this.fail(`Required block '${name}' not found: a connector template has no parent template to provide it`, tok);
    return { kind: 'Block', line: tok.line, col: tok.col, name, scoped, body };
  }

  private parseAutoescape(): Stmt {
    const tok = this.expect('name', 'autoescape');
    const value = this.parseExpression(true);
    if (value.kind !== 'Const' || typeof value.value !== 'boolean') {
      this.fail('{% autoescape %} takes true or false (a computed value cannot be checked before rendering)', value);
    }
    const body = this.parseStatements(['endautoescape'], true);
    return { kind: 'Autoescape', line: tok.line, col: tok.col, enabled: value.value as boolean, body };
  }

  /** `(a, b=1)` of a macro or call block. */
  private parseSignature(): Parameter[] {
    this.expect('operator', '(');
    const params: Parameter[] = [];
    let sawDefault = false;
    while (!this.is('operator', ')')) {
      if (params.length > 0) this.expect('operator', ',');
      const name = this.parseAssignName();
      let value: Expr | null = null;
      if (this.skipIf('operator', '=')) {
        value = this.parseExpression(true);
        sawDefault = true;
      } else if (sawDefault) {
        this.fail('non-default argument follows default argument');
      }
      params.push({ line: name.line, col: name.col, name: name.name, default: value });
    }
    this.expect('operator', ')');
    return params;
  }

  private parseAssignName(): Name {
    const tok = this.expect('name');
    if (LITERAL_NAMES.has(tok.value)) this.fail(`can't assign to '${tok.value}'`, tok);
    return { kind: 'Name', line: tok.line, col: tok.col, name: tok.value };
  }

  /** Targets of `for`, `set` and `with`: names, tuples of names, `ns.attr` for set. */
  private parseAssignTarget(extraEndRules: readonly string[] | null, withNamespace: boolean): Target {
    const start = this.current;
    if (withNamespace && this.current.type === 'name' && this.look().type === 'operator' && this.look().value === '.') {
      const name = this.next();
      this.next();
      const attr = this.expect('name');
      return { kind: 'NamespaceRef', line: name.line, col: name.col, name: name.value, attr: attr.value, attrLine: attr.line, attrCol: attr.col };
    }
    const target = this.parseTuple({ simplified: true, extraEndRules, withCondexpr: true });
    const toTarget = (node: Expr): Target => {
      if (node.kind === 'Name') {
        if (LITERAL_NAMES.has(node.name)) this.fail(`can't assign to '${node.name}'`, start);
        return node;
      }
      if (node.kind === 'Tuple') return { kind: 'TargetTuple', line: node.line, col: node.col, items: node.items.map(toTarget) };
      if (node.kind === 'Const') return this.fail("can't assign to 'const'", start);
      return this.fail(`can't assign to '${node.kind.toLowerCase()}'`, start);
    };
    return toTarget(target);
  }

  // ---- expressions ---------------------------------------------------------------------------

  private parseExpression(withCondexpr: boolean): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseTuple(opts: {
    simplified?: boolean;
    withCondexpr?: boolean;
    extraEndRules?: readonly string[] | null;
    explicitParentheses?: boolean;
  }): Expr {
    const start = this.current;
    const parseOne = (): Expr => (opts.simplified === true ? this.parsePrimary() : this.parseExpression(opts.withCondexpr !== false));
    const items: Expr[] = [];
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
    return { kind: 'Tuple', line: start.line, col: start.col, items };
  }

  private isTupleEnd(extraEndRules: readonly string[] | null): boolean {
    const tok = this.current;
    if (tok.type === 'variable_end' || tok.type === 'block_end' || (tok.type === 'operator' && tok.value === ')')) return true;
    return extraEndRules !== null && tok.type === 'name' && extraEndRules.includes(tok.value);
  }

  private parseCondexpr(): Expr {
    let expr = this.parseOr();
    while (this.isName('if')) {
      const tok = this.next();
      const test = this.parseOr();
      let otherwise: Expr | null = null;
      if (this.skipIf('name', 'else')) {
        this.enter(tok);
        otherwise = this.parseCondexpr();
        this.nesting--;
      }
      expr = { kind: 'CondExpr', line: tok.line, col: tok.col, test, body: expr, else_: otherwise };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      this.next();
      left = { kind: 'Logical', op: 'or', line: left.line, col: left.col, left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      this.next();
      left = { kind: 'Logical', op: 'and', line: left.line, col: left.col, left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const tok = this.next();
      this.enter(tok);
      const operand = this.parseNot();
      this.nesting--;
      return { kind: 'Not', line: tok.line, col: tok.col, operand };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const expr = this.parseMath1();
    const ops: Operand[] = [];
    for (;;) {
      const tok = this.current;
      let op: CompareOperator;
      if (tok.type === 'operator' && COMPARE_OPS.has(tok.value)) {
        this.next();
        op = tok.value as CompareOperator;
      } else if (this.isName('in')) {
        this.next();
        op = 'in';
      } else if (this.isName('not') && this.look().type === 'name' && this.look().value === 'in') {
        this.next();
        this.next();
        op = 'notin';
      } else {
        break;
      }
      ops.push({ line: tok.line, col: tok.col, op, expr: this.parseMath1() });
    }
    if (ops.length === 0) return expr;
    return { kind: 'Compare', line: ops[0]!.line, col: ops[0]!.col, expr, ops };
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.is('operator', '+') || this.is('operator', '-')) {
      const op = this.next().value as '+' | '-';
      left = { kind: 'Binary', op, line: left.line, col: left.col, left, right: this.parseConcat() };
    }
    return left;
  }

  private parseConcat(): Expr {
    let left = this.parseMath2();
    while (this.is('operator', '~')) {
      this.next();
      left = { kind: 'Concat', line: left.line, col: left.col, left, right: this.parseMath2() };
    }
    return left;
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    for (;;) {
      const tok = this.current;
      if (tok.type !== 'operator' || !(tok.value === '*' || tok.value === '/' || tok.value === '//' || tok.value === '%')) break;
      this.next();
      left = { kind: 'Binary', op: tok.value, line: left.line, col: left.col, left, right: this.parsePow() };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary(true);
    while (this.is('operator', '**')) {
      this.next();
      left = { kind: 'Binary', op: '**', line: left.line, col: left.col, left, right: this.parseUnary(true) };
    }
    return left;
  }

  private parseUnary(withFilter: boolean): Expr {
    const tok = this.current;
    this.enter(tok);
    let node: Expr;
    if (this.is('operator', '-') || this.is('operator', '+')) {
      this.next();
      node = { kind: 'Unary', op: tok.value as '-' | '+', line: tok.line, col: tok.col, operand: this.parseUnary(false) };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    this.nesting--;
    return node;
  }

  private parsePrimary(): Expr {
    const tok = this.current;
    if (tok.type === 'name') {
      this.next();
      if (tok.value === 'true' || tok.value === 'True') return { kind: 'Const', line: tok.line, col: tok.col, value: true };
      if (tok.value === 'false' || tok.value === 'False') return { kind: 'Const', line: tok.line, col: tok.col, value: false };
      if (tok.value === 'none' || tok.value === 'None') return { kind: 'Const', line: tok.line, col: tok.col, value: null };
      return { kind: 'Name', line: tok.line, col: tok.col, name: tok.value };
    }
    if (tok.type === 'string') {
      let value = '';
      while (this.is('string')) value += this.next().value;
      return { kind: 'Const', line: tok.line, col: tok.col, value };
    }
    if (tok.type === 'integer' || tok.type === 'float') {
      this.next();
      return numberLiteral(tok);
    }
    if (this.is('operator', '(')) {
      this.next();
      const inner = this.parseTuple({ explicitParentheses: true, withCondexpr: true });
      this.expect('operator', ')');
      return inner;
    }
    if (this.is('operator', '[')) return this.parseList();
    if (this.is('operator', '{')) return this.parseDict();
    return this.fail(`unexpected ${this.describe(tok)}`);
  }

  private parseList(): Expr {
    const tok = this.expect('operator', '[');
    const items: Expr[] = [];
    while (!this.is('operator', ']')) {
      if (items.length > 0) this.expect('operator', ',');
      if (this.is('operator', ']')) break;
      items.push(this.parseExpression(true));
    }
    this.expect('operator', ']');
    return { kind: 'List', line: tok.line, col: tok.col, items };
  }

  private parseDict(): Expr {
    const tok = this.expect('operator', '{');
    const items: { key: Expr; value: Expr }[] = [];
    while (!this.is('operator', '}')) {
      if (items.length > 0) this.expect('operator', ',');
      if (this.is('operator', '}')) break;
      const key = this.parseExpression(true);
      this.expect('operator', ':');
      items.push({ key, value: this.parseExpression(true) });
    }
    this.expect('operator', '}');
    return { kind: 'Dict', line: tok.line, col: tok.col, items };
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.is('operator', '.') || this.is('operator', '[')) node = this.parseSubscript(node);
      else if (this.is('operator', '(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.is('operator', '|')) node = applyFilters(this.parseFilterChain(false)!, node)!;
      else if (this.isName('is')) node = this.parseTest(node);
      else if (this.is('operator', '(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const tok = this.next();
    if (tok.value === '.') {
      const attr = this.next();
      if (attr.type === 'name') {
        return { kind: 'Lookup', line: tok.line, col: tok.col, target: node, key: { kind: 'Const', line: attr.line, col: attr.col, value: attr.value }, dot: true };
      }
      if (attr.type !== 'integer') this.fail('expected name or number', attr);
      return { kind: 'Lookup', line: tok.line, col: tok.col, target: node, key: numberLiteral(attr), dot: false };
    }
    const args: (Expr | Slice)[] = [];
    while (!this.is('operator', ']')) {
      if (args.length > 0) this.expect('operator', ',');
      args.push(this.parseSubscribed());
    }
    this.expect('operator', ']');
    if (args.length === 0) this.fail('expected subscript expression', tok);
    const key: Expr | Slice = args.length === 1 ? args[0]! : { kind: 'Tuple', line: tok.line, col: tok.col, items: args as Expr[] };
    return { kind: 'Lookup', line: tok.line, col: tok.col, target: node, key, dot: false };
  }

  private parseSubscribed(): Expr | Slice {
    const start = this.current;
    const parts: (Expr | null)[] = [];
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
    return { kind: 'Slice', line: start.line, col: start.col, start: parts[0]!, stop: parts[1]!, step: parts[2]! };
  }

  /**
   * `(a, b, key=c, *rest, **opts)`: positional arguments, then keyword arguments, with at most one
   * `*` and one `**` splat, in the orders Jinja2's parse_call_args accepts.
   */
  private parseCallArgs(): Arguments {
    const open = this.expect('operator', '(');
    const args: Expr[] = [];
    const kwargs: Keyword[] = [];
    let dynArgs: Expr | null = null;
    let dynKwargs: Expr | null = null;
    const ensure = (ok: boolean): void => {
      if (!ok) this.fail('invalid syntax for function call expression', open);
    };
    let requireComma = false;
    while (!this.is('operator', ')')) {
      if (requireComma) {
        this.expect('operator', ',');
        if (this.is('operator', ')')) break;
      }
      if (this.is('operator', '*')) {
        ensure(dynArgs === null && dynKwargs === null);
        this.next();
        dynArgs = this.parseExpression(true);
      } else if (this.is('operator', '**')) {
        ensure(dynKwargs === null);
        this.next();
        dynKwargs = this.parseExpression(true);
      } else if (this.current.type === 'name' && this.look().type === 'operator' && this.look().value === '=') {
        ensure(dynKwargs === null);
        const key = this.next();
        this.next();
        kwargs.push({ line: key.line, col: key.col, name: key.value, value: this.parseExpression(true) });
      } else {
        ensure(dynArgs === null && dynKwargs === null && kwargs.length === 0);
        args.push(this.parseExpression(true));
      }
      requireComma = true;
    }
    this.expect('operator', ')');
    return { args, kwargs, dynArgs, dynKwargs };
  }

  private parseCall(node: Expr): Expr {
    const tok = this.current;
    return { kind: 'Call', line: tok.line, col: tok.col, callee: node, ...this.parseCallArgs() };
  }

  /** `|name(args)|name2 …` in order of application. */
  private parseFilterChain(startInline: boolean): FilterCall[] | null {
    const chain: FilterCall[] = [];
    while (this.is('operator', '|') || startInline) {
      if (!startInline) this.next();
      startInline = false;
      const tok = this.expect('name');
      let name = tok.value;
      while (this.is('operator', '.')) {
        this.next();
        name += `.${this.expect('name').value}`;
      }
      const args = this.is('operator', '(') ? this.parseCallArgs() : NO_ARGUMENTS;
      chain.push({ kind: 'Filter', line: tok.line, col: tok.col, name, ...args });
    }
    return chain.length === 0 ? null : chain;
  }

  private parseTest(node: Expr): Expr {
    const isTok = this.next();
    const negated = this.skipIf('name', 'not');
    const nameTok = this.expect('name');
    let name = nameTok.value;
    while (this.is('operator', '.')) {
      this.next();
      name += `.${this.expect('name').value}`;
    }
    let args: Arguments = NO_ARGUMENTS;
    const cur = this.current;
    if (this.is('operator', '(')) {
      args = this.parseCallArgs();
    } else if (
      (cur.type === 'name' || cur.type === 'string' || cur.type === 'integer' || cur.type === 'float' || this.is('operator', '[') || this.is('operator', '{')) &&
      !(cur.type === 'name' && (cur.value === 'else' || cur.value === 'or' || cur.value === 'and'))
    ) {
      if (this.isName('is')) this.fail('You cannot chain multiple tests with is');
      args = { ...NO_ARGUMENTS, args: [this.parsePostfix(this.parsePrimary())] };
    }
    const test: Expr = { kind: 'Test', line: nameTok.line, col: nameTok.col, name, node, ...args };
    return negated ? { kind: 'Not', line: isTok.line, col: isTok.col, operand: test } : test;
  }
}

function applyFilters(chain: readonly FilterCall[], target: Expr | null): Filter | null {
  let node: Filter | null = null;
  let inner: Expr | null = target;
  for (const call of chain) {
    node = { ...call, node: inner };
    inner = node;
  }
  return node;
}

/** Numbers keep their source text in `raw`: int vs float (`1.0`) and big ints are decided from it. */
function numberLiteral(tok: Token): Expr {
  const raw = tok.raw!.replace(/_/g, '');
  let value: number;
  if (tok.type === 'float') value = Number(raw);
  else if (/^0[bB]/.test(raw)) value = parseInt(raw.slice(2), 2);
  else if (/^0[oO]/.test(raw)) value = parseInt(raw.slice(2), 8);
  else value = Number(raw);
  return { kind: 'Const', line: tok.line, col: tok.col, value, raw, isFloat: tok.type === 'float' };
}

/** Refuses a tree deeper than MAX_TREE_DEPTH, walking it without recursion. */
function checkTreeDepth(root: Root): void {
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) {
      throw new TemplateParseError(`the template nests too deeply (an expression more than ${MAX_TREE_DEPTH} levels deep)`, node.line, node.col);
    }
    for (const child of childNodes(node)) stack.push([child, depth + 1]);
  }
}
