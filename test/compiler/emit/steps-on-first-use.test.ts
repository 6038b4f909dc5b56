// Generated connectors declare their steps as plain builders: the module exports the fields
// routing reads as plain properties and the steps (with the values only that connector uses)
// behind a getter that builds them on each read. Holding them after the first use is the
// runtime's one lazy mechanism (runtime/server/prepared-on-first-use.ts), not the module's.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../../../bench/generate-registry.js';
import type { CompiledRegistry } from '../../../runtime/connector.js';
import { buildOrThrow, importRegistry, readTree, removeScratch, REPO_ROOT, scratchDir } from '../build/temp-build.js';

let work: string;
let registry: CompiledRegistry;
let files: Map<string, string>;
/** The bench registry's connectors repeat a header across their own steps: a module-local value. */
let benchFiles: Map<string, string>;

beforeAll(async () => {
  work = await scratchDir('emit-lazy-steps');
  const outDir = path.join(work, 'generated');
  await buildOrThrow({ registryDir: path.join(REPO_ROOT, 'test/fixtures/build/all-features'), outDir });
  registry = await importRegistry(outDir);
  files = await readTree(outDir);
  const benchRegistry = path.join(work, 'bench-registry');
  await generateRegistry(benchRegistry, { connectors: 3, stepsPerConnector: 3 });
  await buildOrThrow({ registryDir: benchRegistry, outDir: path.join(work, 'bench-generated') });
  benchFiles = await readTree(path.join(work, 'bench-generated'));
});
afterAll(() => removeScratch(work));

describe('steps built on first use', () => {
  it('declares every connector’s steps as a plain builder: a getter that builds equal steps on each read', () => {
    expect(registry.connectors.length).toBeGreaterThan(0);
    for (const connector of registry.connectors) {
      const descriptor = Object.getOwnPropertyDescriptor(connector, 'steps');
      expect(typeof descriptor?.get, connector.permalink).toBe('function');
      expect(descriptor?.enumerable).toBe(true);
      const steps = connector.steps;
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.map((s) => s.index)).toEqual(steps.map((_, i) => i));
      // No memo in the module: still a getter, and a second read builds the same steps anew.
      expect(typeof Object.getOwnPropertyDescriptor(connector, 'steps')?.get).toBe('function');
      const again = connector.steps;
      expect(again).not.toBe(steps);
      // Equal but for identity (render functions are new closures too).
      expect(JSON.stringify(again)).toBe(JSON.stringify(steps));
    }
    for (const text of files.values()) expect(text).not.toMatch(/settleSteps|defineProperty/);
  });

  it('shares values between a connector’s steps inside the getter, and keeps the routing fields outside it', () => {
    const module = files.get('connectors/auth-and-fetch.ts')!;
    const head = module.slice(0, module.indexOf('  get steps(): readonly CompiledStep[] {'));
    // Routing fields before the getter; nothing declared at module level besides the export.
    for (const field of ['kind:', 'name:', 'permalink:', 'id:', 'method:', 'pathParams:', 'readsRequestBody:']) expect(head).toContain(`  ${field}`);
    expect(head.match(/^const /gm)).toBeNull();
    expect(module).toMatch(/ {2}get steps\(\): readonly CompiledStep\[\] \{\n(?: {4}.*\n|\n)* {4}return \[/);
  });

  it('keeps module-local declarations (values repeated inside one connector) inside the getter', () => {
    const withLocals = [...benchFiles].filter(([name, text]) => name.startsWith('connectors/') && /^ {4}const /m.test(text));
    expect(withLocals).toHaveLength(3);
    for (const [name, text] of withLocals) {
      const getter = text.indexOf('  get steps(): readonly CompiledStep[] {');
      expect(text.indexOf('    const '), name).toBeGreaterThan(getter);
      expect(text.slice(0, getter), name).not.toMatch(/^const /m);
    }
  });
});
