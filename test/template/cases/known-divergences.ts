// The ledger of differential cases known to differ from Jinja2, by case name and autoescape mode,
// each with the reason. The differential test asserts that exactly these fail: a listed case that
// starts agreeing with Jinja2 fails the test too, so this list can only shrink.
import type { Mode } from '../harness.js';

export type Ledger = Readonly<Record<string, Readonly<Partial<Record<Mode, string>>>>>;

/**
 * Groups of cases still differing from Jinja2: [reason, modes, case names]. Empty: every case of
 * the corpus agrees with Jinja2 or is a divergence SPEC lists (spec-divergences.ts). A case that
 * breaks while its fix is under way is listed here with its reason, never left failing.
 */
const PENDING: readonly (readonly [reason: string, modes: readonly Mode[], names: readonly string[]])[] = [];

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
