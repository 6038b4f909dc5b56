// Scripted route behaviours for test upstreams (see ./index.ts for the overview). Each function
// returns a Behaviour; a server runs it once per request, after the whole request body was read
// and logged.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { toEchoed, type RecordedRequest } from './recorded-request.js';

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The logged request (also in the server's `requests`). */
  readonly request: RecordedRequest;
  /** Runs `fn` after `ms` unless the server was closed meanwhile. */
  later(ms: number, fn: () => void): void;
}

export interface Behaviour {
  /** Short description, shown in the 500 answer if the behaviour throws. */
  readonly describe: string;
  handle(exchange: Exchange): void;
}

/** Response headers: an object (array values repeat the header) or pairs in wire order. */
export type HeaderInput = Readonly<Record<string, string | number | readonly string[]>> | readonly (readonly [string, string])[];

export interface FixedResponse {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: HeaderInput;
  /** Text (UTF-8) or exact bytes. Content-Length is added unless the headers set it or transfer-encoding. */
  readonly body?: string | Uint8Array;
}

/** A fixed response (status, headers, body — binary bodies are sent byte for byte). */
export function respond(response: FixedResponse = {}): Behaviour {
  const status = response.status ?? 200;
  const body = response.body === undefined ? Buffer.alloc(0) : Buffer.from(response.body);
  const headers = flatHeaders(response.headers ?? {});
  const lowerNames = headers.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
  if (!lowerNames.includes('content-length') && !lowerNames.includes('transfer-encoding') && status !== 204 && status !== 304) {
    headers.push('Content-Length', String(body.length));
  }
  return {
    describe: `respond ${status}`,
    handle({ res }) {
      res.writeHead(status, headers);
      res.end(body);
    },
  };
}

/** A JSON response (`content-type: application/json`). */
export function json(value: unknown, options: { readonly status?: number; readonly headers?: HeaderInput } = {}): Behaviour {
  return respond({
    status: options.status ?? 200,
    headers: [['Content-Type', 'application/json'], ...pairsOf(options.headers ?? {})],
    body: JSON.stringify(value),
  });
}

/** Answers with what the server received, as JSON (an EchoedRequest): method, url, path, query, headers, rawHeaders, body. */
export function echo(options: { readonly status?: number; readonly headers?: HeaderInput } = {}): Behaviour {
  return {
    describe: 'echo',
    handle(exchange) {
      json(toEchoed(exchange.request), options).handle(exchange);
    },
  };
}

/** A redirect that a client must not follow: `status` with a Location header. */
export function redirect(location: string, status = 302): Behaviour {
  return respond({ status, headers: { Location: location }, body: `redirecting to ${location}` });
}

/** Waits `ms` before running `then` (nothing is sent before: a delay before the headers). */
export function delay(ms: number, then: Behaviour): Behaviour {
  return {
    describe: `delay ${ms} ms, then ${then.describe}`,
    handle(exchange) {
      exchange.later(ms, () => then.handle(exchange));
    },
  };
}

/** Reads the request and never answers (the socket stays open until the client gives up or the server closes). */
export function hang(): Behaviour {
  return { describe: 'hang', handle() {} };
}

/** Sends the status line and headers (announcing `Content-Length: 1000`), then resets the connection after `afterMs`. */
export function resetAfterHeaders(options: { readonly status?: number; readonly afterMs?: number } = {}): Behaviour {
  return {
    describe: 'reset after headers',
    handle({ res, later }) {
      res.writeHead(options.status ?? 200, { 'Content-Type': 'application/octet-stream', 'Content-Length': '1000' });
      res.flushHeaders();
      later(options.afterMs ?? 50, () => resetConnection(res.socket));
    },
  };
}

/** Announces `totalBytes`, sends the first `sentBytes` of patternBytes(totalBytes), then resets after `afterMs`. */
export function resetMidBody(options: { readonly totalBytes?: number; readonly sentBytes?: number; readonly afterMs?: number } = {}): Behaviour {
  const total = options.totalBytes ?? 1000;
  const sent = options.sentBytes ?? Math.floor(total / 2);
  return {
    describe: `reset after ${sent} of ${total} body bytes`,
    handle({ res, later }) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) });
      res.write(patternBytes(total).subarray(0, sent));
      later(options.afterMs ?? 50, () => resetConnection(res.socket));
    },
  };
}

/**
 * How a body's end is marked: `content-length`, `chunked` transfer encoding, or `close`
 * (no length at all: the body ends when the server closes the connection, as in HTTP/1.0).
 */
export type BodyFraming = 'content-length' | 'chunked' | 'close';

/** A body of exactly `bytes` bytes of patternBytes(bytes), framed as asked, written in `chunkBytes` pieces. */
export function sizedBody(bytes: number, options: { readonly framing?: BodyFraming; readonly chunkBytes?: number } = {}): Behaviour {
  const framing = options.framing ?? 'content-length';
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  return {
    describe: `${bytes}-byte body (${framing})`,
    handle({ req, res }) {
      const body = patternBytes(bytes);
      if (framing === 'close') {
        const socket = req.socket;
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n');
        socket.end(body);
        return;
      }
      const headers: OutgoingHttpHeaders = { 'Content-Type': 'application/octet-stream' };
      if (framing === 'content-length') headers['Content-Length'] = String(bytes);
      res.writeHead(200, headers);
      for (let at = 0; at < bytes; at += chunkBytes) res.write(body.subarray(at, Math.min(bytes, at + chunkBytes)));
      res.end();
    },
  };
}

/** Sends headers at once, then `chunks` pieces of `chunkBytes` bytes every `intervalMs` (a body that trickles in). */
export function slowBody(options: { readonly chunks?: number; readonly chunkBytes?: number; readonly intervalMs?: number } = {}): Behaviour {
  const chunks = options.chunks ?? 20;
  const chunkBytes = options.chunkBytes ?? 16;
  const intervalMs = options.intervalMs ?? 50;
  return {
    describe: `slow body: ${chunks} x ${chunkBytes} bytes every ${intervalMs} ms`,
    handle({ res, later }) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(chunks * chunkBytes) });
      res.flushHeaders();
      let sent = 0;
      const next = () => {
        if (res.destroyed) return;
        res.write(Buffer.alloc(chunkBytes, 0x2e));
        if (++sent === chunks) res.end();
        else later(intervalMs, next);
      };
      later(intervalMs, next);
    },
  };
}

/** A response whose chunked encoding is malformed (a chunk size that is not hex), then the connection closes. */
export function invalidChunked(): Behaviour {
  return {
    describe: 'invalid chunked encoding',
    handle({ req, later }) {
      const socket = req.socket;
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZZ\r\nnot a chunk\r\n0\r\n\r\n');
      later(50, () => socket.destroy());
    },
  };
}

/** The n-th request gets the n-th behaviour; the last one repeats for every later request. */
export function sequence(...behaviours: readonly Behaviour[]): Behaviour {
  if (behaviours.length === 0) throw new Error('sequence() needs at least one behaviour');
  let calls = 0;
  return {
    describe: `sequence of ${behaviours.length}`,
    handle(exchange) {
      const index = Math.min(calls++, behaviours.length - 1);
      behaviours[index]!.handle(exchange);
    },
  };
}

/** Anything else: full control of node's request and response. */
export function custom(handle: (exchange: Exchange) => void, describe = 'custom'): Behaviour {
  return { describe, handle };
}

const patterns = new Map<number, Buffer>();

/** Deterministic bytes (byte i is i mod 251) for sized bodies, so a test can compare what arrived. */
export function patternBytes(length: number): Buffer {
  let bytes = patterns.get(length);
  if (bytes === undefined) {
    bytes = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) bytes[i] = i % 251;
    patterns.set(length, bytes);
  }
  return bytes;
}

/** Resets a TCP connection (RST); TLS sockets cannot be reset from JS, so they are destroyed without close_notify. */
export function resetConnection(socket: Socket | null): void {
  if (socket === null || socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

function pairsOf(headers: HeaderInput): [string, string][] {
  if (Array.isArray(headers)) return (headers as readonly (readonly [string, string])[]).map(([n, v]) => [n, v]);
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers as Readonly<Record<string, string | number | readonly string[]>>)) {
    if (Array.isArray(value)) for (const v of value as readonly string[]) pairs.push([name, v]);
    else pairs.push([name, String(value)]);
  }
  return pairs;
}

function flatHeaders(headers: HeaderInput): string[] {
  return pairsOf(headers).flat();
}
