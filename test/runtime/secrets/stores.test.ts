import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnvSecretStore, createEnvVariableStore } from '../../../runtime/secrets/env-store.js';
import { createFileSecretStore, createFileVariableStore } from '../../../runtime/secrets/file-store.js';
import { layerSecretStores } from '../../../runtime/secrets/layered-store.js';
import { findMissingSecrets, scopesOf } from '../../../runtime/secrets/missing-secrets.js';
import { openSecretStore, openVariableStore } from '../../../runtime/secrets/open-stores.js';
import type { ScopedValues } from '../../../runtime/secrets/scoped-values.js';

const values: ScopedValues = {
  defaults: new Map([['A', 'default-a'], ['B', 'default-b']]),
  tenants: new Map([['acme', new Map([['A', 'acme-a'], ['C', 'acme-c']])], ['beta', new Map()]]),
};

describe('file stores', () => {
  const secrets = createFileSecretStore(values);
  it('prefers the tenant value over the default', () => {
    expect(secrets.get('A', 'acme')).toBe('acme-a');
    expect(secrets.get('B', 'acme')).toBe('default-b');
    expect(secrets.get('A', 'beta')).toBe('default-a');
    expect(secrets.get('A', null)).toBe('default-a');
    expect(secrets.get('C', null)).toBeUndefined();
    expect(secrets.get('C', 'acme')).toBe('acme-c');
    expect(secrets.get('Z', 'acme')).toBeUndefined();
  });
  it('is case-sensitive and never reads inherited properties', () => {
    expect(secrets.get('a', null)).toBeUndefined();
    expect(secrets.get('constructor', null)).toBeUndefined();
    expect(secrets.get('toString', 'acme')).toBeUndefined();
  });
  it('lists every value for redaction', () => {
    expect([...secrets.allValues()].sort()).toEqual(['acme-a', 'acme-c', 'default-a', 'default-b']);
  });
  it('serves variables the same way', () => {
    const variables = createFileVariableStore(values);
    expect(variables.get('A', 'acme')).toBe('acme-a');
    expect(variables.get('B', 'beta')).toBe('default-b');
  });
});

describe('environment stores', () => {
  const env = {
    CONDUIT_SECRET_TOKEN: 'env-token',
    CONDUIT_SECRET_token: 'lower-token',
    CONDUIT_SECRET_: 'nameless',
    CONDUIT_VAR_BASE_URL: 'https://api.example.com',
    OTHER: 'x',
  };
  it('reads CONDUIT_SECRET_<NAME>, case-sensitive, for every tenant', () => {
    const store = createEnvSecretStore(env);
    expect(store.get('TOKEN', null)).toBe('env-token');
    expect(store.get('TOKEN', 'acme')).toBe('env-token');
    expect(store.get('token', null)).toBe('lower-token');
    expect(store.get('Token', null)).toBeUndefined();
    expect(store.get('BASE_URL', null)).toBeUndefined();
    expect([...store.allValues()].sort()).toEqual(['env-token', 'lower-token']);
  });
  it('reads CONDUIT_VAR_<NAME> for variables', () => {
    const store = createEnvVariableStore(env);
    expect(store.get('BASE_URL', null)).toBe('https://api.example.com');
    expect(store.get('TOKEN', null)).toBeUndefined();
  });
  it('takes a snapshot when created', () => {
    const mutable: Record<string, string> = { CONDUIT_SECRET_X: '1' };
    const store = createEnvSecretStore(mutable);
    mutable['CONDUIT_SECRET_X'] = '2';
    expect(store.get('X', null)).toBe('1');
  });
});

describe('layered stores and openSecretStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-stores-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { CONDUIT_SECRET_A: 'env-a', CONDUIT_SECRET_E: 'env-e', CONDUIT_VAR_V: 'env-v', CONDUIT_VAR_W: 'env-w' };

  it('layers the file (tenant, then default) over the environment', async () => {
    const path = join(dir, 'secrets.json');
    writeFileSync(path, JSON.stringify({ default: { A: 'file-a' }, tenants: { acme: { E: 'acme-e' } } }));
    const opened = await openSecretStore({ file: path, env });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.store.get('A', null)).toBe('file-a');
    expect(opened.store.get('E', null)).toBe('env-e');
    expect(opened.store.get('E', 'acme')).toBe('acme-e');
    expect([...opened.store.allValues()].sort()).toEqual(['acme-e', 'env-a', 'env-e', 'file-a']);
  });

  it('uses the environment alone without a file, and reports a bad file as errors', async () => {
    const envOnly = await openSecretStore({ env });
    expect(envOnly.ok && envOnly.store.get('A', 'x')).toBe('env-a');
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"default": {"A": 1}}');
    expect(await openSecretStore({ file: path, env })).toEqual({ ok: false, errors: ['default.A must be a string, got number'] });
  });

  it('opens variable stores the same way', async () => {
    const path = join(dir, 'variables.json');
    writeFileSync(path, JSON.stringify({ V: 'file-v' }));
    const opened = await openVariableStore({ file: path, env });
    expect(opened.ok && [opened.store.get('V', null), opened.store.get('W', 'acme'), opened.store.get('X', null)]).toEqual(['file-v', 'env-w', undefined]);
    const envOnly = await openVariableStore({ env });
    expect(envOnly.ok && envOnly.store.get('V', null)).toBe('env-v');
  });

  it('dedupes values across layers', () => {
    const a = createFileSecretStore({ defaults: new Map([['X', 'same']]), tenants: new Map() });
    expect(layerSecretStores([a, a]).allValues()).toEqual(['same']);
  });
});

describe('findMissingSecrets (conduit check --secrets)', () => {
  it('lists each secret the store lacks, per scope', () => {
    const store = createFileSecretStore(values);
    expect(scopesOf(values)).toEqual([null, 'acme', 'beta']);
    expect(findMissingSecrets(['A', 'C', 'D', 'C'], store, scopesOf(values))).toEqual([
      { name: 'C', tenantId: null },
      { name: 'C', tenantId: 'beta' },
      { name: 'D', tenantId: null },
      { name: 'D', tenantId: 'acme' },
      { name: 'D', tenantId: 'beta' },
    ]);
    expect(findMissingSecrets(['A', 'B'], store)).toEqual([]);
  });
});
