// Calls of Conduit's own functions (SPEC §2): get_secret('NAME'), get_variable('NAME'),
// jwt_encode(payload, key, algorithm, headers=None) and now(offset=0). Secret and variable names must
// be literal identifiers so the build knows every name a template can read.
// Pure (node:crypto only): the runtime's own key parser, so build and run time agree on what signs.
import { validateSigningKey } from '../../runtime/auth/signing-key.js';
import type { Expr, Position } from '../template/ast.js';
import { JWT_ALGORITHMS } from '../validate/auth-schema.js';
import type { AnalysisContext } from './analysis-context.js';
import type { CallArguments } from './ast-nodes.js';
import { stringLiteral } from './ast-nodes.js';

export type ConduitFunction = 'get_secret' | 'get_variable' | 'jwt_encode' | 'now';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const JWT_PARAMETERS = ['payload', 'key', 'algorithm', 'headers'] as const;
const JWT_REQUIRED = 3;

/** Checks one call; `nameNode` is the function's name (diagnostics about the call point there). */
export function checkConduitCall(
  ctx: AnalysisContext,
  fn: ConduitFunction,
  nameNode: Position,
  args: CallArguments,
): void {
  switch (fn) {
    case 'get_secret':
    case 'get_variable':
      checkNamedLookup(ctx, fn, nameNode, args);
      return;
    case 'jwt_encode':
      checkJwtEncode(ctx, nameNode, args);
      return;
    case 'now': {
      // now(offset=0): Unix seconds plus an offset in seconds (SPEC §2).
      const extra = args.keywords.find((k) => k.name !== 'offset');
      if (args.splat) return; // the runtime binds now(*args) as Python would
      if (args.positional.length + args.keywords.length > 1 || extra !== undefined) {
        ctx.report('template-bad-arguments', ctx.offsetOf(extra?.key ?? nameNode), 'now() takes at most one argument, the offset in seconds', {
          hint: 'write now() for the current Unix time in seconds, or now(300) / now(offset=300) for five minutes from now',
        });
      }
      return;
    }
  }
}

function checkNamedLookup(
  ctx: AnalysisContext,
  fn: 'get_secret' | 'get_variable',
  nameNode: Position,
  args: CallArguments,
): void {
  const what = fn === 'get_secret' ? 'secret' : 'variable';
  const code = fn === 'get_secret' ? 'template-bad-secret-name' : 'template-bad-variable-name';
  const [arg] = args.positional;
  // A splat could name any secret or variable: the build must see the name itself.
  if (args.positional.length !== 1 || args.keywords.length > 0 || args.splat || arg === undefined) {
    ctx.report('template-bad-arguments', ctx.offsetOf(nameNode), `${fn}() takes exactly one argument, the ${what} name`, {
      hint: `write ${fn}('${what === 'secret' ? 'api_key' : 'base_url'}')`,
    });
    return;
  }
  const name = stringLiteral(arg);
  if (name === null) {
    ctx.report(code, ctx.offsetOf(arg), `the ${what} name given to ${fn}() must be a string literal`, {
      hint: `a computed name cannot be checked at build time; write ${fn}('NAME')`,
    });
    return;
  }
  if (!IDENTIFIER.test(name)) {
    ctx.report(code, ctx.nameOffsetOf(arg), `'${name}' is not a valid ${what} name`, {
      hint: `${what} names are identifiers: letters, digits and _, not starting with a digit`,
    });
    return;
  }
  if (fn === 'get_secret') ctx.recordSecretUse(name, ctx.offsetOf(nameNode));
  else ctx.variableNames.add(name);
}

function checkJwtEncode(ctx: AnalysisContext, nameNode: Position, args: CallArguments): void {
  const usage = 'jwt_encode(payload, key, algorithm, headers=None)';
  if (args.splat) return; // arguments known only when it runs: the runtime binds and checks them
  if (args.positional.length > JWT_PARAMETERS.length) {
    ctx.report('template-bad-arguments', ctx.offsetOf(args.positional[JWT_PARAMETERS.length]!), `too many arguments: ${usage}`);
    return;
  }
  const given = new Set<string>(JWT_PARAMETERS.slice(0, args.positional.length));
  for (const keyword of args.keywords) {
    if (!(JWT_PARAMETERS as readonly string[]).includes(keyword.name)) {
      ctx.report('template-bad-arguments', ctx.offsetOf(keyword.key), `jwt_encode() has no argument '${keyword.name}': ${usage}`);
      return;
    }
    if (given.has(keyword.name)) {
      ctx.report('template-bad-arguments', ctx.offsetOf(keyword.key), `'${keyword.name}' is given twice: ${usage}`);
      return;
    }
    given.add(keyword.name);
  }
  const missing = JWT_PARAMETERS.slice(0, JWT_REQUIRED).filter((name) => !given.has(name));
  if (missing.length > 0) {
    ctx.report('template-bad-arguments', ctx.offsetOf(nameNode), `jwt_encode() is missing ${missing.join(', ')}: ${usage}`);
    return;
  }
  checkLiteralSigningKey(ctx, argument(args, 'key'), argument(args, 'algorithm'));
}

function argument(args: CallArguments, name: (typeof JWT_PARAMETERS)[number]): Expr | undefined {
  return args.keywords.find((k) => k.name === name)?.value ?? args.positional[JWT_PARAMETERS.indexOf(name)];
}

/** A key and algorithm written as string literals are checked now, as the runtime would sign. */
function checkLiteralSigningKey(ctx: AnalysisContext, keyNode: Expr | undefined, algorithmNode: Expr | undefined): void {
  const algorithm = algorithmNode === undefined ? null : stringLiteral(algorithmNode);
  if (algorithm === null) return;
  if (!(JWT_ALGORITHMS as readonly string[]).includes(algorithm)) {
    ctx.report('auth-invalid-algorithm', ctx.nameOffsetOf(algorithmNode!), `'${algorithm.slice(0, 40)}' is not a JWT algorithm`, {
      hint: `use one of ${JWT_ALGORITHMS.join(', ')}`,
    });
    return;
  }
  const key = keyNode === undefined ? null : stringLiteral(keyNode);
  if (key === null) return;
  const problem = validateSigningKey(key, algorithm);
  if (problem !== null) {
    ctx.report('auth-bad-signing-key', ctx.nameOffsetOf(keyNode!), `unusable signing key: ${problem}`, {
      hint: "keep real keys out of templates: jwt_encode(claims, get_secret('NAME'), '" + algorithm + "')",
    });
  }
}
