// The TemplateIR facts: null on errors, kept with warnings, hasExpressions, collected names.
import { describe, expect, it } from 'vitest';
import { analyse, stepOf } from './analyse.js';

describe('TemplateIR', () => {
  it('describes a valid template', () => {
    const result = analyse(
      "Bearer {{ steps.auth.body | from_json | attr('token') }} {{ get_secret('k') }} {{ get_variable('v') }} {{ user.id }} {{ request.query_parameters.q }}",
      stepOf(1, { slot: 'hdr' }),
    );
    expect(result.diagnostics).toEqual([]);
    const ir = result.ir!;
    expect(ir.source).toContain('Bearer');
    expect(ir.slot).toBe('hdr');
    expect(ir.location).toEqual({ file: 'template.txt', line: 1, col: 1 });
    expect(ir.ast.kind).toBe('Root');
    expect(ir.hasExpressions).toBe(true);
    expect(ir.secretNames).toEqual(['k']);
    expect(ir.variableNames).toEqual(['v']);
    expect(ir.stepRefs).toEqual(['auth']);
    expect(ir.queryParameterKeys).toEqual(['q']);
    expect(ir.pathParams).toEqual([]);
    expect(ir.readsUser).toBe(true);
    expect(ir.readsRequestBody).toBe(false);
  });

  it('marks plain text, raw blocks and comments as having no expressions', () => {
    expect(analyse('application/json').ir!.hasExpressions).toBe(false);
    expect(analyse('{% raw %}{{ not parsed }}{% endraw %}').ir!.hasExpressions).toBe(false);
    expect(analyse('a {# note #} b').ir!.hasExpressions).toBe(false);
    expect(analyse('').ir!.hasExpressions).toBe(false);
    expect(analyse('{{ "x" }}').ir!.hasExpressions).toBe(true);
    expect(analyse('{% if true %}x{% endif %}').ir!.hasExpressions).toBe(true);
  });

  it('is null when there is an error', () => {
    const result = analyse('{{ nope }}');
    expect(result.ir).toBeNull();
    expect(result.diagnostics[0]!.severity).toBe('error');
  });

  it('sorts diagnostics by position', () => {
    const lines = analyse('{{ b }}\n{{ a }}{{ c | nofilter }}').diagnostics.map((d) => `${d.line}:${d.col}`);
    expect(lines).toEqual(['1:4', '2:4', '2:11', '2:15']);
  });
});
