// runServerFromCli in a real process: options from flags and CONDUIT_* variables, start-up
// errors as exit codes, and SIGTERM letting an in-flight request finish before exiting 0.
import { spawn } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicKey, createPrivateKey } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CA_FILE } from '../../support/runtime/start-runtime.js';
import { delay, json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { privateKeyPem, publicKeyPem } from '../../fixtures/keys/test-keys.js';

const ENTRY = fileURLToPath(new URL('../../support/runtime/serve-from-cli.ts', import.meta.url));
const PUBLIC_KEY_FILE = fileURLToPath(new URL('../../fixtures/keys/rsa-public.pem', import.meta.url));

interface Served {
  readonly url: Promise<string>;
  readonly exited: Promise<{ code: number | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

function serve(args: readonly string[], env: Record<string, string> = {}): Served {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let announce: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (announce = resolve));
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
    const match = /serving \d+ connectors on (http:\/\/\S+)/.exec(stderr);
    if (match) announce(match[1]!);
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { url, exited, kill: (signal) => child.kill(signal) };
}

let upstream: Upstream;
let tmp: string;

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '/slow': delay(500, json({ done: true })), '/fast': json({ fast: true }) } });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'conduit-cli-test-'));
});

afterAll(async () => {
  await upstream?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('runServerFromCli', () => {
  it('serves with flags and env, and on SIGTERM finishes the in-flight request before exiting 0', async () => {
    const served = serve(['--port', '0', '--upstream-ca', TEST_CA_FILE], {
      CONDUIT_ALLOW_INSECURE_UPSTREAMS: '1',
      CONDUIT_LOG_LEVEL: 'warn',
      TEST_UPSTREAM_URL: upstream.url('/slow'),
    });
    const url = await served.url;
    const before = upstream.requests.length;
    const inFlight = fetch(`${url}/api/connectors/slow`);
    await upstream.waitForRequests(before + 1);
    served.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    const { code } = await served.exited;
    expect(code).toBe(0);
  });

  it('verifies user tokens with a public key file and a JWKS file', async () => {
    const jwksFile = path.join(tmp, 'jwks.json');
    const jwk = { ...(await exportJWK(createPublicKey(publicKeyPem('rsa')))), kid: 'main', alg: 'RS256' };
    await writeFile(jwksFile, JSON.stringify({ keys: [jwk] }));
    const signer = createPrivateKey(privateKeyPem('rsa'));
    const token = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'RS256', kid: 'main' }).setExpirationTime('5m').sign(signer);
    for (const flags of [['--user-token-public-key', PUBLIC_KEY_FILE], ['--user-token-jwks', jwksFile]]) {
      const served = serve(['--port', '0', '--require-user', '--allow-insecure-upstreams', '--upstream-ca', TEST_CA_FILE, ...flags], {
        TEST_UPSTREAM_URL: upstream.url('/fast'),
        CONDUIT_LOG_LEVEL: 'silent',
      });
      const url = await served.url;
      expect((await fetch(`${url}/api/connectors/slow`)).status, flags[0]).toBe(401);
      const ok = await fetch(`${url}/api/connectors/slow`, { headers: { Authorization: `Bearer ${token}` } });
      expect(ok.status, flags[0]).toBe(200);
      served.kill('SIGINT');
      expect((await served.exited).code).toBe(0);
    }
  });

  it('exits 2 with every option problem on stderr', async () => {
    const { code, stderr } = await serve(['--port', 'x', '--nope']).exited;
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a whole number');
    expect(stderr).toContain('unknown option --nope');
  });

  it('exits 1 when a configured file cannot be read or used', async () => {
    const missing = await serve(['--port', '0', '--user-token-public-key', path.join(tmp, 'absent.pem')]).exited;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the user-token public key .*absent\.pem: ENOENT/);
    const garbage = path.join(tmp, 'garbage.pem');
    await writeFile(garbage, 'not a key');
    const unusable = await serve(['--port', '0', '--user-token-public-key', garbage]).exited;
    expect(unusable.code).toBe(1);
    expect(unusable.stderr).toContain('the user-token key is unusable');
    const badSecrets = path.join(tmp, 'secrets.json');
    await writeFile(badSecrets, '{ not json');
    const secrets = await serve(['--port', '0', '--secrets', badSecrets]).exited;
    expect(secrets.code).toBe(1);
  });
});
