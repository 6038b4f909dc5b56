import { describe, expect, it } from 'vitest';
import { createRedactor, MIN_REDACTED_LENGTH, REDACTED } from '../../../runtime/secrets/redactor.js';
import { findSecretLeaks, SECRET_CANARIES } from '../../support/secret-canaries/index.js';

const redact = createRedactor(Object.values(SECRET_CANARIES));

describe('createRedactor', () => {
  it('replaces secret values wherever they appear', () => {
    const text = `client_secret=${SECRET_CANARIES.clientSecret} and again ${SECRET_CANARIES.clientSecret}!`;
    expect(redact(text)).toBe(`client_secret=${REDACTED} and again ${REDACTED}!`);
  });

  it('catches JSON-escaped, URL-encoded, form-encoded and base64 forms', () => {
    const s = SECRET_CANARIES.specialChars;
    const forms = [
      JSON.stringify({ v: s }),
      `a=${encodeURIComponent(s)}`,
      new URLSearchParams({ a: s }).toString(),
      Buffer.from(s).toString('base64'),
      Buffer.from(s).toString('base64url'),
    ];
    for (const form of forms) {
      const out = redact(form);
      expect(out).toContain(REDACTED);
      expect(findSecretLeaks([out], [s])).toEqual([]);
    }
  });

  it('redacts bearer and basic credentials, whatever the token', () => {
    expect(redact('authorization: Bearer abc.def-ghi_123')).toBe(`authorization: Bearer ${REDACTED}`);
    expect(redact('Authorization: bearer xyz')).toBe(`Authorization: bearer ${REDACTED}`);
    const basic = Buffer.from(`client:${SECRET_CANARIES.clientSecret}`).toString('base64');
    const out = redact(`{"headers":{"authorization":"Basic ${basic}"}}`);
    expect(out).toBe(`{"headers":{"authorization":"${REDACTED}"}}`);
    expect(findSecretLeaks([out])).toEqual([]);
    expect(redact('header Basic dXNlcjpwYXNz')).toBe(`header Basic ${REDACTED}`);
  });

  it('redacts any JSON "authorization" field value, whatever its scheme', () => {
    expect(redact('{"Authorization":"Token abc\\"def","x":1}')).toBe(`{"Authorization":"${REDACTED}","x":1}`);
    expect(redact('{"proxy-authorization": "Digest u=1"}')).toBe(`{"proxy-authorization": "${REDACTED}"}`);
    expect(redact('[["accept","*/*"],["Authorization","Token t0k3n"]]')).toBe(`[["accept","*/*"],["Authorization","${REDACTED}"]]`);
  });

  it('keeps the key after an "Authorization" value: the jwt debug view\'s header_name and prefix', () => {
    const debug = '{"type":"jwt","header_name":"Authorization","prefix":"Bearer ","expires_in":300}';
    expect(redact(debug)).toBe(debug);
    expect(redact('{"header_name": "Proxy-Authorization", "prefix": "Token "}')).toBe('{"header_name": "Proxy-Authorization", "prefix": "Token "}');
    // The header pair form is still a credential.
    expect(redact('[ "authorization" , "Token t0k3n"]')).toBe(`[ "authorization" , "${REDACTED}"]`);
  });

  it('redacts compact JWTs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(redact(`token=${jwt}&x=1`)).toBe(`token=${REDACTED}&x=1`);
  });

  it('ignores values shorter than the minimum, and replaces the longest secret first', () => {
    expect(MIN_REDACTED_LENGTH).toBe(4);
    const r = createRedactor(['abc', 'secret', 'secret-longer']);
    expect(r('abc secret secret-longer')).toBe(`abc ${REDACTED} ${REDACTED}`);
  });

  it('escapes regular-expression characters in values', () => {
    const r = createRedactor(['a.b*c(d)[e]$']);
    expect(r('xa.b*c(d)[e]$y aXbbc')).toBe(`x${REDACTED}y aXbbc`);
  });

  it('leaves text without secrets unchanged', () => {
    const line = '{"level":30,"connector":"weather","steps":[{"name":"s","status":200,"ms":12}]}';
    expect(redact(line)).toBe(line);
    expect(createRedactor([])(line)).toBe(line);
  });

  it('is fast enough for the logging path', () => {
    const many = createRedactor(Array.from({ length: 200 }, (_, i) => `secret-value-number-${i}-xyz`));
    const line = `{"level":30,"msg":"request done","connector":"c","url":"https://api.example.com/v1/items?page=2","steps":[1,2,3]}`.repeat(4);
    const start = performance.now();
    for (let i = 0; i < 2000; i++) many(line);
    const perLineMs = (performance.now() - start) / 2000;
    expect(perLineMs).toBeLessThan(0.5);
  });
});
