// The secrets file of `check --secrets`: which names count as present, and what is refused.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecretsFile, secretsFromJson } from '../../../compiler/load/secrets-file.js';

function presence(data: unknown) {
  const result = secretsFromJson(data);
  if (!result.ok) throw new Error(result.message);
  return result.secrets;
}

describe('secretsFromJson', () => {
  it('a flat object: every key is present', () => {
    const secrets = presence({ api_key: 'v', other: '' });
    expect(secrets.has('api_key')).toBe(true);
    expect(secrets.has('other')).toBe(true);
    expect(secrets.has('missing')).toBe(false);
  });

  it('default + tenants: present in default, or in every tenant section', () => {
    const secrets = presence({
      default: { shared: 'd' },
      tenants: { acme: { per_tenant: 'a', only_acme: 'x' }, globex: { per_tenant: 'g' } },
    });
    expect(secrets.has('shared')).toBe(true);
    expect(secrets.has('per_tenant')).toBe(true);
    expect(secrets.has('only_acme')).toBe(false); // globex would render the template text
  });

  it('default alone, and tenants alone', () => {
    expect(presence({ default: { a: '1' } }).has('a')).toBe(true);
    const tenantsOnly = presence({ tenants: { t1: { a: '1' } } });
    expect(tenantsOnly.has('a')).toBe(true);
    expect(tenantsOnly.has('b')).toBe(false);
    expect(presence({ default: {}, tenants: {} }).has('a')).toBe(false);
  });

  it('a flat file may hold a secret literally named "default" when its value is a string', () => {
    expect(presence({ default: 'value' }).has('default')).toBe(true);
  });

  it('refuses values that are not strings and files that are not objects', () => {
    expect(secretsFromJson([])).toEqual({ ok: false, message: 'a secrets file must hold a JSON object' });
    expect(secretsFromJson({ a: 1 })).toMatchObject({ ok: false, message: expect.stringContaining('a must be a string') });
    expect(secretsFromJson({ default: { a: 1 } })).toMatchObject({ ok: false, message: expect.stringContaining('default.a') });
    expect(secretsFromJson({ tenants: { t: { a: null } } })).toMatchObject({ ok: false, message: expect.stringContaining('tenants.t.a') });
    expect(secretsFromJson({ tenants: { t: 'x' } })).toMatchObject({ ok: false, message: expect.stringContaining('tenants.t') });
  });
});

describe('readSecretsFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-secrets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file, and reports unreadable files and invalid JSON with the file name', async () => {
    const good = path.join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ default: { k: 'v' } }));
    const read = await readSecretsFile(good);
    expect(read.ok && read.secrets.has('k')).toBe(true);

    const missing = await readSecretsFile(path.join(dir, 'nope.json'));
    expect(missing).toMatchObject({ ok: false, message: expect.stringContaining('cannot read secrets file') });

    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{ "a": ');
    expect(await readSecretsFile(bad)).toMatchObject({ ok: false, message: expect.stringContaining('is not valid JSON') });

    const wrong = path.join(dir, 'wrong.json');
    await writeFile(wrong, '{ "a": 1 }');
    expect(await readSecretsFile(wrong)).toMatchObject({ ok: false, message: expect.stringContaining(wrong) });
  });
});
