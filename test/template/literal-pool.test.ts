// Template shapes: the code generator pools every literal from the template as it writes it
// (compiler/template/literal-pool.ts), so templates that differ only in constants share code. A
// shape applied to a template's own literals must render exactly what the template's own function
// renders: checked over the whole differential corpus; plus what must stay literal in the code,
// and that nothing re-parses generated JavaScript any more.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileTemplate, type CompiledTemplateSource } from '../../compiler/template/compile-template.js';
import { parseTemplate } from '../../compiler/template/parse.js';
import { rt } from '../../runtime/template/helpers.js';
import type { TemplateFunction } from '../../runtime/template/types.js';
import { parseJsonValue } from '../../runtime/template/values.js';
import { ALL_CASES } from './cases/all-cases.js';
import { envFor, type Case } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function compiled(template: string, autoescape = true): CompiledTemplateSource | null {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return null;
  try {
    return compileTemplate(parsed.ast, { source: template, autoescape });
  } catch {
    return null; // a compile-time error case: nothing to shape
  }
}

const evaluate = (code: string): unknown => new Function('rt', `return ${code}`)(rt);

function render(fn: TemplateFunction, c: Case): { output: string } | { error: string } {
  const context = c.context === undefined ? '{}' : typeof c.context === 'string' ? c.context : JSON.stringify(c.context);
  try {
    return { output: fn(parseJsonValue(context) as Map<string, unknown>, envFor(c)) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

function shaped(source: CompiledTemplateSource): TemplateFunction | null {
  const { shape } = source;
  if (shape === null) return null;
  const factory = evaluate(shape.code) as (s: readonly string[], n: readonly number[]) => TemplateFunction;
  // The tables hold source text, as the emitter writes it into the module.
  return factory(shape.strings.map((s) => JSON.parse(s) as string), shape.numbers.map(Number));
}

describe('template shapes', () => {
  it('render exactly what the original function renders, over the differential corpus, in both modes', () => {
    let compared = 0;
    for (const c of ALL_CASES) {
      for (const autoescape of [true, false]) {
        const source = compiled(c.template, autoescape);
        if (source === null) continue;
        // Every reference was put back: the plain function holds no `$s[i]` / `$n[i]`.
        expect(source.code, c.name).not.toMatch(/\$[sn]\[/);
        const fn = shaped(source);
        if (fn === null) continue;
        expect(render(fn, c), c.name).toEqual(render(evaluate(source.code) as TemplateFunction, c));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('the plain function is the shape with its literals put back', () => {
    const source = compiled("{{ user.id }}-{{ 'a\"b' ~ 7 }}{% if x == 2.5 %}{{ 'é' }}{% endif %}")!;
    expect(source.code).not.toContain('$s');
    expect(source.code).not.toContain('$n');
    expect(source.code).toContain('rt.key(g1_user, "id")');
    expect(source.code).toContain('"a\\"b"');
    expect(source.code).toContain('2.5');
    expect(source.shape!.code).toMatch(/^\(\$s, \$n\) => \(v, env\) => \{/);
  });

  it('share one shape between templates that differ only in text and numbers', () => {
    const a = compiled("https://api1.example.com/v2/{{ user.id }}?page={{ [1, 2, 3][:2] | join(',') }}")!.shape!;
    const b = compiled("https://api9.example.com/v7/{{ user.email }}?page={{ [4, 5, 6][:5] | join('+') }}")!.shape!;
    expect(a.code).toBe(b.code);
    expect(a.strings).toEqual(['"https://api1.example.com/v2/"', '"user"', '"id"', '"?page="', '","']);
    // Equal literals share a slot: [:2] reads the same slot as the list's 2.
    expect(a.numbers).toEqual(['1', '2', '3']);
    expect(b.numbers).toEqual(['4', '5', '6']);
  });

  it('does not share a shape when the literals repeat differently', () => {
    expect(compiled("{{ 'a' }}{{ x }}{{ 'a' }}")!.shape!.code).not.toBe(compiled("{{ 'a' }}{{ x }}{{ 'b' }}")!.shape!.code);
  });

  it('keeps structural literals in the code: filter and test keys, empty strings, loop numbers, error codes', () => {
    const shape = compiled("{% for x in items %}{{ x | default('none') }}{% if loop.last %}.{% endif %}{% endfor %}{{ 'a' | upper }}{{ 1 is odd }}")!.shape!;
    expect(shape.code).toMatch(/rt\.F\["default"\]/);
    expect(shape.code).toMatch(/rt\.F\["upper"\]/);
    expect(shape.code).toMatch(/rt\.T\["odd"\]/);
    expect(shape.code).toContain('let o = "";');
    expect(shape.code).toContain('rt.chargeWork(1)');
    expect(shape.strings).toEqual(['"items"', '"none"', '"."', '"a"']);
    const failing = compiled("{{ 'x'|center(1, 2, 3, 4) }}")!.shape!;
    expect(failing.code).toMatch(/rt\.fail\("type-error", \$s\[\d+\]\)/);
  });

  it('has no shape without literals, and a constant template has none either', () => {
    expect(compiled('{{ true }}{% if none %}{% endif %}')!.shape).toBeNull();
    expect(compiled('plain text')!.shape).toBeNull();
  });

  it('is made while generating: no compiler module parses generated JavaScript again', () => {
    const files = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const reparsing = files('compiler').filter((file) => /createSourceFile|\bforEachChild\b|new Project\(/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(reparsing).toEqual([]);
  });
});
