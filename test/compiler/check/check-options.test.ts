// checkRegistry options: the insecure-upstreams switch, and the secrets file of `check --secrets`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistry } from '../../../compiler/check.js';
import { secretsFromJson } from '../../../compiler/load/secrets-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-options-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function registry(name: string, text: string): Promise<string> {
  const folder = path.join(dir, name);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder);
  await writeFile(path.join(folder, 'r.yaml'), text);
  return folder;
}

describe('allowInsecureUpstreams', () => {
  const local = `connectors:
  - name: Local
    url: http://127.0.0.1:8080/v1
    method: GET
    authentication:
      type: oauth_client_credentials
      config:
        token_url: http://localhost:8081/token
        client_id: a
        client_secret: b
`;
  it('is off by default: http:// and private hosts are errors', async () => {
    const result = await checkRegistry(await registry('insecure-off', local));
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['url-not-https', 3],
      ['url-not-https', 8],
    ]);
    expect(result.registry).toBeNull();
  });

  it('accepts them when set, and keeps the literal origin for the runtime', async () => {
    const result = await checkRegistry(await registry('insecure-on', local), { allowInsecureUpstreams: true });
    expect(result.diagnostics).toEqual([]);
    expect(result.registry!.connectors[0]!.steps[0]!.url.literalOrigin).toBe('http://127.0.0.1:8080');
  });
});

describe('secrets', () => {
  const text = `connectors:
  - name: Uses Secrets
    url: https://api.example.com/v1
    method: GET
    headers:
      - key: Authorization
        value: "Bearer {{ get_secret('present') }}"
      - key: X-Other
        value: "{{ get_secret('only_acme') }}-{{ get_secret('absent') }}"
`;
  it('reports every get_secret() name the secrets file lacks, at the call', async () => {
    const secrets = secretsFromJson({ default: { present: 'x' }, tenants: { acme: { only_acme: 'y' }, globex: {} } });
    if (!secrets.ok) throw new Error(secrets.message);
    const result = await checkRegistry(await registry('secrets', text), { secrets: secrets.secrets });
    expect(result.diagnostics.map((d) => [d.code, d.line, d.col, d.message])).toEqual([
      ['missing-secret', 9, 20, "secret 'only_acme' is not in the secrets file"],
      ['missing-secret', 9, 50, "secret 'absent' is not in the secrets file"],
    ]);
    expect(result.registry).toBeNull();
  });

  it('checks nothing about secrets without a secrets file', async () => {
    const result = await checkRegistry(await registry('no-secrets', text));
    expect(result.diagnostics).toEqual([]);
  });
});
