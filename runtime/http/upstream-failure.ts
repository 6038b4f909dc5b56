// Turns whatever undici, node:net, node:tls or the SSRF guard threw into an UpstreamError.
// Messages are written here from the error's code only: an underlying message is never copied,
// so no request header, body or URL query can reach a log or an error response through it.
import { BlockedAddressError } from './guarded-lookup.js';
import { UpstreamError } from './types.js';

const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const closedCodes = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);
const requestCodes = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_CHAR']);
const tlsCodePattern = /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;
// Error codes are constants like 'ECONNREFUSED'; anything else is not repeated in a message.
const codeShape = /^[A-Z][A-Z0-9_]{1,63}$/;

function codeOf(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && codeShape.test(code) ? code : null;
}

export function toUpstreamError(err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (err instanceof BlockedAddressError) return new UpstreamError('blocked-address', err.message);
  const code = codeOf(err);
  // undici's parser errors often lack their HPE_ code (it looks the number up in a name→number table).
  if ((err as { name?: unknown } | null)?.name === 'HTTPParserError' || code?.startsWith('HPE_')) {
    return new UpstreamError('network', `upstream sent an invalid HTTP response${code === null ? '' : ` (${code})`}`);
  }
  if (code === null) return new UpstreamError('network', 'upstream request failed');
  if (timeoutCodes.has(code)) return new UpstreamError('timeout', `upstream did not answer in time (${code})`);
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return new UpstreamError('too-large', 'upstream response headers are too large');
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return new UpstreamError('too-large', 'upstream response body is too large');
  if (dnsCodes.has(code)) return new UpstreamError('network', `upstream host name could not be resolved (${code})`);
  if (code === 'ECONNREFUSED') return new UpstreamError('network', 'upstream refused the connection (ECONNREFUSED)');
  if (closedCodes.has(code)) return new UpstreamError('network', `upstream connection closed unexpectedly (${code})`);
  if (tlsCodePattern.test(code)) return new UpstreamError('network', `upstream TLS connection failed (${code})`);
  if (requestCodes.has(code)) return new UpstreamError('network', `upstream request is invalid: bad method, path or header (${code})`);
  if (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED') return new UpstreamError('network', 'upstream client is closed');
  return new UpstreamError('network', `upstream request failed (${code})`);
}
