// Compiled template code must type-check under the project's strict tsconfig when a generated
// module assigns it to a const typed TemplateFunction and binds `rt` with an import (the code
// generator emits exactly that). Emits a few templates into a temp module and runs tsc on it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTemplate } from '../../compiler/template/compile-template.js';
import { parseTemplate } from '../../compiler/template/parse.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TMP_PARENT = join(ROOT, 'test', '.tmp');

const TEMPLATES = [
  'plain text only',
  '{{ user.email|tojson }}',
  '{"items": [{% for x in steps.search.body|from_json %}{{ x.id }}{% if not loop.last %},{% endif %}{% endfor %}]}',
  '{% set ns = namespace(n=0) %}{% for k, v in d.items() if v %}{% set ns.n = ns.n + loop.index %}{{ loop.cycle("a", "b") }}{{ loop.changed(v) }}{% else %}none{% endfor %}{{ ns.n }}',
  '{% for x in xs %}{% set l = loop %}{{ l.index }}{% endfor %}{% set a, b = 1, 2.0 %}{{ a + b }}',
  '{% set body | upper %}{{ s[1:3] }}{% endset %}{% filter trim %} {{ body }} {% endfilter %}',
  '{{ x if x is defined else (y or z) }} {{ 1 < i < 10 and s not in xs }} {{ -i ** 2 // 3 % 4 }} {{ (1, [2], {"k": none}) }}',
  '{{ get_secret("api_key") }} {{ now(60) + 1 }} {{ "%s" % s }} {{ s.split(",", maxsplit=1) }} {{ xs|join(attribute="id", d=",") }}',
  '{{ 12345678901234567890 }} {{ 1.0 }} {{ 0x1F }} {{ xs|batch }} {{ s|upper(1) }}',
  '{% macro m(a, b=1) %}{{ caller(a, *varargs, **kwargs) }}{% endmacro %}{% call(x) m(*xs) %}{{ x }}{% endcall %}{% for x in xs recursive %}{{ loop(x.children) if x.children }}{% endfor %}',
  '{{ range(*xs)|list }} {{ dict(a=1, **d) }} {{ s.format(*xs, **d) }} {{ s|center(*xs, **d) }} {{ 1 is divisibleby(*xs) }}{% for x in xs %}{{ loop.cycle(*xs) }}{% endfor %}',
];

let dir: string | null = null;

afterAll(() => {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
});

describe('compiled template code type-checks as a TemplateFunction', () => {
  it('passes tsc --noEmit under the strict project tsconfig', () => {
    mkdirSync(TMP_PARENT, { recursive: true });
    dir = mkdtempSync(join(TMP_PARENT, 'typecheck-'));
    const toRuntime = relative(dir, join(ROOT, 'runtime', 'template')).split('\\').join('/');
    const functions = TEMPLATES.map((template, i) => {
      const parsed = parseTemplate(template);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return `export const template${i}: TemplateFunction = ${compileTemplate(parsed.ast, { source: template }).code};`;
    });
    writeFileSync(
      join(dir, 'templates.ts'),
      [`import { rt } from '${toRuntime}/helpers.js';`, `import type { TemplateFunction } from '${toRuntime}/types.js';`, '', ...functions, ''].join('\n'),
    );
    // Negative control: the same setup must reject code that is not a TemplateFunction.
    writeFileSync(
      join(dir, 'control.ts'),
      `import type { TemplateFunction } from '${toRuntime}/types.js';\nexport const wrong: TemplateFunction = (v, env) => v.size;\n`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: relative(dir, join(ROOT, 'tsconfig.json')), compilerOptions: { noEmit: true }, include: ['templates.ts', 'control.ts'], exclude: [] }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    const errorFiles = [...(tsc.stdout + tsc.stderr).matchAll(/^(.+?)\(\d+,\d+\): error TS\d+/gm)].map((m) => m[1]!.split('/').pop());
    expect(errorFiles).toEqual(['control.ts']);
  }, 120_000);
});
