// Prints every differential case × autoescape mode where Conduit disagrees with Jinja2, and the
// pass counts per mode, to review the ledger (cases/known-divergences.ts) by hand:
//   npx tsx test/template/differential-report.ts [--json]
import { ALL_CASES } from './cases/all-cases.js';
import { KNOWN_DIVERGENCES } from './cases/known-divergences.js';
import { MODES, renderConduit, renderJinja2, type Result } from './harness.js';

function agrees(jinja: Result, conduit: Result): boolean {
  if ('error' in jinja) return 'error' in conduit;
  return 'output' in conduit && conduit.output === jinja.output;
}

const expected = await renderJinja2(ALL_CASES);
const stale: string[] = [];
const failing: { name: string; mode: string; listed: boolean; jinja: Result; conduit: Result }[] = [];
for (const mode of MODES) {
  let pass = 0;
  ALL_CASES.forEach((c, i) => {
    if (c.divergence !== undefined) return;
    const conduit = renderConduit(c, mode);
    const jinja = expected[mode][i]!;
    if (agrees(jinja, conduit)) {
      pass++;
      if (KNOWN_DIVERGENCES[c.name]?.[mode] !== undefined) stale.push(`[${mode}] ${c.name}`);
    } else failing.push({ name: c.name, mode, listed: KNOWN_DIVERGENCES[c.name]?.[mode] !== undefined, jinja, conduit });
  });
  const compared = ALL_CASES.filter((c) => c.divergence === undefined).length;
  console.error(`autoescape ${mode}: ${pass}/${compared} agree with Jinja2`);
}
for (const entry of stale) console.error(`STALE ledger entry (agrees with Jinja2 now: remove it): ${entry}`);
if (process.argv.includes('--json')) console.log(JSON.stringify(failing, null, 1));
else for (const f of failing) console.log(`${f.listed ? 'listed ' : 'NEW    '} [${f.mode}] ${f.name}\n   jinja2:  ${JSON.stringify(f.jinja).slice(0, 300)}\n   conduit: ${JSON.stringify(f.conduit).slice(0, 300)}`);
