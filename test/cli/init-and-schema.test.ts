// `conduit init` and `conduit schema` as a user runs them.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'conduit-cli-init-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('conduit init', () => {
  it('scaffolds a commented example that passes check', async () => {
    const dir = path.join(root, 'new-registry');
    const init = await runCli(['init', dir]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`created ${path.join(dir, 'connectors.yaml')}`);
    const text = await readFile(path.join(dir, 'connectors.yaml'), 'utf8');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(10);
    const check = await runCli(['check', '--registry', dir]);
    expect(check).toMatchObject({ code: 0, stdout: '✔ no problems in 3 connectors\n' });
  });

  it('defaults to ./registry and refuses to overwrite an existing file', async () => {
    const cwd = path.join(root, 'project');
    const first = await runCli(['init'], { cwd: await mkdirp(cwd) });
    expect(first.code).toBe(0);
    const file = path.join(cwd, 'registry', 'connectors.yaml');
    await writeFile(file, '# my own work\n');
    const second = await runCli(['init'], { cwd });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already exists; not overwriting it');
    expect(await readFile(file, 'utf8')).toBe('# my own work\n');
  });

  it('reports a folder it cannot create', async () => {
    const file = path.join(root, 'plain-file');
    await writeFile(file, 'not a folder');
    const run = await runCli(['init', path.join(file, 'registry')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot create the folder');
  });

  it('takes at most one folder', async () => {
    const run = await runCli(['init', 'a', 'b'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unexpected argument 'b'");
  });
});

describe('conduit schema', () => {
  it('refuses unknown options', async () => {
    const run = await runCli(['schema', '--out', 'x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown option '--out'");
  });

  it('prints the JSON Schema that registry.schema.json holds', async () => {
    const run = await runCli(['schema']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(await readFile(path.join(REPO_ROOT, 'registry.schema.json'), 'utf8'));
    expect(JSON.parse(run.stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
  });
});

async function mkdirp(dir: string): Promise<string> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  return dir;
}
