// `conduit build` end to end, as a subprocess: what it prints and writes, exit codes, nothing
// written when check finds errors, stale generated files removed, hand-written files kept.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_HEADER_TEXT } from '../../compiler/emit/generated-header.js';
import { readTree, removeScratch, REPO_ROOT, scratchDir, writeTree } from '../compiler/build/temp-build.js';
import { runCli } from './run-cli.js';

const GOOD = {
  'catalog.yaml': [
    'connectors:',
    '  - name: Product Catalog',
    '    url: https://api.example.com/v1/catalog',
    '    method: GET',
    '  - name: Order',
    '    url: "https://api.example.com/v1/orders/{{ pathParams.id }}"',
    '    method: GET',
    '    path_parameters:',
    '      - key: id',
    '',
  ].join('\n'),
};

const BROKEN = {
  'catalog.yaml': [
    'connectors:',
    '  - name: Product Catalog',
    '    url: https://api.example.com/v1/catalog',
    '    method: GET',
    '    request_body: "{{ get_secret(\'key\') }}"',
    '  - name: Order',
    '    url: http://api.example.com/v1/orders',
    '    method: FETCH',
    '',
  ].join('\n'),
};

let work: string;
beforeAll(async () => {
  work = await scratchDir('cli-build');
  await writeTree(path.join(work, 'good'), GOOD);
  await writeTree(path.join(work, 'broken'), BROKEN);
});
afterAll(() => removeScratch(work));

describe('conduit build', () => {
  it('checks, emits and bundles, printing what it did and how long each stage took', async () => {
    const out = path.join(work, 'out-ok');
    const server = path.join(work, 'dist-ok', 'server.mjs');
    const run = await runCli(['build', '--registry', path.join(work, 'good'), '--out', out, '--server-file', server]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`built 2 connectors into ${out}/ (6 written, 0 unchanged, 0 removed), bundled ${server}`);
    expect(run.stdout).toMatch(/check \d+ ms, emit \d+ ms, write \d+ ms, bundle \d+ ms/);
    expect([...(await readTree(out)).keys()]).toEqual(['connectors/order.ts', 'connectors/product-catalog.ts', 'index.ts', 'sdk-types.d.ts', 'server.ts', 'shared.ts']);
    expect((await stat(server)).size).toBeGreaterThan(100_000);
    expect(existsSync(`${server}.map`)).toBe(true);

    // A second build rewrites nothing (stable files, stable mtimes).
    const again = await runCli(['build', '--registry', path.join(work, 'good'), '--out', out, '--no-bundle']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('(0 written, 6 unchanged, 0 removed)');
    expect(again.stdout).not.toContain('bundled');
  });

  it('prints every error with its position, exits 1 and writes and bundles nothing', async () => {
    const out = path.join(work, 'out-broken');
    const server = path.join(work, 'dist-broken', 'server.mjs');
    const run = await runCli(['build', '--registry', path.join(work, 'broken'), '--out', out, '--server-file', server]);
    expect(run.code).toBe(1);
    // Human output names files relative to the working directory (the CLI runs in the checkout).
    const file = path.relative(REPO_ROOT, path.join(work, 'broken', 'catalog.yaml'));
    expect(run.stdout).toContain(`${file}:5:23: error:`);
    expect(run.stdout).toContain('[template-slot-not-allowed]');
    expect(run.stdout).toContain(`${file}:7:10: error:`);
    expect(run.stdout).toContain('[url-not-https]');
    expect(run.stdout).toContain(`${file}:8:13: error:`);
    expect(run.stdout).toContain('[schema-enum]');
    expect(run.stdout).toContain('> 5 |     request_body: "{{ get_secret(\'key\') }}"');
    expect(run.stdout).not.toContain('built ');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(server)).toBe(false);
  });

  it('reports errors as JSON with --format json', async () => {
    const run = await runCli(['build', '--registry', path.join(work, 'broken'), '--out', path.join(work, 'out-json'), '--no-bundle', '--format', 'json']);
    expect(run.code).toBe(1);
    const diagnostics = JSON.parse(run.stdout) as { code: string; line: number; col: number }[];
    expect(diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`)).toEqual(['template-slot-not-allowed@5:23', 'url-not-https@7:10', 'schema-enum@8:13']);
  });

  it('removes generated files that no longer belong to the registry and never touches hand-written ones', async () => {
    const out = path.join(work, 'out-stale');
    await writeTree(out, {
      'connectors/removed-connector.ts': `${GENERATED_HEADER_TEXT}\nexport const connector = null;\n`,
      'connectors/helper.ts': '// Written by hand next to the generated modules.\nexport const helper = 1;\n',
      'README.md': 'notes\n',
    });
    const run = await runCli(['build', '--registry', path.join(work, 'good'), '--out', out, '--no-bundle']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('(6 written, 0 unchanged, 1 removed)');
    expect(existsSync(path.join(out, 'connectors/removed-connector.ts'))).toBe(false);
    expect(await readFile(path.join(out, 'connectors/helper.ts'), 'utf8')).toContain('Written by hand');
    expect(await readFile(path.join(out, 'README.md'), 'utf8')).toBe('notes\n');
  });

  it('refuses unknown flags with its usage', async () => {
    const run = await runCli(['build', '--registyr', 'x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("conduit build: unknown option '--registyr'");
    expect(run.stderr).toContain('usage: conduit build');
  });
});
