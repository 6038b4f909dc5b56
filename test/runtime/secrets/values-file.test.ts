import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseValuesFile, readValuesFile } from '../../../runtime/secrets/values-file.js';
import { SECRET_CANARIES } from '../../support/secret-canaries/index.js';

const errorsOf = (text: string, kind: 'secrets' | 'variables' = 'secrets') => {
  const result = parseValuesFile(text, kind);
  return result.ok ? [] : result.errors;
};

describe('parseValuesFile', () => {
  it('reads default and tenant sections', () => {
    const result = parseValuesFile(JSON.stringify({ default: { A: '1', B: '2' }, tenants: { acme: { A: 'acme-1' }, beta: {} } }), 'secrets');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.values.defaults]).toEqual([['A', '1'], ['B', '2']]);
    expect([...result.values.tenants.keys()]).toEqual(['acme', 'beta']);
    expect(result.values.tenants.get('acme')?.get('A')).toBe('acme-1');
  });

  it('accepts a flat object of string values as defaults, and sections alone', () => {
    const flat = parseValuesFile('{"TOKEN":"t","OTHER":"o"}', 'secrets');
    expect(flat.ok && [...flat.values.defaults.keys()]).toEqual(['TOKEN', 'OTHER']);
    const tenantsOnly = parseValuesFile('{"tenants":{"x":{"A":"1"}}}', 'secrets');
    expect(tenantsOnly.ok && tenantsOnly.values.defaults.size).toBe(0);
    const empty = parseValuesFile('{}', 'variables');
    expect(empty.ok).toBe(true);
  });

  it('rejects invalid secret names but allows any non-empty variable name', () => {
    expect(errorsOf('{"default":{"bad-name":"x","9lives":"y"}}')).toEqual([
      "default: 'bad-name' is not a valid secret name (letters, digits and _, not starting with a digit)",
      "default: '9lives' is not a valid secret name (letters, digits and _, not starting with a digit)",
    ]);
    expect(errorsOf('{"default":{"api.base-url":"https://x"}}', 'variables')).toEqual([]);
    expect(errorsOf('{"default":{"":"x"}}', 'variables')).toEqual(['default: a name is empty']);
  });

  it('reports every structural problem, never quoting a value', () => {
    const errors = errorsOf(
      JSON.stringify({ default: { A: 1, B: null, C: [SECRET_CANARIES.clientSecret] }, tenants: { t: 'x', u: { D: { v: SECRET_CANARIES.apiKey } } }, extra: {} }),
    );
    expect(errors).toEqual([
      "unknown top-level field 'extra': expected \"default\" and \"tenants\", or a flat object of string values",
      'default.A must be a string, got number',
      'default.B must be a string, got null',
      'default.C must be a string, got an array',
      'tenants.t must be an object of secret names to string values',
      'tenants.u.D must be a string, got object',
    ]);
    expect(errors.join('\n')).not.toContain('canary');
    expect(errorsOf('{"tenants":[]}')).toEqual(['tenants must be an object keyed by tenant id']);
    expect(errorsOf('[]')).toEqual(['the secrets file must hold a JSON object']);
  });

  it('reports invalid JSON with a position but without the text around it', () => {
    const [error] = errorsOf(`{\n  "default": {"A": "${SECRET_CANARIES.clientSecret}" "B": "x"}\n}`);
    expect(error).toMatch(/^the secrets file is not valid JSON/);
    expect(error).not.toContain('canary');
  });
});

describe('readValuesFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-values-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file from disk', async () => {
    const path = join(dir, 'secrets.json');
    writeFileSync(path, '{"default":{"A":"1"}}');
    const result = await readValuesFile(path, 'secrets');
    expect(result.ok && result.values.defaults.get('A')).toBe('1');
  });

  it('reports a missing file as data', async () => {
    const result = await readValuesFile(join(dir, 'nope.json'), 'variables');
    expect(result).toEqual({ ok: false, errors: [`cannot read the variables file ${join(dir, 'nope.json')}: ENOENT`] });
  });
});
