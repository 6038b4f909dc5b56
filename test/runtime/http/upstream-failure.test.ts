// The error-code table: each family of low-level error becomes the right UpstreamError kind, and
// the underlying message (which could hold anything) is never copied.
import { describe, expect, it } from 'vitest';
import { BlockedAddressError } from '../../../runtime/http/guarded-lookup.js';
import { UpstreamError } from '../../../runtime/http/types.js';
import { toUpstreamError } from '../../../runtime/http/upstream-failure.js';

const leaky = 'Authorization: Bearer leaked-token body=leaked-body';

function errorWith(code: string | undefined, name = 'Error'): Error {
  const err = new Error(`${code ?? 'no code'}: ${leaky}`);
  err.name = name;
  if (code !== undefined) Object.assign(err, { code });
  return err;
}

describe('toUpstreamError', () => {
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', 'upstream did not answer in time (UND_ERR_CONNECT_TIMEOUT)'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', 'upstream did not answer in time (UND_ERR_HEADERS_TIMEOUT)'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout', 'upstream did not answer in time (UND_ERR_BODY_TIMEOUT)'],
    ['ETIMEDOUT', 'timeout', 'upstream did not answer in time (ETIMEDOUT)'],
    ['UND_ERR_HEADERS_OVERFLOW', 'too-large', 'upstream response headers are too large'],
    ['UND_ERR_RES_EXCEEDED_MAX_SIZE', 'too-large', 'upstream response body is too large'],
    ['ENOTFOUND', 'network', 'upstream host name could not be resolved (ENOTFOUND)'],
    ['EAI_AGAIN', 'network', 'upstream host name could not be resolved (EAI_AGAIN)'],
    ['ECONNREFUSED', 'network', 'upstream refused the connection (ECONNREFUSED)'],
    ['ECONNRESET', 'network', 'upstream connection closed unexpectedly (ECONNRESET)'],
    ['UND_ERR_SOCKET', 'network', 'upstream connection closed unexpectedly (UND_ERR_SOCKET)'],
    ['EPIPE', 'network', 'upstream connection closed unexpectedly (EPIPE)'],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'network', 'upstream connection closed unexpectedly (UND_ERR_RES_CONTENT_LENGTH_MISMATCH)'],
    ['HPE_INVALID_CHUNK_SIZE', 'network', 'upstream sent an invalid HTTP response (HPE_INVALID_CHUNK_SIZE)'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'network', 'upstream TLS connection failed (ERR_TLS_CERT_ALTNAME_INVALID)'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'network', 'upstream TLS connection failed (UNABLE_TO_VERIFY_LEAF_SIGNATURE)'],
    ['CERT_HAS_EXPIRED', 'network', 'upstream TLS connection failed (CERT_HAS_EXPIRED)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'network', 'upstream TLS connection failed (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'network', 'upstream TLS connection failed (ERR_SSL_WRONG_VERSION_NUMBER)'],
    ['UND_ERR_INVALID_ARG', 'network', 'upstream request is invalid: bad method, path or header (UND_ERR_INVALID_ARG)'],
    ['UND_ERR_CLOSED', 'network', 'upstream client is closed'],
    ['UND_ERR_DESTROYED', 'network', 'upstream client is closed'],
    ['EHOSTUNREACH', 'network', 'upstream request failed (EHOSTUNREACH)'],
  ] as const)('%s → %s', (code, kind, message) => {
    const mapped = toUpstreamError(errorWith(code));
    expect([mapped.kind, mapped.message]).toEqual([kind, message]);
  });

  it('recognises undici parser errors that carry no code', () => {
    const mapped = toUpstreamError(errorWith(undefined, 'HTTPParserError'));
    expect([mapped.kind, mapped.message]).toEqual(['network', 'upstream sent an invalid HTTP response']);
  });

  it('does not repeat a code that is not a plain constant', () => {
    const mapped = toUpstreamError(errorWith('secret value here'));
    expect([mapped.kind, mapped.message]).toEqual(['network', 'upstream request failed']);
  });

  it('maps errors without a code, and non-errors, to a plain network failure', () => {
    expect(toUpstreamError(errorWith(undefined)).message).toBe('upstream request failed');
    expect(toUpstreamError('a string').kind).toBe('network');
    expect(toUpstreamError(null).kind).toBe('network');
  });

  it('keeps UpstreamErrors and turns SSRF refusals into blocked-address', () => {
    const own = new UpstreamError('too-large', 'x');
    expect(toUpstreamError(own)).toBe(own);
    const blocked = toUpstreamError(new BlockedAddressError('metadata'));
    expect([blocked.kind, blocked.message]).toEqual(['blocked-address', 'upstream address is in a forbidden range (metadata)']);
  });

  it('never copies the underlying message', () => {
    for (const code of ['ECONNRESET', 'UND_ERR_INVALID_ARG', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EWHATEVER', undefined]) {
      expect(toUpstreamError(errorWith(code)).message).not.toContain('leaked');
    }
  });
});
