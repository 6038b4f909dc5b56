// `conduit check` end to end: the three formats, exit codes, --secrets and the insecure switch,
// run as a subprocess exactly as a user or CI would.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let root: string;
let newcomer: string; // get_secret() in a request_body
let insecure: string; // an http:// upstream on a loopback address
let warnOnly: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'conduit-cli-check-'));
  newcomer = path.join(root, 'newcomer');
  await mkdir(newcomer);
  await writeFile(
    path.join(newcomer, 'connectors.yaml'),
    [
      'connectors:',
      '  - name: Create Lead',
      '    url: https://api.example.com/v1/leads',
      '    method: POST',
      '    request_body: |',
      "      {{ {'token': get_secret('k'), 'email': user.email} | tojson }}",
      '',
    ].join('\n'),
  );
  insecure = path.join(root, 'insecure');
  await mkdir(insecure);
  await writeFile(path.join(insecure, 'local.yaml'), 'connectors:\n  - name: Local\n    url: http://127.0.0.1:9000/v1\n    method: GET\n');
  warnOnly = path.join(root, 'warn-only');
  await mkdir(warnOnly);
  await writeFile(
    path.join(warnOnly, 'a.yaml'),
    'connectors:\n  - name: Me\n    url: https://api.example.com/me\n    method: GET\n    headers:\n      - key: X-Email\n        value: "{{ user.email }}"\n        overridable: true\n',
  );
}, 30_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('human format', () => {
  it('the newcomer case: one line names file:line:col and says where get_secret() is allowed', async () => {
    const run = await runCli(['check', '--registry', newcomer]);
    expect(run.code).toBe(1);
    const file = path.join(newcomer, 'connectors.yaml');
    const headline = run.stdout.split('\n').find((line) => line.startsWith(`${file}:6:20:`));
    expect(headline, run.stdout).toBeDefined();
    expect(headline).toContain('error');
    expect(headline).toContain('get_secret()');
    expect(headline).toMatch(/headers, query parameters and authentication/);
    // The frame shows the template line with a caret under `get_secret`.
    const lines = run.stdout.split('\n');
    const codeLine = lines.findIndex((l) => l.startsWith('> 6 |'));
    expect(lines[codeLine + 1]!.indexOf('^')).toBe(lines[codeLine]!.indexOf('get_secret'));
    expect(run.stdout).toMatch(/✖ 1 error, 0 warnings in 1 connector\n$/);
    expect(run.stdout).not.toContain('\x1b['); // not a TTY: no colour
  });

  it('exit code 0 and a clean summary for the demo registry', async () => {
    const run = await runCli(['check', '--registry', 'registry']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^✔ no problems in \d+ connectors\n$/);
  });

  it('exit code 0 with warnings only', async () => {
    const run = await runCli(['check', '--registry', warnOnly]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[overridable-identity]');
    expect(run.stdout).toContain('⚠ 0 errors, 1 warning in 1 connector');
  });
});

describe('json and github formats', () => {
  it('--format json prints the diagnostics array', async () => {
    const run = await runCli(['check', '--registry', newcomer, '--format', 'json']);
    expect(run.code).toBe(1);
    const diagnostics = JSON.parse(run.stdout) as { code: string; severity: string; line: number; col: number; file: string }[];
    expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.col])).toEqual([['template-slot-not-allowed', 'error', 6, 20]]);
    expect(diagnostics[0]!.file).toBe(path.join(newcomer, 'connectors.yaml'));
  });

  it('--format github prints one workflow command per diagnostic', async () => {
    const run = await runCli(['check', '--registry', insecure, '--format=github']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=[^,]*local\.yaml,line=3,col=10,title=url-not-https::the url must use https:\/\/, not http:\/\/%0Ahint: .*\n$/);
  });

  it('--help prints the usage; an unknown option is a usage error', async () => {
    const help = await runCli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: conduit check');
    const unknown = await runCli(['check', '--registy', 'registry']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown option '--registy'");
  });

  it('an unknown format is a usage error', async () => {
    const run = await runCli(['check', '--format', 'xml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--format must be one of human, json, github, not 'xml'");
    expect(run.stderr).toContain('usage: conduit check');
  });
});

describe('--allow-insecure-upstreams', () => {
  it('is off by default, on with the flag or CONDUIT_ALLOW_INSECURE_UPSTREAMS=1', async () => {
    expect((await runCli(['check', '--registry', insecure])).code).toBe(1);
    expect((await runCli(['check', '--registry', insecure, '--allow-insecure-upstreams'])).code).toBe(0);
    expect((await runCli(['check', '--registry', insecure], { env: { CONDUIT_ALLOW_INSECURE_UPSTREAMS: '1' } })).code).toBe(0);
  });
});

describe('--secrets', () => {
  it('reports the names the secrets file lacks at their get_secret() call', async () => {
    const secrets = path.join(root, 'secrets.json');
    // demo_jwt_key is set for acme only: globex would send the template text, so it is missing.
    await writeFile(
      secrets,
      JSON.stringify({ default: { demo_client_id: 'id', demo_api_key: 'k' }, tenants: { acme: { demo_jwt_key: 'j' }, globex: {} } }),
    );
    const run = await runCli(['check', '--registry', 'registry', '--secrets', secrets, '--format', 'json']);
    expect(run.code).toBe(1);
    const missing = (JSON.parse(run.stdout) as { code: string; message: string; file: string; line: number }[]).map((d) => [d.code, d.message, path.basename(d.file)]);
    // One report per call site: the OAuth block is shared by two steps through a YAML alias.
    expect(missing).toEqual([
      ['missing-secret', "secret 'demo_jwt_key' is not in the secrets file", 'catalog.yaml'],
      ['missing-secret', "secret 'demo_client_secret' is not in the secrets file", 'dashboard.yaml'],
      ['missing-secret', "secret 'demo_jwt_key' is not in the secrets file", 'dashboard.yaml'],
      ['missing-secret', "secret 'demo_client_secret' is not in the secrets file", 'profile.yaml'],
    ]);
  });

  it('a complete secrets file passes; an unreadable one is an error', async () => {
    const secrets = path.join(root, 'all-secrets.json');
    await writeFile(secrets, JSON.stringify({ demo_client_id: 'a', demo_client_secret: 'b', demo_api_key: 'c', demo_jwt_key: 'd' }));
    expect((await runCli(['check', '--registry', 'registry', '--secrets', secrets])).code).toBe(0);
    const missingFile = await runCli(['check', '--registry', 'registry', '--secrets', path.join(root, 'nope.json')]);
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toContain('cannot read secrets file');
  });
});

describe('--strict', () => {
  it('reports a definition pasted from the reference with unknown fields as warnings, with "did you mean", and exits 0', async () => {
    const dir = path.join(root, 'pasted');
    await mkdir(dir);
    await writeFile(
      path.join(dir, 'connectors_registry.json'),
      JSON.stringify({ connectors: [{ name: 'Pasted', url: 'https://api.example.com/v1', description: 'from the admin UI', querry_parameters: [] }] }, null, 2),
    );
    const run = await runCli(['check', '--registry', dir, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const found = JSON.parse(run.stdout) as { code: string; severity: string; message: string; hint?: string; line: number }[];
    expect(found.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['schema-unknown-field', 'warning', 6],
      ['schema-unknown-field', 'warning', 7],
    ]);
    expect(found[1]!.hint).toBe("did you mean 'query_parameters'?");

    const strict = await runCli(['check', '--registry', dir, '--strict', '--format', 'json']);
    expect(strict.code).toBe(1);
    const promoted = JSON.parse(strict.stdout) as { code: string; severity: string }[];
    expect(promoted.map((d) => [d.code, d.severity])).toEqual([
      ['schema-unknown-field', 'error'],
      ['schema-unknown-field', 'error'],
    ]);
    // The environment spelling, as for every flag.
    expect((await runCli(['check', '--registry', dir], { env: { CONDUIT_STRICT: '1' } })).code).toBe(1);
  });

  it('turns every other warning into an error too', async () => {
    const strict = await runCli(['check', '--registry', warnOnly, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/error/);
  });
});
