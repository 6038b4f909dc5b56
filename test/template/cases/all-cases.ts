// Every differential case, in one list: Conduit's own cases by topic (with the Markup cases of
// autoescape-cases.ts and SPEC's intentional divergences), then those transcribed from Jinja2's
// own test files (pallets/jinja tests/*.py, named `<file>::<test function>`), then the reference
// platform's documented recipes. Every case runs with autoescaping on and off.
import type { Case } from '../harness.js';
import { AUTOESCAPE_CASES } from './autoescape-cases.js';
import { CONNECTOR_CASES } from './connector-cases.js';
import { CONTROL_CASES } from './control-cases.js';
import { EDGE_CASES } from './edge-cases.js';
import { FILTER_CASES } from './filter-cases.js';
import { FORMAT_CASES } from './format-cases.js';
import { JINJA_TEST_API_CASES } from './jinja-test-api.js';
import { JINJA_TEST_CORE_TAGS_CASES } from './jinja-test-core-tags.js';
import { JINJA_TEST_FILTERS_CASES } from './jinja-test-filters.js';
import { JINJA_TEST_LEXNPARSE_CASES } from './jinja-test-lexnparse.js';
import { JINJA_TEST_REGRESSION_CASES } from './jinja-test-regression.js';
import { JINJA_TEST_TESTS_CASES } from './jinja-test-tests.js';
import { LOOKUP_CASES } from './lookup-cases.js';
import { MARKUP_METHOD_CASES } from './markup-method-cases.js';
import { OPERATOR_CASES } from './operator-cases.js';
import { OUTPUT_CASES } from './output-cases.js';
import { REFERENCE_RECIPES } from './reference-recipes.js';
import { SCOPING_CASES } from './scoping-cases.js';
import { SPEC_DIVERGENCE_CASES } from './spec-divergences.js';
import { SPLAT_CASES } from './splat-cases.js';
import { STATEMENT_CASES } from './statement-cases.js';
import { TEST_CASES } from './test-cases.js';

/** The pallets/jinja test files cases are transcribed from (each case name starts with one). */
export const TRANSCRIBED_SOURCES = [
  'test_filters.py',
  'test_tests.py',
  'test_core_tags.py',
  'test_lexnparse.py',
  'test_regression.py',
  'test_api.py',
] as const;

export const ALL_CASES: readonly Case[] = [
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
  ...SPLAT_CASES,
  ...AUTOESCAPE_CASES,
  ...MARKUP_METHOD_CASES,
  ...SPEC_DIVERGENCE_CASES,
  ...JINJA_TEST_FILTERS_CASES,
  ...JINJA_TEST_TESTS_CASES,
  ...JINJA_TEST_CORE_TAGS_CASES,
  ...JINJA_TEST_LEXNPARSE_CASES,
  ...JINJA_TEST_REGRESSION_CASES,
  ...JINJA_TEST_API_CASES,
  ...REFERENCE_RECIPES,
];
