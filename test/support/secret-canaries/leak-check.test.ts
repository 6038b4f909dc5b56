import { describe, expect, it } from 'vitest';
import { assertNoSecretLeaks, findSecretLeaks, leakForms, pemCanaries } from './leak-check.js';
import { ALL_CANARY_VALUES, SECRET_CANARIES } from './canaries.js';

const secret = SECRET_CANARIES.specialChars;

describe('secret leak check', () => {
  it('finds a secret as written, JSON-escaped, URL-encoded and form-encoded', () => {
    for (const text of [secret, JSON.stringify({ secret }), `?s=${encodeURIComponent(secret)}`, new URLSearchParams({ s: secret }).toString()]) {
      expect(findSecretLeaks([{ source: 'x', text }], [secret])).toHaveLength(1);
    }
  });

  it('finds a base64 / base64url-encoded secret at any byte offset (e.g. inside Basic credentials)', () => {
    for (const prefix of ['', 'a', 'ab', 'abc:', 'client-id:']) {
      const b64 = Buffer.from(`${prefix}${secret}tail`).toString('base64');
      const b64url = Buffer.from(`${prefix}${secret}`).toString('base64url');
      expect(findSecretLeaks([`Basic ${b64}`], [secret]), `prefix ${prefix}`).toHaveLength(1);
      expect(findSecretLeaks([b64url], [secret]), `prefix ${prefix}`).toHaveLength(1);
    }
  });

  it('does not flag text without the secret or with a different one', () => {
    expect(findSecretLeaks(['{"level":30,"msg":"ok"}', Buffer.from('client:other-secret-value').toString('base64')])).toEqual([]);
  });

  it('names the source and form but never the value when it throws', () => {
    expect(() => assertNoSecretLeaks([{ source: 'error body', text: `oops ${SECRET_CANARIES.apiKey}` }])).toThrow(/secret #2 \(raw\) in error body/);
    try {
      assertNoSecretLeaks([{ source: 'log', text: SECRET_CANARIES.apiKey }]);
    } catch (err) {
      expect((err as Error).message).not.toContain(SECRET_CANARIES.apiKey);
    }
  });

  it('refuses to pass an empty capture', () => {
    expect(() => assertNoSecretLeaks([])).toThrow(/nothing was captured/);
  });

  it('lists the forms checked, and takes a base64 body line from a PEM', () => {
    expect([...leakForms('abcdefghijkl').keys()]).toEqual(expect.arrayContaining(['raw', 'json-escaped', 'url-encoded', 'form-encoded', 'base64@0', 'base64url@2']));
    expect(pemCanaries(['-----BEGIN X-----\nAAAA\nBBBB\nCCCC\n-----END X-----\n'])).toEqual(['BBBB']);
    expect(ALL_CANARY_VALUES.length).toBe(Object.keys(SECRET_CANARIES).length);
  });
});
