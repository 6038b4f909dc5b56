// Differential suite: every case is rendered by real Jinja2 3.1 (one python3 process for the whole
// file) and by Conduit's compiled templates; outputs must match byte for byte, and a case that
// fails in Jinja2 (syntax or rendering error) must fail in Conduit too.
import { beforeAll, describe, expect, it } from 'vitest';
import { CONNECTOR_CASES } from './cases/connector-cases.js';
import { CONTROL_CASES } from './cases/control-cases.js';
import { EDGE_CASES } from './cases/edge-cases.js';
import { FILTER_CASES } from './cases/filter-cases.js';
import { FORMAT_CASES } from './cases/format-cases.js';
import { LOOKUP_CASES } from './cases/lookup-cases.js';
import { OPERATOR_CASES } from './cases/operator-cases.js';
import { OUTPUT_CASES } from './cases/output-cases.js';
import { SCOPING_CASES } from './cases/scoping-cases.js';
import { STATEMENT_CASES } from './cases/statement-cases.js';
import { TEST_CASES } from './cases/test-cases.js';
import { renderConduit, renderJinja2, type Case, type Result } from './harness.js';

const CASES: readonly Case[] = [
  ...OUTPUT_CASES,
  ...OPERATOR_CASES,
  ...LOOKUP_CASES,
  ...CONTROL_CASES,
  ...SCOPING_CASES,
  ...FILTER_CASES,
  ...FORMAT_CASES,
  ...TEST_CASES,
  ...CONNECTOR_CASES,
  ...EDGE_CASES,
  ...STATEMENT_CASES,
];

let expected: Result[] = [];

beforeAll(() => {
  expected = renderJinja2(CASES);
}, 120_000);

describe('differential: Conduit vs Jinja2 3.1', () => {
  it('has at least 400 uniquely named cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(400);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('renders some cases as errors and most as output in Jinja2 (the suite checks both paths)', () => {
    const errors = expected.filter((r) => 'error' in r).length;
    expect(errors).toBeGreaterThan(40);
    expect(CASES.length - errors).toBeGreaterThan(350);
  });

  it.each(CASES.map((c, index) => [c.name, index] as const))('%s', (_name, index) => {
    const c = CASES[index]!;
    const jinja = expected[index]!;
    const conduit = renderConduit(c);
    if ('error' in jinja) {
      expect(conduit, `Jinja2 failed (${jinja.error}) but Conduit rendered`).toHaveProperty('error');
    } else {
      expect(conduit, `template: ${c.template}`).toEqual({ output: jinja.output });
    }
  });
});
