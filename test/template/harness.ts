// Test support: compiles a template with Conduit's compiler and renders it in process, and
// renders the same cases with real Jinja2 (test/support/jinja2/render.py) in one python3 run.
import { spawnSync } from 'node:child_process';
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
  /** HTML autoescaping in both renderers (Jinja2's `autoescape=`); off unless true. */
  readonly autoescape?: boolean;
}

export type Result = { readonly output: string } | { readonly error: string };

export const DEFAULT_NOW = '2024-05-01T12:34:56.789Z';

function contextJson(c: Case): string {
  if (c.context === undefined) return '{}';
  return typeof c.context === 'string' ? c.context : JSON.stringify(c.context);
}

export interface CompileOptions {
  /** HTML autoescaping, on unless false (as on the reference platform). */
  readonly autoescape?: boolean;
}

/** Compiles template text to a TemplateFunction (throws on syntax/compile errors). */
export function compileToFunction(template: string, options: CompileOptions = {}): TemplateFunction {
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

export function renderConduit(c: Case): Result {
  try {
    const fn = compileToFunction(c.template, { autoescape: c.autoescape === true });
    const vars = parseJsonValue(contextJson(c)) as Map<string, unknown>;
    return { output: fn(vars as ReadonlyMap<string, unknown>, envFor(c)) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

const RENDER_PY = fileURLToPath(new URL('../support/jinja2/render.py', import.meta.url));

/** Renders every case with Jinja2 in one python3 process. */
export function renderJinja2(cases: readonly Case[]): Result[] {
  const input = JSON.stringify(
    cases.map((c) => ({ template: c.template, context: contextJson(c), secrets: c.secrets, variables: c.variables, now: c.now, autoescape: c.autoescape === true })),
  );
  const run = spawnSync('python3', [RENDER_PY], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error !== undefined || run.status !== 0) {
    const why = run.error?.message ?? run.stderr;
    const hint = /No module named 'jinja2'|ENOENT/.test(why) ? ' (the differential tests need python3 with Jinja2 3.1: apt-get install python3-jinja2)' : '';
    throw new Error(`test/support/jinja2/render.py failed${hint}: ${why}`);
  }
  return JSON.parse(run.stdout) as Result[];
}
