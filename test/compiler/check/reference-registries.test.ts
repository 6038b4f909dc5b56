// The reference-registry corpus (issue 11 item 5): registry files in the reference platform's
// exact JSON shape compile with `conduit check` — run as a subprocess, as a user would — with no
// error. ledger.json lists, with a reason, the diagnostics still expected: `pending` ones until
// the named work lands on main, `warnings` by design. Every ledger entry must still be reported
// (so a stale entry fails and the ledger only shrinks); an error the ledger lacks fails.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRegistry } from '../../../compiler/check.js';
import { runCli } from '../../cli/run-cli.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/reference-registries/', import.meta.url));

interface Entry {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}
interface Ledger {
  readonly [name: string]: { readonly pending: readonly Entry[]; readonly warnings: readonly Entry[] };
}
interface Reported extends Entry {
  readonly severity: 'error' | 'warning';
}

const ledger = JSON.parse(readFileSync(path.join(CORPUS, 'ledger.json'), 'utf8')) as Ledger & { $comment?: string };
const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const key = (d: Entry) => `${d.file}:${d.line}:${d.col} ${d.code}`;

/** Every registry file of a case, relative to it (sub-folders included). */
function filesOf(dir: string, relative = ''): string[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((e) => {
    const name = relative === '' ? e.name : `${relative}/${e.name}`;
    return e.isDirectory() ? filesOf(dir, name) : [name];
  });
}

describe('reference registries', () => {
  it('has at least six, in both layouts, each in the ledger', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
    const files = cases.flatMap((name) => filesOf(path.join(CORPUS, name)));
    expect(files.filter((f) => f === 'connectors_registry.json').length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => /^widgets\/[^/]+\/connectors\.json$/.test(f)).length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(ledger).filter((k) => k !== '$comment').sort()).toEqual(cases);
  });

  for (const name of cases) {
    it(`${name}: conduit check reports no error beyond the ledger's pending ones`, async () => {
      const dir = path.join(CORPUS, name);
      const { pending, warnings } = ledger[name]!;
      const run = await runCli(['check', '--registry', dir, '--format', 'json']);
      const reported = (JSON.parse(run.stdout) as Reported[]).map((d) => ({ ...d, file: path.relative(dir, path.resolve(d.file)).split(path.sep).join('/') }));
      const errors = reported.filter((d) => d.severity === 'error').map(key);
      const pendingErrors = pending.filter((p) => reported.some((d) => key(d) === key(p) && d.severity === 'error')).map(key);
      expect(errors, run.stdout).toEqual(pendingErrors);
      // Every ledger entry is still reported: a fixed one must leave the ledger.
      const found = new Set(reported.map(key));
      for (const entry of [...pending, ...warnings]) expect(found.has(key(entry)), `${name}: ledger entry no longer reported: ${key(entry)}`).toBe(true);
      expect(run.code).toBe(errors.length === 0 ? 0 : 1);
      if (pending.length === 0) {
        const result = await checkRegistry(dir);
        expect(result.registry).not.toBeNull();
        expect(result.registry!.connectors.length).toBe(result.connectorCount);
      }
    });
  }
});
