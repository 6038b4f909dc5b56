// Walks one parsed template with Jinja2 scoping and applies the rules of SPEC §2/§3: names by
// slot, members, steps, functions, filters, tests, unsafe names, unsupported tags. Node types it
// does not know are walked generically (every field that holds nodes), so parser extensions
// are still checked inside.
import type { TemplateNode } from '../template/parse.js';
import type { AnalysisContext } from './analysis-context.js';
import {
  callArguments,
  childrenOf,
  field,
  fieldNodes,
  isNode,
  isType,
  stringLiteral,
  symbolName,
} from './ast-nodes.js';
import { checkConduitCall, type ConduitFunction } from './conduit-calls.js';
import { closestName, didYouMean } from './did-you-mean.js';
import { checkFilterArguments } from './filter-arguments.js';
import {
  FILTER_ALIASES,
  HTML_ONLY_FILTERS,
  HTML_ONLY_TESTS,
  JINJA_GLOBAL_FUNCTIONS,
  KNOWN_NAMES,
  LITERAL_NAMES,
} from './known-names.js';
import { checkKnownMember, checkUnsafeKey, checkUnsafeName, flattenAccess } from './member-access.js';
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

/** Node types of template features Conduit does not support, with the reason shown. */
const UNSUPPORTED_NODES: ReadonlyMap<string, string> = new Map([
  ['Macro', '{% macro %} is not supported: a connector template stands alone'],
  ['Caller', '{% call %} is not supported: a connector template stands alone'],
  ['Import', '{% import %} is not supported: a connector template stands alone'],
  ['FromImport', '{% from ... import %} is not supported: a connector template stands alone'],
  ['Include', '{% include %} is not supported: a connector template stands alone'],
  ['Extends', '{% extends %} is not supported: a connector template stands alone'],
  ['Block', '{% block %} is not supported: templates have no inheritance'],
  ['Super', 'super() is not supported: templates have no inheritance'],
  ['Switch', '{% switch %} is nunjucks syntax, not Jinja2: use {% if %} / {% elif %}'],
  ['IfAsync', '{% ifAsync %} is nunjucks syntax, not Jinja2: use {% if %}'],
  ['AsyncEach', '{% asyncEach %} is nunjucks syntax, not Jinja2: use {% for %}'],
  ['AsyncAll', '{% asyncAll %} is nunjucks syntax, not Jinja2: use {% for %}'],
]);

const HINT_SET_AFTER_LOOP =
  'a variable set inside {% for %} is not visible after the loop (Jinja2 scoping); ' +
  'use a namespace: {% set ns = namespace(x=...) %} ... {% set ns.x = ... %} ... {{ ns.x }}';

export class TemplateWalker {
  /** Key nodes whose step-name problem was already reported (the `steps.a-b` form). */
  private readonly preReportedStepKeys = new Set<TemplateNode>();
  /** Names set inside a for body, gone after it: a hint when they are read later. */
  private readonly namesLostAfterLoops = new Set<string>();

  constructor(private readonly ctx: AnalysisContext) {}

  walk(root: TemplateNode): void {
    this.visit(root, new Scope());
  }

  private visit(node: unknown, scope: Scope): void {
    if (Array.isArray(node)) {
      for (const item of node) this.visit(item, scope);
      return;
    }
    if (!isNode(node)) return;
    const unsupported = UNSUPPORTED_NODES.get(node.typename);
    if (unsupported !== undefined) {
      this.ctx.report('template-unsupported-tag', this.ctx.offsetOf(node), unsupported);
      return;
    }
    switch (node.typename) {
      case 'TemplateData':
        return;
      case 'Literal':
        return;
      case 'Symbol':
        this.name(node, [], scope);
        return;
      case 'LookupVal':
        this.access(node, scope);
        return;
      case 'FunCall':
        this.call(node, scope);
        return;
      case 'Filter':
        this.filter(node, scope);
        return;
      case 'Is':
        this.test(node, scope);
        return;
      case 'Sub':
        this.subtraction(node, scope);
        return;
      case 'Dict':
        // Jinja2 dict keys are expressions: `{a: 1}` reads the variable a.
        for (const pair of childrenOf(node)) this.visit(fieldNodes(pair), scope);
        return;
      case 'KeywordArgs':
        for (const pair of childrenOf(node)) this.visit(pair['value'], scope);
        return;
      case 'For':
        this.forLoop(node, scope);
        return;
      case 'Set':
        this.setTag(node, scope);
        return;
      case 'Capture':
        this.visit(fieldNodes(node), scope.child());
        return;
      default:
        this.visit(fieldNodes(node), scope);
    }
  }

  // ---- names and members ------------------------------------------------------------------

  private access(node: TemplateNode, scope: Scope): void {
    const { root, path, dotted } = flattenAccess(node);
    const rootName = symbolName(root);
    if (rootName !== null) this.name(root, path, scope, dotted);
    else this.visit(root, scope);
    for (const key of path) {
      if (isType(key, 'Literal')) checkUnsafeKey(this.ctx, key);
      else this.visit(key, scope);
    }
  }

  /** A top-level name read, followed by `path` (member keys, checked here against known members). */
  private name(
    symbol: TemplateNode,
    path: readonly TemplateNode[],
    scope: Scope,
    dotted: ReadonlySet<TemplateNode> = new Set(),
  ): void {
    const name = symbolName(symbol)!;
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

  private allowedHere(name: GlobalName, symbol: TemplateNode): boolean {
    const why = whyNotAvailable(name, this.ctx.site.connectorKind, this.ctx.site.slot);
    if (why === null) return true;
    this.ctx.report('template-slot-not-allowed', this.ctx.offsetOf(symbol), why.message, why.hint === undefined ? {} : { hint: why.hint });
    return false;
  }

  private globalMembers(
    name: GlobalName,
    symbol: TemplateNode,
    path: readonly TemplateNode[],
    dotted: ReadonlySet<TemplateNode>,
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
        if (path[0] === undefined || !isType(path[0], 'Literal') || (member !== null && !specific)) {
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

  private unknownVariable(symbol: TemplateNode, name: string, scope: Scope): void {
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

  private call(node: TemplateNode, scope: Scope): void {
    const callee = field(node, 'name');
    const args = field(node, 'args');
    const parsed = callArguments(args);
    const name = symbolName(callee);
    if (callee !== null && name !== null) this.callByName(callee, name, parsed, scope);
    else if (callee !== null && callee.typename === 'LookupVal') {
      this.access(callee, scope);
      this.formatString(callee);
      this.queryParameterGet(callee, parsed, scope);
    } else this.visit(callee, scope);
    this.visit(args, scope);
  }

  private callByName(callee: TemplateNode, name: string, args: ReturnType<typeof callArguments>, scope: Scope): void {
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
  private queryParameterGet(callee: TemplateNode, args: ReturnType<typeof callArguments>, scope: Scope): void {
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
  private formatString(callee: TemplateNode): void {
    const method = stringLiteral(field(callee, 'val'));
    const target = field(callee, 'target');
    const format = stringLiteral(target);
    if ((method !== 'format' && method !== 'format_map') || target === null || format === null) return;
    const start = this.ctx.nameOffsetOf(target);
    for (const m of format.matchAll(/\{([^{}!:]*)/g)) {
      const fieldStart = m.index + 1;
      for (const part of m[1]!.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        if (checkUnsafeName(this.ctx, part[0], start + fieldStart + part.index)) return;
      }
    }
  }

  private filter(node: TemplateNode, scope: Scope): void {
    const nameNode = field(node, 'name');
    const name = symbolName(nameNode);
    const args = field(node, 'args');
    this.visit(args, scope);
    if (nameNode === null || name === null) return;
    if (!this.checkFilterName(name, nameNode)) return;
    const all = callArguments(args);
    checkFilterArguments(this.ctx, name, { positional: all.positional.slice(1), keywords: all.keywords }, {
      checkFilterName: (n, at) => this.checkFilterName(n, at),
      checkTestName: (n, at) => this.checkTestName(n, at),
    });
  }

  private checkFilterName(name: string, node: TemplateNode): boolean {
    if (KNOWN_NAMES.filters.has(name)) return true;
    const offset = this.ctx.nameOffsetOf(node);
    const htmlOnly = HTML_ONLY_FILTERS.get(name);
    const alias = FILTER_ALIASES.get(name);
    const suggestion = alias ?? closestName(name, KNOWN_NAMES.filters);
    this.ctx.report(
      'template-unknown-filter',
      offset,
      `unknown filter '${name}'${suggestion === undefined || htmlOnly !== undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
      htmlOnly === undefined ? {} : { hint: htmlOnly },
    );
    return false;
  }

  private checkTestName(name: string, node: TemplateNode): void {
    if (KNOWN_NAMES.tests.has(name)) return;
    const htmlOnly = HTML_ONLY_TESTS.get(name);
    this.ctx.report(
      'template-unknown-test',
      this.ctx.nameOffsetOf(node),
      `unknown test '${name}'${htmlOnly === undefined ? didYouMean(name, KNOWN_NAMES.tests) : ''}`,
      htmlOnly === undefined ? {} : { hint: htmlOnly },
    );
  }

  private test(node: TemplateNode, scope: Scope): void {
    this.visit(field(node, 'left'), scope);
    const right = field(node, 'right');
    if (right === null) return;
    // The test name is what is written there, even if a parser turns `none` into a literal.
    let nameNode: TemplateNode | null = null;
    if (right.typename === 'Symbol' || right.typename === 'Literal') nameNode = right;
    else if (right.typename === 'FunCall') {
      nameNode = field(right, 'name');
      this.visit(field(right, 'args'), scope);
    }
    const name = nameNode === null ? '' : this.ctx.text.identifierAt(this.ctx.offsetOf(nameNode));
    if (nameNode === null || name === '') {
      this.ctx.report('template-syntax', this.ctx.offsetOf(right), "expected a test name after 'is'");
      this.visit(right, scope);
      return;
    }
    this.checkTestName(name, nameNode);
  }

  private subtraction(node: TemplateNode, scope: Scope): void {
    const hyphen =
      this.ctx.site.connectorKind === 'composite'
        ? findStepHyphen(node, () => scope.lookup('steps') === undefined, this.ctx.site.stepNames)
        : null;
    if (hyphen === null) {
      this.visit(fieldNodes(node), scope);
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
    this.visit(hyphen.remaining, scope);
  }

  // ---- statements ---------------------------------------------------------------------------

  private forLoop(node: TemplateNode, scope: Scope): void {
    let iterable = field(node, 'arr');
    let loopFilter: TemplateNode | null = null;
    // `for x in xs if cond` arrives as arr = InlineIf(cond, xs): a loop filter, which sees the
    // loop target (a parenthesised inline if would be a Group).
    if (iterable !== null && iterable.typename === 'InlineIf') {
      loopFilter = field(iterable, 'cond');
      iterable = field(iterable, 'body');
    }
    this.visit(iterable, scope);
    const body = scope.child();
    const target = field(node, 'name');
    for (const name of target === null ? [] : target.typename === 'Array' ? childrenOf(target) : [target]) {
      const bound = symbolName(name);
      if (bound !== null) body.bind(bound);
      else this.visit(name, scope);
    }
    this.visit(loopFilter, body);
    body.bind('loop', 'loop');
    const loopNames = new Set(body.ownNames());
    this.visit(fieldNodes(node, ['arr', 'name', 'else_']), body);
    for (const name of body.ownNames()) if (!loopNames.has(name)) this.namesLostAfterLoops.add(name);
    this.visit(field(node, 'else_'), scope.child());
  }

  private setTag(node: TemplateNode, scope: Scope): void {
    const value = field(node, 'value');
    if (value !== null) this.visit(value, scope);
    else this.visit(node['body'], scope); // block set: a Capture (own scope)
    const targets = node['targets'];
    for (const target of Array.isArray(targets) ? targets.filter(isNode) : []) {
      const name = symbolName(target);
      if (name !== null) scope.bind(name);
      else this.visit(target, scope); // `{% set ns.x = ... %}` reads ns
    }
    this.visit(fieldNodes(node, ['targets', 'value']), scope);
  }
}
