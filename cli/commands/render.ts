// `conduit render` (SPEC §7): JSON lines in, JSON lines out. Each input line
// `{"template", "context"?, "slot"?}` gives one output line, in order: `{"output": "..."}` or
// `{"error": {"code", "message"}}`. The template is checked like `conduit check` would check it
// in that slot (context keys are known variables in addition to the slot's own), compiled, and
// run. A bad line is an error line, never the end of the run.
//
// Conduit additions, all optional per line: "secrets" and "variables" (objects of strings, for
// get_secret/get_variable), "now" (an ISO-8601 instant for now()) and "autoescape" (a boolean,
// true unless false: HTML autoescaping as for a registry file without `autoescape: false`). The context is read with
// Python's JSON semantics (1.0 stays a float, big ints stay exact, key order is kept).
import { createInterface } from 'node:readline';
import { analyseTemplate } from '../../compiler/analyse/analyse-template.js';
import type { Slot } from '../../compiler/analyse/ir.js';
import { TemplateCompileError } from '../../compiler/template/compile-error.js';
import { compileTemplate } from '../../compiler/template/compile-template.js';
import { AuthError } from '../../runtime/auth/types.js';
import { rt } from '../../runtime/template/helpers.js';
import { ProfileFields } from '../../runtime/template/py-values.js';
import { TemplateRenderError, type TemplateEnv, type TemplateFunction } from '../../runtime/template/types.js';
import { parseJsonValue } from '../../runtime/template/values.js';
import { HELP_FLAG, parseCommandArgs } from '../args.js';
import { configureRenderLimits, engineLimitError, renderLimitsFromEnv, renderWithBudget } from '../../runtime/template/render-budget.js';

const USAGE = `usage: conduit render < lines.jsonl

Reads one JSON object per line on stdin and writes one JSON line per input, in order:
  in:  {"template": "...", "context": {...}, "slot": "url|body|hdr|resp"}   (slot defaults to body)
       optional: "secrets": {...}, "variables": {...}, "now": "2024-05-01T12:00:00Z",
                 "autoescape": true|false   (HTML autoescaping, on unless false)
  out: {"output": "..."}  or  {"error": {"code": "...", "message": "..."}}`;

const FLAGS = { help: HELP_FLAG } as const;
const SLOTS: readonly Slot[] = ['url', 'body', 'hdr', 'resp'];

type LineResult = { readonly output: string } | { readonly error: { readonly code: string; readonly message: string } };

class InputError extends Error {}

function fail(code: string, message: string): LineResult {
  return { error: { code, message } };
}

function stringRecord(value: unknown, what: string): ReadonlyMap<string, string> {
  if (value === undefined || value === null) return new Map();
  if (!(value instanceof Map)) throw new InputError(`"${what}" must be an object of strings`);
  for (const v of value.values()) if (typeof v !== 'string') throw new InputError(`"${what}" values must be strings`);
  return value as ReadonlyMap<string, string>;
}

/** 1-based line/column of an offset in the template text. */
function positionIn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** `user.profile_fields` behaves as at run time: a dict with by_id(N). */
function withProfileFields(context: Map<string, unknown>): void {
  const user = context.get('user');
  if (!(user instanceof Map)) return;
  const fields = user.get('profile_fields');
  if (fields instanceof Map && !(fields instanceof ProfileFields)) user.set('profile_fields', new ProfileFields(fields));
}

type Prepared = { readonly fn: TemplateFunction } | { readonly error: LineResult };

/** Batches often repeat a template: its analysis and compilation are reused (bounded cache). */
const prepared = new Map<string, Prepared>();
const MAX_PREPARED = 256;

function prepare(template: string, slot: Slot, names: readonly string[], autoescape: boolean): Prepared {
  const key = JSON.stringify([template, slot, names, autoescape]);
  const hit = prepared.get(key);
  if (hit !== undefined) return hit;
  const result = analyseAndCompile(template, slot, names, autoescape);
  if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value!);
  prepared.set(key, result);
  return result;
}

function analyseAndCompile(template: string, slot: Slot, names: readonly string[], autoescape: boolean): Prepared {
  const analysis = analyseTemplate({
    text: template,
    slot,
    file: '<render>',
    location: { file: '<render>', line: 1, col: 1 },
    positionAt: (offset) => positionIn(template, offset),
    connectorKind: names.includes('steps') || names.includes('request') ? 'composite' : 'regular',
    stepIndex: 0,
    stepNames: [],
    extraVariables: names,
  });
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error');
  if (firstError !== undefined || analysis.ir === null) {
    const d = firstError ?? analysis.diagnostics[0];
    if (d === undefined) return { error: fail('template-invalid', 'the template could not be analysed') };
    return { error: fail(d.code, `${d.message} (line ${d.line}, column ${d.col})${d.hint === undefined ? '' : `; ${d.hint}`}`) };
  }
  try {
    const { code } = compileTemplate(analysis.ir.ast, { source: template, autoescape });
    return { fn: new Function('rt', `return ${code}`)(rt) as TemplateFunction };
  } catch (err) {
    if (err instanceof TemplateCompileError) return { error: fail(err.code, `${err.message} (line ${err.line + 1}, column ${err.col + 1})`) };
    throw err;
  }
}

function renderLine(line: string, warn: (message: string) => void): LineResult {
  let input: unknown;
  try {
    input = parseJsonValue(line);
  } catch (err) {
    return fail('invalid-input', `the line is not JSON: ${(err as Error).message}`);
  }
  try {
    if (!(input instanceof Map)) throw new InputError('each line must be a JSON object');
    const template = input.get('template');
    if (typeof template !== 'string') throw new InputError('"template" must be a string');
    const slot = input.get('slot') ?? 'body';
    if (typeof slot !== 'string' || !SLOTS.includes(slot as Slot)) throw new InputError(`"slot" must be one of ${SLOTS.join(', ')}`);
    const contextValue = input.get('context') ?? new Map();
    if (!(contextValue instanceof Map)) throw new InputError('"context" must be an object');
    const context = contextValue as Map<string, unknown>;
    withProfileFields(context);
    const secrets = stringRecord(input.get('secrets'), 'secrets');
    const variables = stringRecord(input.get('variables'), 'variables');
    const nowText = input.get('now');
    if (nowText !== undefined && (typeof nowText !== 'string' || Number.isNaN(Date.parse(nowText)))) {
      throw new InputError('"now" must be an ISO-8601 date-time');
    }
    const autoescape = input.get('autoescape') ?? true;
    if (typeof autoescape !== 'boolean') throw new InputError('"autoescape" must be true or false');
    const ready = prepare(template, slot as Slot, [...context.keys()], autoescape);
    if ('error' in ready) return ready.error;
    const env: TemplateEnv = {
      getSecret: (name) => secrets.get(name),
      getVariable: (name) => variables.get(name),
      now: () => (typeof nowText === 'string' ? new Date(nowText) : new Date()),
      onMissingSecret: (name) => warn(`secret '${name}' is not set`),
    };
    return { output: renderWithBudget(ready.fn, context, env) };
  } catch (err) {
    if (err instanceof InputError) return fail('invalid-input', err.message);
    if (err instanceof TemplateRenderError) return fail(err.code, err.message);
    const tooLarge = engineLimitError(err);
    if (tooLarge !== null) return fail(tooLarge.code, tooLarge.message);
    if (err instanceof AuthError) return fail(err.kind === 'signing' ? 'jwt-signing' : 'token-request', err.message);
    return fail('internal-error', (err as Error).message);
  }
}

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('render', USAGE, argv, FLAGS);
  if (!args.ok) return args.exitCode;
  // The server's budget (CONDUIT_RENDER_MAX_WORK / _BYTES, same defaults), so a template that
  // renders here renders there.
  const limits = renderLimitsFromEnv(process.env);
  if (typeof limits === 'string') {
    process.stderr.write(`conduit render: ${limits}\n`);
    return 2;
  }
  configureRenderLimits(limits);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const warn = (message: string): void => {
    process.stderr.write(`conduit render: warning: ${message}\n`);
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!process.stdout.write(`${JSON.stringify(renderLine(line, warn))}\n`)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
  return 0;
}
