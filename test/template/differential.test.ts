// Differential suite: every case is rendered by real Jinja2 3.1's SandboxedEnvironment (one python3
// process for the whole file) and by Conduit's compiled templates, with autoescaping on (the
// reference platform's default) and off; outputs must match byte for byte, and a case that fails
// in Jinja2 (syntax or rendering error) must fail in Conduit too. Cases SPEC lists as intentional
// divergences carry their own expectation; cases in the ledger (known-divergences.ts) must still
// fail, so the ledger can only shrink.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CASES, TRANSCRIBED_SOURCES } from './cases/all-cases.js';
import { KNOWN_DIVERGENCES } from './cases/known-divergences.js';
import { MODES, renderConduit, renderJinja2, type Case, type Mode, type Result } from './harness.js';

const CASES: readonly Case[] = ALL_CASES;

let expected: Record<Mode, Result[]> = { on: [], off: [] };
let rendered: Record<Mode, Result[]> = { on: [], off: [] };

beforeAll(async () => {
  // Conduit renders in process while python3 renders the same cases with Jinja2.
  const jinja = renderJinja2(CASES);
  rendered = { on: CASES.map((c) => renderConduit(c, 'on')), off: CASES.map((c) => renderConduit(c, 'off')) };
  expected = await jinja;
}, 240_000);

/** Why Conduit's result disagrees with Jinja2's, or null when they agree. */
function disagreement(jinja: Result, conduit: Result): string | null {
  if ('error' in jinja) return 'error' in conduit ? null : `Jinja2 failed (${jinja.error}) but Conduit rendered ${JSON.stringify(conduit.output)}`;
  if ('error' in conduit) return `Conduit failed (${conduit.error}) but Jinja2 rendered ${JSON.stringify(jinja.output)}`;
  return conduit.output === jinja.output ? null : `Conduit rendered ${JSON.stringify(conduit.output)}, Jinja2 ${JSON.stringify(jinja.output)}`;
}

const transcribed = (source: string) => CASES.filter((c) => c.name.startsWith(`${source}::`)).length;

describe('differential: Conduit vs Jinja2 3.1 (sandboxed)', () => {
  it('has at least 1,200 uniquely named cases, at least 400 of them transcribed from pallets/jinja tests', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(1200);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    const fromPallets = TRANSCRIBED_SOURCES.map(transcribed);
    expect(fromPallets.every((n) => n > 0)).toBe(true);
    expect(fromPallets.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(400);
  });

  it('renders some cases as errors and most as output in Jinja2, in both modes (the suite checks both paths)', () => {
    for (const mode of MODES) {
      const errors = expected[mode].filter((r) => 'error' in r).length;
      expect(errors).toBeGreaterThan(100);
      expect(CASES.length - errors).toBeGreaterThan(900);
    }
  });

  it('autoescaping changes what Jinja2 renders for many cases (the two modes are really different)', () => {
    const differing = CASES.filter((_c, i) => disagreement(expected.on[i]!, expected.off[i]!) !== null).length;
    expect(differing).toBeGreaterThan(50);
  });

  it('the ledger names only compared cases of the corpus, each with a reason', () => {
    const names = new Set(CASES.filter((c) => c.divergence === undefined).map((c) => c.name));
    for (const [name, modes] of Object.entries(KNOWN_DIVERGENCES)) {
      expect(names.has(name), `ledger entry for unknown case or SPEC divergence ${name}`).toBe(true);
      expect(Object.values(modes).every((why) => typeof why === 'string' && why.length > 0), name).toBe(true);
    }
  });

  for (const mode of MODES) {
    it.each(CASES.map((c, index) => [c.name, index] as const))(`[autoescape ${mode}] %s`, (_name, index) => {
      const c = CASES[index]!;
      const jinja = expected[mode][index]!;
      const conduit = rendered[mode][index]!;
      if (c.divergence !== undefined) {
        // An intentional divergence (SPEC lists it): Conduit gives its own answer, Jinja2 another.
        if (c.divergence.conduit === 'error') expect(conduit, `SPEC: ${c.divergence.spec}`).toHaveProperty('error');
        else expect(conduit, `SPEC: ${c.divergence.spec}`).toEqual(c.divergence.conduit);
        expect(disagreement(jinja, conduit), 'Jinja2 now renders what Conduit does: not a divergence').not.toBeNull();
        return;
      }
      const known = KNOWN_DIVERGENCES[c.name]?.[mode];
      if (known !== undefined) {
        expect(disagreement(jinja, conduit), `listed in known-divergences.ts (${known}) but agrees with Jinja2 now: remove it`).not.toBeNull();
        return;
      }
      if ('error' in jinja) {
        expect(conduit, `Jinja2 failed (${jinja.error}) but Conduit rendered`).toHaveProperty('error');
      } else {
        expect(conduit, `template: ${c.template}`).toEqual({ output: jinja.output });
      }
    });
  }
});
