// The binary form of a cached response in a shared store: it round-trips exactly (binary bodies
// included) and anything else reads as absent rather than as a broken response.
import { describe, expect, it } from 'vitest';
import { decodeStoredResponse, encodeStoredResponse, type StoredResponse } from '../../../runtime/cache/stored-response.js';

const entry: StoredResponse = {
  status: 308,
  headers: { 'content-type': 'application/octet-stream', etag: '"x"', location: 'https://example.com/ü' },
  body: Buffer.from([0, 255, 1, 254, 0x7b]),
  policy: { v: 1, t: 123, sh: false, ch: 0, imm: 86_400_000, st: 308, resh: { etag: '"x"' }, rescc: { 'max-age': '60' }, m: 'GET', u: 'https://example.com/', a: false, reqh: null, reqcc: {} },
};

describe('stored response encoding', () => {
  it('round-trips status, headers, policy and exact body bytes', () => {
    const decoded = decodeStoredResponse(encodeStoredResponse(entry));
    expect(decoded).toEqual(entry);
  });

  it('reads truncated, foreign or other-version values as absent', () => {
    const bytes = encodeStoredResponse(entry);
    expect(decodeStoredResponse(bytes.subarray(0, 3))).toBeNull();
    expect(decodeStoredResponse(bytes.subarray(0, 20))).toBeNull();
    expect(decodeStoredResponse(Buffer.from('{"accessToken":"x"}'))).toBeNull();
    const meta = Buffer.from(JSON.stringify({ v: 2, status: 200, headers: {}, policy: {} }));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(meta.length);
    expect(decodeStoredResponse(Buffer.concat([prefix, meta]))).toBeNull();
    const notJson = Buffer.from('nope');
    prefix.writeUInt32BE(notJson.length);
    expect(decodeStoredResponse(Buffer.concat([prefix, notJson]))).toBeNull();
  });
});
