// The compiler's folders are its stages (ARCHITECTURE.md "Compiler pipeline"): each stage imports
// only from the stages before it, plus diagnostics/. Files directly under compiler/ drive the
// pipeline and no stage imports them; compiler/ never imports cli/; runtime/ imports neither.
// Read from the sources, so a new file or folder is checked the day it lands.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Stage folders of compiler/, in pipeline order. */
const STAGES = ['load', 'validate', 'template', 'analyse', 'rules', 'emit', 'bundle'] as const;
const SHARED = 'diagnostics';

/** Relative specifiers of static imports, export-from, dynamic import() and import type. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"$]+)\1/g; // no ${…}: emitted code held in template strings

export interface SourceFile {
  readonly path: string; // repository-relative, forward slashes
  readonly text: string;
}

function importsOf(file: SourceFile): string[] {
  const out: string[] = [];
  for (const match of file.text.matchAll(SPECIFIER)) {
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file.path), match[2]!)));
  }
  return out;
}

/** Where a repository path sits: a stage, diagnostics, the driver (compiler/*.ts), cli, runtime, or other. */
function placeOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'compiler') return parts.length === 2 ? 'driver' : `compiler/${parts[1]}`;
  return parts[0]!;
}

/** Every import that breaks the direction rules, as "from -> to: why". */
export function importViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const from = placeOf(file.path);
    for (const target of importsOf(file)) {
      const to = placeOf(target);
      const why = violation(from, to);
      if (why !== null) violations.push(`${file.path} -> ${target}: ${why}`);
    }
  }
  return violations;
}

function violation(from: string, to: string): string | null {
  if (from === 'runtime' && (to === 'driver' || to.startsWith('compiler/') || to === 'cli')) return 'runtime imports neither compiler/ nor cli/';
  if (!(from === 'driver' || from.startsWith('compiler/'))) return null;
  if (to === 'cli') return 'compiler/ never imports cli/';
  if (from === 'driver') return null;
  const stage = from.slice('compiler/'.length);
  if (to === 'driver') return `a stage (${stage}) never imports the pipeline driver`;
  if (!to.startsWith('compiler/')) return null;
  const target = to.slice('compiler/'.length);
  if (stage === SHARED) return target === SHARED ? null : 'diagnostics/ imports no stage';
  if (target === SHARED) return null;
  const a = STAGES.indexOf(stage as (typeof STAGES)[number]);
  const b = STAGES.indexOf(target as (typeof STAGES)[number]);
  if (a < 0) return `compiler/${stage}/ is not a stage`;
  if (b < 0) return `compiler/${target}/ is not a stage`;
  return b <= a ? null : `${stage} (stage ${a + 1}) imports the later stage ${target} (stage ${b + 1})`;
}

function sourcesUnder(folder: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(m?ts|m?js)$/.test(entry.name)) out.push({ path: rel, text: readFileSync(path.join(ROOT, rel), 'utf8') });
    }
  };
  walk(folder);
  return out;
}

describe('compiler stage import direction', () => {
  it('every folder of compiler/ is a stage or diagnostics/', () => {
    const folders = readdirSync(path.join(ROOT, 'compiler'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((name) => name !== SHARED && !STAGES.includes(name as (typeof STAGES)[number]))).toEqual([]);
    expect(folders.sort()).toEqual([...STAGES, SHARED].sort());
  });

  it('each stage imports only earlier stages and diagnostics/; runtime imports no compiler code', () => {
    const files = [...sourcesUnder('compiler'), ...sourcesUnder('cli'), ...sourcesUnder('runtime')];
    expect(files.length).toBeGreaterThan(100);
    expect(importViolations(files)).toEqual([]);
  });

  it('the CLI lives in the top-level cli/ and drives the compiler', () => {
    const cli = sourcesUnder('cli');
    expect(cli.map((f) => f.path)).toContain('cli/main.ts');
    expect(cli.some((f) => importsOf(f).some((t) => t.startsWith('compiler/')))).toBe(true);
  });

  it('reports each kind of wrong-way import', () => {
    const file = (p: string, ...imports: string[]): SourceFile => ({ path: p, text: imports.map((i) => `import { x } from '${i}';`).join('\n') });
    expect(
      importViolations([
        file('compiler/validate/a.ts', '../analyse/ir.js', '../load/node-path.js', '../diagnostics/create.js', './b.js'),
        file('compiler/analyse/b.ts', '../rules/uniqueness.js', '../check.js'),
        file('compiler/diagnostics/c.ts', '../load/registry-file.js'),
        file('compiler/emit/d.ts', '../../cli/main.js', '../widgets/x.js'),
        file('runtime/e.ts', '../compiler/analyse/ir.js'),
        { path: 'compiler/emit/f.ts', text: "const m = await import('../bundle/bundle-server.js');\nexport * from '../template/ast.js';" },
        file('compiler/check.ts', '../cli/args.js', './bundle/x.js'),
      ]),
    ).toEqual([
      'compiler/validate/a.ts -> compiler/analyse/ir.js: validate (stage 2) imports the later stage analyse (stage 4)',
      'compiler/analyse/b.ts -> compiler/rules/uniqueness.js: analyse (stage 4) imports the later stage rules (stage 5)',
      'compiler/analyse/b.ts -> compiler/check.js: a stage (analyse) never imports the pipeline driver',
      'compiler/diagnostics/c.ts -> compiler/load/registry-file.js: diagnostics/ imports no stage',
      'compiler/emit/d.ts -> cli/main.js: compiler/ never imports cli/',
      'compiler/emit/d.ts -> compiler/widgets/x.js: compiler/widgets/ is not a stage',
      'runtime/e.ts -> compiler/analyse/ir.js: runtime imports neither compiler/ nor cli/',
      'compiler/emit/f.ts -> compiler/bundle/bundle-server.js: emit (stage 6) imports the later stage bundle (stage 7)',
      'compiler/check.ts -> cli/args.js: compiler/ never imports cli/',
    ]);
  });
});
