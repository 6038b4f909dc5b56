// Test support: compiles a template with Conduit's compiler and renders it in process, and
// renders the same cases with real Jinja2 (test/support/jinja2/render.py) in one python3 run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileTemplate } from '../../compiler/template/compile-template.js';
import { parseTemplate } from '../../compiler/template/parse.js';
import { rt } from '../../runtime/template/helpers.js';
import { parseJsonValue } from '../../runtime/template/values.js';
import type { TemplateEnv, TemplateFunction } from '../../runtime/template/types.js';

export interface Case {
  /** Unique, names the case in failures. */
  readonly name: string;
  readonly template: string;
  /** The context as JSON text (floats like 1.0 and big ints survive), or a plain object. */
  readonly context?: string | Readonly<Record<string, unknown>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly variables?: Readonly<Record<string, string>>;
  /** ISO-8601 UTC instant now() returns. */
  readonly now?: string;
  /**
   * Only for a divergence SPEC lists on purpose: what Conduit renders instead of Jinja2's result.
   * The differential test asserts both that Conduit gives this and that Jinja2 gives something else.
   */
  readonly divergence?: { readonly spec: string; readonly conduit: Result | 'error' };
}

/** Autoescape on (the reference platform's default) or off (a registry file's `autoescape: false`). */
export type Mode = 'on' | 'off';
export const MODES: readonly Mode[] = ['on', 'off'];

export type Result = { readonly output: string } | { readonly error: string };

export const DEFAULT_NOW = '2024-05-01T12:34:56.789Z';

function contextJson(c: Case): string {
  if (c.context === undefined) return '{}';
  return typeof c.context === 'string' ? c.context : JSON.stringify(c.context);
}

export interface CompileToFunctionOptions {
  /** HTML-escape printed values (default true, as on the reference platform). */
  readonly autoescape?: boolean;
}

/** Compiles template text to a TemplateFunction (throws on syntax/compile errors). */
export function compileToFunction(template: string, options: CompileToFunctionOptions = {}): TemplateFunction {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(`syntax error: ${parsed.error.message}`);
  const { code } = compileTemplate(parsed.ast, { source: template, autoescape: options.autoescape !== false });
  return new Function('rt', `return ${code}`)(rt) as TemplateFunction;
}

export function envFor(c: Pick<Case, 'secrets' | 'variables' | 'now'>, missing: string[] = []): TemplateEnv {
  return {
    getSecret: (name) => c.secrets?.[name],
    getVariable: (name) => c.variables?.[name],
    now: () => new Date(c.now ?? DEFAULT_NOW),
    onMissingSecret: (name) => missing.push(name),
  };
}

const compiledCases = new Map<string, TemplateFunction>();

/** Cases that render one template with several contexts compile it once per mode. */
function compileCase(template: string, mode: Mode): TemplateFunction {
  const key = `${mode}:${template}`;
  let fn = compiledCases.get(key);
  if (fn === undefined) {
    fn = compileToFunction(template, { autoescape: mode === 'on' });
    compiledCases.set(key, fn);
  }
  return fn;
}

export function renderConduit(c: Case, mode: Mode = 'on'): Result {
  try {
    const fn = compileCase(c.template, mode);
    const vars = parseJsonValue(contextJson(c)) as Map<string, unknown>;
    return { output: fn(vars as ReadonlyMap<string, unknown>, envFor(c)) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

const RENDER_PY = fileURLToPath(new URL('../support/jinja2/render.py', import.meta.url));

/**
 * Renders every case with Jinja2's SandboxedEnvironment in both autoescape modes, in one python3
 * process; asynchronous, so the caller can render the Conduit side meanwhile.
 */
export function renderJinja2(cases: readonly Case[]): Promise<Record<Mode, Result[]>> {
  const input = JSON.stringify(
    MODES.flatMap((mode) =>
      cases.map((c) => ({ template: c.template, context: contextJson(c), autoescape: mode === 'on', secrets: c.secrets, variables: c.variables, now: c.now })),
    ),
  );
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [RENDER_PY], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const fail = (why: string) => {
      const hint = /No module named 'jinja2'|ENOENT/.test(why) ? ' (the differential tests need python3 with Jinja2 3.1: apt-get install python3-jinja2)' : '';
      reject(new Error(`test/support/jinja2/render.py failed${hint}: ${why}`));
    };
    child.on('error', (err) => fail(err.message));
    child.on('close', (status) => {
      if (status !== 0) return fail(Buffer.concat(stderr).toString('utf8'));
      const results = JSON.parse(Buffer.concat(stdout).toString('utf8')) as Result[];
      resolve({ on: results.slice(0, cases.length), off: results.slice(cases.length) });
    });
    child.stdin.end(input);
  });
}
