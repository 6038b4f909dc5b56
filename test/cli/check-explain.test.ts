// `conduit check --explain PERMALINK` (issue 17): the step dependency graph and critical path of a
// connector, as text and as the `explain` field of --format json, run as a subprocess.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.js';

const REGISTRY = path.join(REPO_ROOT, 'test/fixtures/registries/valid/parallel-and-when');
const BROKEN = path.join(REPO_ROOT, 'test/fixtures/registries/broken/step-when-last');

describe('check --explain', () => {
  it('prints the graph, its waves and the critical path', async () => {
    const run = await runCli(['check', '--registry', REGISTRY, '--explain', 'account-overview']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Composite connector 'account-overview'");
    expect(run.stdout).toContain('execution: parallel');
    const rows = run.stdout.split('\n').map((line) => line.trim().replace(/ +/g, ' '));
    expect(rows).toContain('# step method wave reads');
    expect(rows).toContain('0 profile GET 1 -');
    expect(rows).toContain('1 orders GET 1 - (when: …)');
    expect(rows).toContain('2 lookup-flags GET 2 profile');
    expect(rows).toContain('3 summary POST 3 profile, orders, lookup-flags');
    expect(run.stdout).toContain('Critical path: profile -> lookup-flags -> summary (3 of 4 steps)');
  });

  it('--format json gives {diagnostics, explain}', async () => {
    const run = await runCli(['check', '--registry', REGISTRY, '--explain', 'sequential-with-condition', '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { diagnostics: unknown[]; explain: Record<string, unknown> };
    expect(out.diagnostics).toEqual([]);
    expect(out.explain).toMatchObject({
      kind: 'composite',
      permalink: 'sequential-with-condition',
      execution: 'sequential',
      critical_path: ['search', 'details', 'final'],
    });
    expect(out.explain['steps']).toEqual([
      { name: 'search', index: 0, method: 'GET', depends_on: [], depth: 1, conditional: false },
      { name: 'details', index: 1, method: 'GET', depends_on: ['search'], depth: 2, conditional: true },
      { name: 'final', index: 2, method: 'GET', depends_on: ['details'], depth: 3, conditional: false },
    ]);
    const human = await runCli(['check', '--registry', REGISTRY, '--explain', 'sequential-with-condition']);
    expect(human.stdout).toContain('Every step reads the one before it');
  });

  it('fails with a message for an unknown permalink', async () => {
    const run = await runCli(['check', '--registry', REGISTRY, '--explain', 'nope', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ explain: null, error: expect.stringContaining("no connector with permalink 'nope'") });
    expect(run.stderr).toContain("no connector with permalink 'nope'");
  });

  it('fails on a registry with errors, still printing them', async () => {
    const run = await runCli(['check', '--registry', BROKEN, '--explain', 'conditional-last']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[step-when-last]');
    expect(run.stderr).toContain("cannot explain 'conditional-last': the registry has errors");
  });
});
