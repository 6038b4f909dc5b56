// Walks one parsed template with Jinja2 scoping and applies the rules of SPEC §2/§3: names by
// slot, members, steps, functions, filters, tests, unsafe names. One exhaustive switch over the
// node kinds of the AST (../template/ast.ts).
import { argumentNodes, childNodes, unreachable, type Position, type Call, type Expr, type Filter, type For, type Lookup, type Name, type Node, type Parameter, type Slice, type Stmt, type Target, type Test, type Binary } from '../template/ast.js';
import type { AnalysisContext } from './analysis-context.js';
import { callArguments, stringLiteral, symbolName, type CallArguments } from './ast-nodes.js';
import { checkConduitCall, type ConduitFunction } from './conduit-calls.js';
import { closestName, didYouMean } from '../diagnostics/did-you-mean.js';
import { checkFilterArguments } from './filter-arguments.js';
import { FILTER_ALIASES, JINJA_GLOBAL_FUNCTIONS, KNOWN_NAMES, LITERAL_NAMES } from './known-names.js';
import { checkKnownMember, checkUnsafeKey, checkUnsafeName, flattenAccess, type AccessKey } from './member-access.js';
import {
  DICT_METHODS,
  LOOP_MEMBERS,
  PROFILE_FIELDS_MEMBERS,
  REQUEST_BODY_MEMBERS,
  REQUEST_MEMBERS,
  RESPONSE_MEMBERS,
  USER_MEMBERS,
} from './members.js';
import { Scope } from './scope.js';
import { availableNames, isGlobalFunction, isGlobalName, whyNotAvailable, type GlobalName } from './slot-table.js';
import { checkStepReference, findStepHyphen } from './step-references.js';
import { RUNTIME_ENVIRONMENT_NAMES } from './environment-names.js';

const HINT_SET_AFTER_LOOP =
  'a variable set inside {% for %} is not visible after the loop (Jinja2 scoping); ' +
  'use a namespace: {% set ns = namespace(x=...) %} ... {% set ns.x = ... %} ... {{ ns.x }}';

/** The names a macro body or call block body may read without declaring them. */
const MACRO_SPECIAL_NAMES = ['caller', 'varargs', 'kwargs'];

export class TemplateWalker {
  /** Key nodes whose step-name problem was already reported (the `steps.a-b` form). */
  private readonly preReportedStepKeys = new Set<AccessKey>();
  /** Names set inside a for body, gone after it: a hint when they are read later. */
  private readonly namesLostAfterLoops = new Set<string>();

  constructor(private readonly ctx: AnalysisContext) {}

  walk(root: Node): void {
    this.visit(root, new Scope());
  }

  private visitAll(nodes: readonly (Node | Slice)[], scope: Scope): void {
    for (const node of nodes) this.visit(node, scope);
  }

  private visit(node: Node | Slice | null, scope: Scope): void {
    if (node === null) return;
    switch (node.kind) {
      case 'Root':
      case 'If':
      case 'Output':
      case 'Tuple':
      case 'List':
      case 'Dict':
      case 'Slice':
      case 'Concat':
      case 'Logical':
      case 'Unary':
      case 'Not':
      case 'Compare':
      case 'CondExpr':
      case 'TargetTuple':
        this.visitAll(node.kind === 'Slice' ? [node.start, node.stop, node.step].filter((n): n is Expr => n !== null) : childrenOf(node), scope);
        return;
      case 'Data':
      case 'Const':
        return;
      case 'Name':
        this.name(node, [], scope);
        return;
      case 'NamespaceRef':
        this.name({ kind: 'Name', name: node.name, line: node.line, col: node.col }, [], scope);
        if (checkUnsafeName(this.ctx, node.attr, this.ctx.offsetOf({ line: node.attrLine, col: node.attrCol }))) return;
        return;
      case 'Lookup':
        this.access(node, scope);
        return;
      case 'Call':
        this.call(node, scope);
        return;
      case 'Filter':
        this.filter(node, scope);
        return;
      case 'Test':
        this.test(node, scope);
        return;
      case 'Binary':
        if (node.op === '-') this.subtraction(node, scope);
        else this.visitAll([node.left, node.right], scope);
        return;
      case 'For':
        this.forLoop(node, scope);
        return;
      case 'Set':
        this.visit(node.value, scope);
        this.bindTarget(node.target, scope);
        return;
      case 'BlockSet':
        this.visitAll(node.body, scope.child());
        if (node.filter !== null) this.visit(node.filter, scope);
        this.bindTarget(node.target, scope);
        return;
      case 'FilterBlock':
        this.visit(node.filter, scope);
        this.visitAll(node.body, scope.child());
        return;
      case 'Macro':
        scope.bind(node.name);
        this.callable(node.params, node.body, scope);
        return;
      case 'CallBlock':
        this.visit(node.call, scope);
        this.callable(node.params, node.body, scope);
        return;
      case 'With': {
        const inner = scope.child();
        for (const b of node.bindings) {
          this.visit(b.value, scope);
          this.bindTarget(b.target, inner);
        }
        this.visitAll(node.body, inner);
        return;
      }
      case 'Block':
      case 'Autoescape':
        this.visitAll(node.body, scope.child());
        return;
      default:
        unreachable(node);
    }
  }

  /** A macro or call block body: its own scope with its parameters (and caller, varargs, kwargs). */
  private callable(params: readonly Parameter[], body: readonly Stmt[], scope: Scope): void {
    const inner = scope.child();
    for (const name of MACRO_SPECIAL_NAMES) inner.bind(name);
    for (const p of params) {
      checkUnsafeName(this.ctx, p.name, this.ctx.offsetOf(p));
      inner.bind(p.name);
    }
    for (const p of params) this.visit(p.default, inner);
    this.visitAll(body, inner);
  }

  /** Binds set/with targets in `scope` (`{% set ns.x = ... %}` reads ns instead). */
  private bindTarget(target: Target, scope: Scope): void {
    switch (target.kind) {
      case 'Name':
        scope.bind(target.name);
        return;
      case 'TargetTuple':
        for (const t of target.items) this.bindTarget(t, scope);
        return;
      case 'NamespaceRef':
        this.visit(target, scope);
        return;
      default:
        unreachable(target);
    }
  }

// ---- names and members ------------------------------------------------------------------

  private access(node: Lookup, scope: Scope): void {
    const { root, path, dotted } = flattenAccess(node);
    if (root.kind === 'Name') this.name(root, path, scope, dotted);
    else this.visit(root, scope);
    for (const key of path) {
      if (key.kind === 'Const') checkUnsafeKey(this.ctx, key);
      else this.visit(key, scope);
    }
  }

  /** A top-level name read, followed by `path` (member keys, checked here against known members). */
  private name(symbol: Name, path: readonly AccessKey[], scope: Scope, dotted: ReadonlySet<AccessKey> = new Set()): void {
    const name = symbol.name;
    if (LITERAL_NAMES.has(name)) return;
    const binding = scope.lookup(name);
    if (binding === 'loop') {
      checkKnownMember(this.ctx, path[0], LOOP_MEMBERS, 'loop');
      return;
    }
    if (binding !== undefined || JINJA_GLOBAL_FUNCTIONS.has(name) || this.ctx.site.extraVariables?.includes(name)) return;
    if (!isGlobalName(name)) {
      this.unknownVariable(symbol, name, scope);
      return;
    }
    if (!this.allowedHere(name, symbol)) return;
    if (isGlobalFunction(name)) {
      this.ctx.report('template-function-not-called', this.ctx.offsetOf(symbol), `${name} must be called directly, as ${name}(...)`, {
        hint: 'Conduit functions cannot be stored in variables or passed around',
      });
      return;
    }
    this.globalMembers(name, symbol, path, dotted);
  }

  private allowedHere(name: GlobalName, symbol: Name): boolean {
    const why = whyNotAvailable(name, this.ctx.site.connectorKind, this.ctx.site.slot);
    if (why === null) return true;
    this.ctx.report('template-slot-not-allowed', this.ctx.offsetOf(symbol), why.message, why.hint === undefined ? {} : { hint: why.hint });
    return false;
  }

  private globalMembers(
    name: GlobalName,
    symbol: Name,
    path: readonly AccessKey[],
    dotted: ReadonlySet<AccessKey>,
  ): void {
    const ctx = this.ctx;
    switch (name) {
      case 'steps':
        checkStepReference(ctx, symbol, path, this.preReportedStepKeys);
        return;
      case 'request': {
        const member = checkKnownMember(ctx, path[0], REQUEST_MEMBERS, 'request', DICT_METHODS);
        // Conservative: a whole-request read, a computed key or a dict method may reach the body.
        const specific = member !== null && REQUEST_MEMBERS.includes(member) && !REQUEST_BODY_MEMBERS.has(member);
        if (path[0] === undefined || path[0].kind !== 'Const' || (member !== null && !specific)) {
          ctx.readsRequestBody = true;
        }
        const keyNode = member === 'query_parameters' ? path[1] : undefined;
        const key = keyNode === undefined ? null : stringLiteral(keyNode);
        const isMethod = key !== null && dotted.has(keyNode!) && DICT_METHODS.includes(key);
        if (key !== null && !isMethod) ctx.queryParameterKeys.add(key);
        // The whole mapping is read unless one literal key is: `request`, `request[x]`,
        // `request.items()`, `request.query_parameters` as a value, `[x]` or a dict method
        // (`.get('k')` with a literal key is recorded by queryParameterGet).
        const oneKey = member === 'query_parameters' && key !== null && (!isMethod || key === 'get');
        const otherMember = member !== null && member !== 'query_parameters' && REQUEST_MEMBERS.includes(member);
        if (!oneKey && !otherMember) ctx.readsAllQueryParameters = true;
        return;
      }
      case 'response':
        checkKnownMember(ctx, path[0], RESPONSE_MEMBERS, 'response', DICT_METHODS);
        return;
      case 'user': {
        ctx.readsUser = true;
        const member = checkKnownMember(ctx, path[0], USER_MEMBERS, 'user', DICT_METHODS);
        if (member === 'profile_fields') {
          checkKnownMember(ctx, path[1], PROFILE_FIELDS_MEMBERS, 'user.profile_fields');
        }
        return;
      }
      case 'pathParams': {
        const key = path[0];
        const param = key === undefined ? null : stringLiteral(key);
        if (param === null) {
          ctx.report('template-path-param-dynamic', ctx.offsetOf(key ?? symbol), 'path parameters must be named literally', {
            hint: 'write pathParams.NAME: the runtime requires each named parameter from the caller',
          });
        } else {
          ctx.pathParams.add(param);
        }
        return;
      }
      case 'body_text':
      case 'body_raw':
        ctx.readsRequestBody = true;
        return;
      default:
        return;
    }
  }

  private unknownVariable(symbol: Name, name: string, scope: Scope): void {
    const offset = this.ctx.offsetOf(symbol);
    if (RUNTIME_ENVIRONMENT_NAMES.has(name)) {
      this.ctx.report('template-unknown-variable', offset, `unknown variable '${name}': templates cannot reach the runtime environment`);
      return;
    }
    if (name === 'loop') {
      this.ctx.report('template-unknown-variable', offset, "'loop' is only defined inside {% for %}");
      return;
    }
    if (name === 'null' || name === 'nil' || name === 'undefined') {
      this.ctx.report('template-unknown-variable', offset, `unknown variable '${name}' (did you mean 'none'?)`, {
        hint: 'Jinja2 spells the null value none or None',
      });
      return;
    }
    const candidates = [
      ...scope.visibleNames(),
      ...availableNames(this.ctx.site.connectorKind, this.ctx.site.slot),
      ...(this.ctx.site.extraVariables ?? []),
    ];
    const hint = this.namesLostAfterLoops.has(name) ? HINT_SET_AFTER_LOOP : undefined;
    this.ctx.report(
      'template-unknown-variable',
      offset,
      `unknown variable '${name}'${didYouMean(name, candidates)}`,
      hint === undefined ? {} : { hint },
    );
  }

  // ---- calls, filters, tests ----------------------------------------------------------------

  private call(node: Call, scope: Scope): void {
    const callee = node.callee;
    const parsed = callArguments(node);
    if (callee.kind === 'Name') this.callByName(callee, callee.name, parsed, scope);
    else if (callee.kind === 'Lookup') {
      this.access(callee, scope);
      this.formatString(callee);
      this.queryParameterGet(callee, parsed, scope);
    } else this.visit(callee, scope);
    this.visitAll(argumentNodes(node), scope);
  }

  private callByName(callee: Name, name: string, args: CallArguments, scope: Scope): void {
    if (scope.lookup(name) !== undefined || JINJA_GLOBAL_FUNCTIONS.has(name)) return;
    const offset = this.ctx.offsetOf(callee);
    if (isGlobalName(name)) {
      if (!isGlobalFunction(name)) {
        this.ctx.report('template-unknown-function', offset, `'${name}' is a variable, not a function`);
      } else if (this.allowedHere(name, callee)) {
        checkConduitCall(this.ctx, name as ConduitFunction, callee, args);
      }
      return;
    }
    if (RUNTIME_ENVIRONMENT_NAMES.has(name)) {
      this.ctx.report('template-unknown-function', offset, `unknown function '${name}': templates cannot reach the runtime environment`);
      return;
    }
    const functions = [
      ...JINJA_GLOBAL_FUNCTIONS,
      ...availableNames(this.ctx.site.connectorKind, this.ctx.site.slot).filter(isGlobalFunction),
    ];
    this.ctx.report('template-unknown-function', offset, `unknown function '${name}'${didYouMean(name, functions)}`, {
      hint: `functions: ${functions.join(', ')}`,
    });
  }

  /** `request.query_parameters.get('page')` reads the query parameter `page`. */
  private queryParameterGet(callee: Lookup, args: CallArguments, scope: Scope): void {
    const { root, path, dotted } = flattenAccess(callee);
    if (symbolName(root) !== 'request' || scope.lookup('request') !== undefined) return;
    if (whyNotAvailable('request', this.ctx.site.connectorKind, this.ctx.site.slot) !== null) return;
    const [member, method] = path;
    if (path.length !== 2 || stringLiteral(member) !== 'query_parameters' || stringLiteral(method) !== 'get') return;
    if (!dotted.has(method!)) return;
    const key = args.positional[0] === undefined ? null : stringLiteral(args.positional[0]);
    if (key !== null) this.ctx.queryParameterKeys.add(key);
    else this.ctx.readsAllQueryParameters = true;
  }

  /** `'{0.__class__}'.format(x)`: str.format reads members named in the format string. */
  private formatString(callee: Lookup): void {
    const method = stringLiteral(callee.key);
    const target = callee.target;
    const format = stringLiteral(target);
    if ((method !== 'format' && method !== 'format_map') || format === null) return;
    const start = this.ctx.nameOffsetOf(target);
    for (const m of format.matchAll(/\{([^{}!:]*)/g)) {
      const fieldStart = m.index + 1;
      for (const part of m[1]!.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        if (checkUnsafeName(this.ctx, part[0], start + fieldStart + part.index)) return;
      }
    }
  }

  private filter(node: Filter, scope: Scope): void {
    this.visit(node.node, scope);
    this.visitAll(argumentNodes(node), scope);
    if (!this.checkFilterName(node.name, node)) return;
    checkFilterArguments(this.ctx, node.name, callArguments(node), {
      checkFilterName: (n, at) => this.checkFilterName(n, at),
      checkTestName: (n, at) => this.checkTestName(n, at),
    });
  }

  private checkFilterName(name: string, node: Position): boolean {
    if (KNOWN_NAMES.filters.has(name)) return true;
    const suggestion = FILTER_ALIASES.get(name) ?? closestName(name, KNOWN_NAMES.filters);
    this.ctx.report(
      'template-unknown-filter',
      this.ctx.nameOffsetOf(node),
      `unknown filter '${name}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
    );
    return false;
  }

  private checkTestName(name: string, node: Position): void {
    if (KNOWN_NAMES.tests.has(name)) return;
    this.ctx.report('template-unknown-test', this.ctx.nameOffsetOf(node), `unknown test '${name}'${didYouMean(name, KNOWN_NAMES.tests)}`);
  }

  private test(node: Test, scope: Scope): void {
    this.visit(node.node, scope);
    this.visitAll(argumentNodes(node), scope);
    this.checkTestName(node.name, node);
  }

  private subtraction(node: Binary, scope: Scope): void {
    const hyphen =
      this.ctx.site.connectorKind === 'composite'
        ? findStepHyphen(node, () => scope.lookup('steps') === undefined, this.ctx.site.stepNames)
        : null;
    if (hyphen === null) {
      this.visitAll([node.left, node.right], scope);
      return;
    }
    this.ctx.report(
      'template-step-hyphen',
      this.ctx.nameOffsetOf(hyphen.firstKey),
      `'steps.${hyphen.name}' reads as a subtraction: a '-' in a step name needs the bracket form`,
      { hint: `write steps['${hyphen.name}']` },
    );
    this.preReportedStepKeys.add(hyphen.replacementKey);
    this.visit(hyphen.replacement, scope);
    this.visitAll(hyphen.remaining, scope);
  }

  // ---- statements ---------------------------------------------------------------------------

  private forLoop(node: For, scope: Scope): void {
    this.visit(node.iter, scope);
    const body = scope.child();
    this.bindTarget(node.target, body);
    // `for x in xs if cond`: the loop filter sees the loop target.
    this.visit(node.filter, body);
    body.bind('loop', 'loop');
    const loopNames = new Set(body.ownNames());
    this.visitAll(node.body, body);
    for (const name of body.ownNames()) if (!loopNames.has(name)) this.namesLostAfterLoops.add(name);
    if (node.else_ !== null) this.visitAll(node.else_, scope.child());
  }
}

/** The child nodes a generic visit walks (statements and expressions alike). */
function childrenOf(node: Node): Node[] {
  return childNodes(node);
}
