// The ledger of differential cases known to differ from Jinja2, by case name and autoescape mode,
// each with the reason. The differential test asserts that exactly these fail: a listed case that
// starts agreeing with Jinja2 fails the test too, so this list can only shrink. Every entry waits
// for a part of the template core (CORE, issue 13 / issue 11 item 4) not on main yet.
import type { Mode } from '../harness.js';

export type Ledger = Readonly<Record<string, Readonly<Partial<Record<Mode, string>>>>>;

const ELIF =
  "999 elifs: Jinja2 keeps elif as a list, Conduit's parser folds it into nested Ifs that pass MAX_TREE_DEPTH (CORE, compiler/template/parse-grammar.ts)";

const PENDING: readonly (readonly [reason: string, modes: readonly Mode[], names: readonly string[]])[] = [
  [ELIF, ['on', 'off'], [
    'test_core_tags.py::test_elif_deep',
    'test_core_tags.py::test_elif_deep #2',
    'test_core_tags.py::test_elif_deep #3',
    'test_core_tags.py::test_elif_deep #4',
  ]],
];

function ledger(groups: typeof PENDING): Ledger {
  const out: Record<string, Partial<Record<Mode, string>>> = {};
  for (const [reason, modes, names] of groups) {
    for (const name of names) {
      const entry = (out[name] ??= {});
      for (const mode of modes) {
        if (entry[mode] !== undefined) throw new Error(`known-divergences: ${name} [${mode}] is listed twice`);
        entry[mode] = reason;
      }
    }
  }
  return out;
}

export const KNOWN_DIVERGENCES: Ledger = ledger(PENDING);
