import { describe, expect, it } from 'vitest';
import { parsePathParams } from '../../../runtime/server/path-params.js';

describe('parsePathParams (X-Path-Params)', () => {
  it('decodes a query-string-like header into the values the URL template reads', () => {
    const result = parsePathParams('user_id=42&slug=a-b.c_d~e', ['user_id', 'slug']);
    expect(result).toEqual({ ok: true, params: new Map([['user_id', '42'], ['slug', 'a-b.c_d~e']]) });
  });

  it('refuses values that could leave their path segment', () => {
    for (const header of ['id=..', 'id=.', 'id=a..b', 'id=a%2Fb', 'id=a%20b', 'id=', `id=${'x'.repeat(201)}`, 'id=%3F']) {
      const result = parsePathParams(header, ['id']);
      expect(result.ok, header).toBe(false);
      if (!result.ok) expect(result.code).toBe('INVALID_PATH_PARAMETERS');
    }
  });

  it('accepts a value of exactly 200 characters', () => {
    expect(parsePathParams(`id=${'x'.repeat(200)}`, ['id']).ok).toBe(true);
  });

  it('names the missing parameters', () => {
    const result = parsePathParams('user_id=1', ['user_id', 'slug', 'page']);
    expect(result).toEqual({ ok: false, code: 'MISSING_PATH_PARAMETERS', message: 'Missing path parameters: slug, page', params: ['slug', 'page'] });
    expect(parsePathParams(undefined, ['id'])).toMatchObject({ ok: false, code: 'MISSING_PATH_PARAMETERS' });
  });

  it('reports missing before invalid, and lists every invalid key', () => {
    expect(parsePathParams('a=..&b=ok', ['a', 'b', 'c'])).toMatchObject({ ok: false, code: 'MISSING_PATH_PARAMETERS', params: ['c'] });
    expect(parsePathParams('a=..&b=.&c=ok', ['a', 'b', 'c'])).toMatchObject({ ok: false, code: 'INVALID_PATH_PARAMETERS', params: ['a', 'b'] });
  });

  it('accepts a dot inside a value', () => {
    expect(parsePathParams('v=1.2.3&f=.hidden', ['v', 'f']).ok).toBe(true);
  });

  it('needs nothing when the connector reads no path parameters', () => {
    expect(parsePathParams(undefined, [])).toEqual({ ok: true, params: new Map() });
  });
});
