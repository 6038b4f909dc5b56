// Conduit's storing rules read directly: statuses, directives (case-insensitive, with arguments),
// the need for explicit freshness, and which rendered requests bypass the cache.
import { describe, expect, it } from 'vitest';
import { directiveNames, hasValidator, requestBypassesCache, responseRefusal } from '../../../runtime/cache/cache-rules.js';

describe('responseRefusal', () => {
  it('allows 200, 301 and 308 with max-age or Expires', () => {
    for (const status of [200, 301, 308]) {
      expect(responseRefusal(status, { 'cache-control': 'max-age=5' })).toBeNull();
      expect(responseRefusal(status, { expires: 'Thu, 01 Jan 2099 00:00:00 GMT' })).toBeNull();
    }
  });

  it('names why a response is refused', () => {
    expect(responseRefusal(203, { 'cache-control': 'max-age=5' })).toBe('status');
    expect(responseRefusal(404, { 'cache-control': 'max-age=5' })).toBe('status');
    expect(responseRefusal(200, { 'cache-control': 'public, max-age=5, no-store' })).toBe('no-store');
    expect(responseRefusal(200, { 'cache-control': 'max-age=5, no-cache="set-cookie"' })).toBe('no-cache');
    expect(responseRefusal(200, { 'cache-control': 'PRIVATE, max-age=5' })).toBe('private');
    expect(responseRefusal(200, { pragma: 'no-cache', expires: 'Thu, 01 Jan 2099 00:00:00 GMT' })).toBe('no-cache');
    expect(responseRefusal(200, { 'cache-control': 's-maxage=60' })).toBe('no-freshness');
    expect(responseRefusal(200, {})).toBe('no-freshness');
    expect(responseRefusal(200, { 'cache-control': 'no-cache', etag: '"v1"' })).toBe('no-cache');
  });

  it('stores a response with only a validator (ETag or Last-Modified): it is revalidated before each use', () => {
    expect(responseRefusal(200, { etag: '"v1"' })).toBeNull();
    expect(responseRefusal(301, { 'last-modified': 'Mon, 01 Dec 2025 00:00:00 GMT' })).toBeNull();
    expect(responseRefusal(308, { etag: 'W/"x"' })).toBeNull();
    expect(responseRefusal(404, { etag: '"v1"' })).toBe('status');
    expect(responseRefusal(200, { 'cache-control': 'max-age=5', vary: 'accept, *' })).toBe('vary');
  });

  it('lets Cache-Control win over a legacy Pragma', () => {
    expect(responseRefusal(200, { 'cache-control': 'max-age=5', pragma: 'no-cache' })).toBeNull();
  });
});

describe('directiveNames', () => {
  it('lower-cases names and drops arguments, quoted or not', () => {
    expect([...directiveNames('Max-Age=60, private="x, y", No-Transform, no-cache="a\\"b,c"')]).toEqual(['max-age', 'private', 'no-transform', 'no-cache']);
    expect(directiveNames(undefined).size).toBe(0);
  });
});

describe('hasValidator', () => {
  it('is true with an ETag or a Last-Modified', () => {
    expect(hasValidator({ etag: '"a"' })).toBe(true);
    expect(hasValidator({ 'last-modified': 'Thu, 01 Jan 2099 00:00:00 GMT' })).toBe(true);
    expect(hasValidator({ 'cache-control': 'max-age=1' })).toBe(false);
  });
});

describe('requestBypassesCache', () => {
  it('bypasses conditional, ranged and no-cache requests, whatever the header case', () => {
    for (const pair of [
      ['If-None-Match', '"a"'],
      ['if-modified-since', 'x'],
      ['If-Match', '"a"'],
      ['If-Unmodified-Since', 'x'],
      ['If-Range', 'x'],
      ['Range', 'bytes=0-1'],
      ['Cache-Control', 'no-cache'],
      ['cache-control', 'max-age=0, no-store'],
      ['Pragma', 'no-cache'],
    ] as const) {
      expect(requestBypassesCache([['Accept', 'application/json'], pair]), pair[0]).toBe(true);
    }
  });

  it('uses the cache for ordinary requests, credentials included', () => {
    expect(requestBypassesCache([['Authorization', 'Bearer x'], ['Cache-Control', 'max-age=60']])).toBe(false);
    expect(requestBypassesCache([])).toBe(false);
  });
});
