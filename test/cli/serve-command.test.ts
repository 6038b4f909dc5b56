// `conduit serve` compiles the registry with the build pipeline and serves it; it refuses to start
// when check finds errors. Run as a subprocess, against a real upstream.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startUpstream, type Upstream } from '../support/upstream/index.js';
import { removeScratch, REPO_ROOT, scratchDir, writeTree } from '../compiler/build/temp-build.js';
import { runCli } from './run-cli.js';

let work: string;
let upstream: Upstream;

beforeAll(async () => {
  work = await scratchDir('cli-serve');
  upstream = await startUpstream({ routes: { 'GET /v1/status': json({ status: 'green' }) } });
  await writeTree(path.join(work, 'good'), {
    'status.yaml': [
      'connectors:',
      '  - name: Status',
      `    url: http://127.0.0.1:${upstream.port}/v1/status`,
      '    method: GET',
      '    response_body: "{{ (response.body | from_json).status | upper }}"',
      '',
    ].join('\n'),
  });
  await writeTree(path.join(work, 'broken'), {
    'status.yaml': ['connectors:', '  - name: Status', '    url: https://api.example.com/{{ usr.id }}', '    method: GET', ''].join('\n'),
  });
});
afterAll(async () => {
  await upstream?.close();
  await removeScratch(work);
});

describe('conduit serve', () => {
  it('does not start when the registry has errors, and says why', async () => {
    const run = await runCli(['serve', '--registry', path.join(work, 'broken'), '--port', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown variable 'usr' (did you mean 'user'?) [template-unknown-variable]");
    expect(run.stderr).toContain(`${path.relative(REPO_ROOT, path.join(work, 'broken', 'status.yaml'))}:3:37`);
    expect(run.stderr).toContain('conduit serve: not starting: the registry has errors');
  });

  it('serves a registry that checks clean until SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env['CONDUIT_ALLOW_INSECURE_UPSTREAMS'];
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/conduit.mjs'), 'serve', '--registry', path.join(work, 'good'), '--host', '127.0.0.1', '--port', '0', '--allow-insecure-upstreams'],
      { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      // The server says where it listens (port 0: any free port).
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 20_000);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const at = /serving 1 connectors on (http:\/\/\S+)/.exec(stderr);
          if (at !== null) {
            clearTimeout(timer);
            resolve(at[1]!);
          }
        });
      });
      const res = await fetch(`${url}/api/connectors/status`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('GREEN');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
