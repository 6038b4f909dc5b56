// Template shapes take literals out of compiled render functions so templates that differ only in
// constants share code. A shape applied to a template's own literals must render exactly what the
// template's own function renders: checked over the whole differential corpus (600+ templates:
// loops, filters, formatting, errors), plus what must stay literal in the code.
import { describe, expect, it } from 'vitest';
import { shapeOf } from '../../../compiler/emit/template-shape.js';
import { compileTemplate } from '../../../compiler/template/compile-template.js';
import { parseTemplate } from '../../../compiler/template/parse.js';
import { rt } from '../../../runtime/template/helpers.js';
import type { TemplateFunction } from '../../../runtime/template/types.js';
import { parseJsonValue } from '../../../runtime/template/values.js';
import { CONNECTOR_CASES } from '../../template/cases/connector-cases.js';
import { CONTROL_CASES } from '../../template/cases/control-cases.js';
import { EDGE_CASES } from '../../template/cases/edge-cases.js';
import { FILTER_CASES } from '../../template/cases/filter-cases.js';
import { FORMAT_CASES } from '../../template/cases/format-cases.js';
import { LOOKUP_CASES } from '../../template/cases/lookup-cases.js';
import { OPERATOR_CASES } from '../../template/cases/operator-cases.js';
import { OUTPUT_CASES } from '../../template/cases/output-cases.js';
import { SCOPING_CASES } from '../../template/cases/scoping-cases.js';
import { TEST_CASES } from '../../template/cases/test-cases.js';
import { envFor, type Case } from '../../template/harness.js';

const CASES: readonly Case[] = [
  ...OUTPUT_CASES, ...OPERATOR_CASES, ...LOOKUP_CASES, ...CONTROL_CASES, ...SCOPING_CASES,
  ...FILTER_CASES, ...FORMAT_CASES, ...TEST_CASES, ...CONNECTOR_CASES, ...EDGE_CASES,
];

function codeOf(template: string): string | null {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return null;
  try {
    return compileTemplate(parsed.ast, { source: template }).code;
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

function shaped(code: string): TemplateFunction | null {
  const shape = shapeOf(code);
  if (shape === null) return null;
  const factory = evaluate(shape.code) as (s: readonly string[], n: readonly number[]) => TemplateFunction;
  // The tables hold source text, as the emitter writes it into the module.
  return factory(shape.strings.map((s) => JSON.parse(s) as string), shape.numbers.map(Number));
}

describe('template shapes', () => {
  it('render exactly what the original function renders, over the differential corpus', () => {
    let compared = 0;
    for (const c of CASES) {
      const code = codeOf(c.template);
      if (code === null) continue;
      const fn = shaped(code);
      if (fn === null) continue;
      expect(render(fn, c), c.name).toEqual(render(evaluate(code) as TemplateFunction, c));
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('share one shape between templates that differ only in text and numbers', () => {
    const a = shapeOf(codeOf("https://api1.example.com/v2/{{ user.id }}?page={{ [1, 2, 3][:2] | join(',') }}")!)!;
    const b = shapeOf(codeOf("https://api9.example.com/v7/{{ user.email }}?page={{ [4, 5, 6][:5] | join('+') }}")!)!;
    expect(a.code).toBe(b.code);
    expect(a.strings).toEqual(['"user"', '"https://api1.example.com/v2/"', '"id"', '"?page="', '","']);
    // Equal literals share a slot: [:2] reads the same slot as the list's 2.
    expect(a.numbers).toEqual(['1', '2', '3']);
    expect(b.numbers).toEqual(['4', '5', '6']);
  });

  it('keeps structural literals in the code: property names, x["name"] lookups, empty strings, loop numbers', () => {
    const shape = shapeOf(codeOf("{% for x in items %}{{ x | default('none') }}{% if loop.last %}.{% endif %}{% endfor %}{{ 'a' | upper }}")!)!;
    expect(shape.code).toMatch(/rt\.F\["default"\]/);
    expect(shape.code).toMatch(/rt\.F\["upper"\]/);
    expect(shape.code).toContain('let o = "";');
    expect(shape.code).not.toMatch(/\$n\[/); // the loop's own counters are not data
    expect(shape.strings).toEqual(['"items"', '"none"', '"."', '"a"']);
  });

  it('keeps the error code of rt.fail literal (it is a closed set of codes, typed as such)', () => {
    const code = '(v, env) => { let o = ""; o += rt.fail("type-error", "bad argument"); return o; }';
    const shape = shapeOf(code)!;
    expect(shape.code).toContain('rt.fail("type-error", $s[0])');
    expect(shape.strings).toEqual(['"bad argument"']);
  });

  it('leaves functions without literals, or using its parameter names, alone', () => {
    expect(shapeOf('(v, env) => { let o = ""; return o; }')).toBeNull();
    expect(shapeOf('(v, env) => { let o = ""; o += "$s"; return o; }')).toBeNull();
  });
});
