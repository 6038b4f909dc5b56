// What a caller gets when node's HTTP parser or its timers give up on a connection before the
// request handler could answer ('clientError'): garbage, bad chunked framing, headers too large,
// a request head or body that did not arrive in time. A short error envelope (scope Request) and
// a closed connection; never a stack, never the bytes that were received.
import { JSON_TYPE } from './connector-reply.js';
import { errorEnvelope, REQUEST_SCOPE } from './error-envelope.js';
import { REQUEST_ID_HEADER } from './request-id.js';

export interface ClientErrorReply {
  readonly status: 400 | 405 | 408 | 431;
  readonly requestId: string;
  /** The raw HTTP/1.1 response, `Connection: close`. */
  readonly wire: string;
}

const REASONS = { 400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' } as const;

function wire(status: ClientErrorReply['status'], message: string, requestId: string, extraHeaders = ''): ClientErrorReply {
  const body = errorEnvelope(requestId, { scope: REQUEST_SCOPE, message });
  return {
    status,
    requestId,
    wire:
      `HTTP/1.1 ${status} ${REASONS[status]}\r\n${extraHeaders}Content-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${REQUEST_ID_HEADER}: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  };
}

/** CONNECT asks for a tunnel, which Conduit never opens: node hands it over as a raw socket ('connect'). */
export function connectReply(requestId: string): ClientErrorReply {
  return wire(405, 'The CONNECT method is not supported', requestId, 'Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n');
}

/** An HTTP/1.1 request must name its Host (RFC 9112 §3.2); node's own 400 for it has no envelope. */
export const MISSING_HOST_MESSAGE = 'An HTTP/1.1 request needs a Host header';

/** llhttp codes of a broken chunked body (framing, not the head). */
const CHUNK_CODES = new Set(['HPE_INVALID_CHUNK_SIZE', 'HPE_CHUNK_EXTENSIONS_OVERFLOW', 'HPE_INVALID_EOF_STATE', 'HPE_STRICT']);

/**
 * @param code      the error's `code` (ERR_HTTP_REQUEST_TIMEOUT, HPE_*), if any
 * @param requestId a fresh id: the request head may not have been read, so no incoming one is trusted
 */
export function clientErrorReply(code: string | undefined, requestId: string): ClientErrorReply {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return wire(408, 'The request was not received in time', requestId);
  if (code === 'HPE_HEADER_OVERFLOW') return wire(431, 'Request headers are too large', requestId);
  if (code !== undefined && CHUNK_CODES.has(code)) return wire(400, 'Malformed chunked request body', requestId);
  return wire(400, 'Malformed HTTP request', requestId);
}

/** A code safe to log: parser/timer constants only (messages may quote received bytes). */
export function loggableCode(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code) ? code : 'unknown';
}
