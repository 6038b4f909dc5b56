// The node:http server around the request handler, with a graceful close: stop accepting,
// let in-flight requests finish (their responses say `Connection: close`), drop idle
// keep-alive connections, and force the rest only after a deadline. Hostile callers are bounded:
// a request head or body that trickles in is dropped with 408 (headersTimeout/requestTimeout),
// idle connections close after keepAliveTimeout, and parser errors get a 400/431 envelope.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connectReply, MISSING_HOST_MESSAGE, clientErrorReply, loggableCode } from './client-error.js';
import { JSON_TYPE } from './connector-reply.js';
import { errorEnvelope, REQUEST_SCOPE } from './error-envelope.js';
import { handleRequest } from './request-handler.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
import type { ServerRuntime } from './server-runtime.js';
import { UNEXPECTED_SCOPE } from '../executor/failure.js';

export interface ListenOptions {
  /**
   * The runtime each new request is served by, read once when the request arrives (hot reload
   * swaps it; a request in flight keeps the one it started with). Default: `rt`.
   */
  readonly current?: () => ServerRuntime;
  /** Serves each request inside a trace span (runtime/observability/tracing.ts); absent: tracing is off. */
  readonly trace?: (req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>) => Promise<void>;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** After this, connections still open at shutdown are destroyed. */
  readonly shutdownTimeoutMs: number;
  /** Time a caller has to send the request head. Default 10 s. */
  readonly headersTimeoutMs?: number;
  /** Time a caller has to send the whole request (head and body). Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Idle keep-alive connections close after this. Default 5 s. */
  readonly keepAliveTimeoutMs?: number;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;

export interface HttpServerHandle {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Resolves when every in-flight request has finished and every connection is closed. */
  close(): Promise<void>;
}

/** Node's own header limit must sit above ours so oversized values get our 431 envelope. */
const MAX_HEADER_SIZE = 64 * 1024;
/** A connection answered after a client error is destroyed this long after the answer was written. */
const CLIENT_ERROR_LINGER_MS = 1_000;

/**
 * How often node checks connections against headersTimeout/requestTimeout. Node's default (30 s)
 * would let a slow caller hold a connection for up to 30 s past its deadline.
 */
function checkingInterval(headersTimeoutMs: number, requestTimeoutMs: number): number {
  return Math.max(25, Math.min(1_000, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 4)));
}

export function listen(rt: ServerRuntime, options: ListenOptions): Promise<HttpServerHandle> {
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | null = null;

  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // The response being written on each connection, so a client error can tell whether answering is still possible.
  const responses = new WeakMap<Socket, ServerResponse>();

  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_SIZE,
      headersTimeout: Math.min(headersTimeout, requestTimeout),
      requestTimeout,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: checkingInterval(headersTimeout, requestTimeout),
      // Answered below with the error envelope instead of node's empty 400.
      requireHostHeader: false,
    },
    onRequest,
  );

  const runtimeOf = options.current ?? (() => rt);
  const { trace } = options;

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    inFlight++;
    const socket = req.socket;
    responses.set(socket, res);
    res.once('close', () => {
      if (responses.get(socket) === res) responses.delete(socket);
      onResponseClose();
    });
    if (closing) res.setHeader('Connection', 'close');
    const requestId = requestIdOf(req.headers['x-request-id']);
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      const body = errorEnvelope(requestId, { scope: REQUEST_SCOPE, message: MISSING_HOST_MESSAGE });
      res.writeHead(400, { 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', [REQUEST_ID_HEADER]: requestId });
      res.end(body);
      rt.deps.metrics.rejected(400);
      return;
    }
    const runtime = runtimeOf();
    (trace === undefined ? handleRequest(runtime, req, res, requestId) : trace(req, res, () => handleRequest(runtime, req, res, requestId))).catch((err: unknown) => {
      rt.deps.logger.error({ err: rt.deps.redact(err instanceof Error ? (err.stack ?? err.message) : String(err)) }, 'request handler failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = errorEnvelope(requestId, { scope: UNEXPECTED_SCOPE, message: 'The server failed unexpectedly' });
      res.writeHead(500, { 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(body)), [REQUEST_ID_HEADER]: requestId });
      res.end(body);
    });
  }

  function onResponseClose(): void {
    inFlight--;
    if (!closing) return;
    // The finished request's connection is idle now: let it go.
    setImmediate(() => server.closeIdleConnections());
    if (inFlight === 0) drained?.();
  }

  // A caller that sends garbage, or too slowly, gets a short envelope and a closed connection,
  // not a crash. Once a response has started on the connection, nothing more can be said: drop it.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const answering = responses.get(socket);
    if (err.code === 'ECONNRESET' || !socket.writable || answering?.headersSent === true) {
      socket.destroy();
      return;
    }
    const reply = clientErrorReply(err.code, requestIdOf(undefined));
    socket.end(reply.wire);
    // A caller that never reads or closes must not keep the socket: it is bounded too.
    setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
    rt.deps.metrics.rejected(reply.status);
    rt.deps.logger.info({ request_id: reply.requestId, status: reply.status, error: loggableCode(err.code) }, 'client error');
  });

  // CONNECT never reaches onRequest: without this listener node would drop the connection silently.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    const reply = connectReply(requestIdOf(undefined));
    socket.end(reply.wire);
    setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
    rt.deps.metrics.rejected(reply.status);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      let closed: Promise<void> | null = null;
      resolve({
        url: `http://${host}:${port}`,
        port,
        server,
        close() {
          closed ??= new Promise<void>((done) => {
            closing = true;
            const timer = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs);
            timer.unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
            const waitForRequests = new Promise<void>((finished) => {
              drained = finished;
              if (inFlight === 0) finished();
            });
            void waitForRequests.then(() => server.closeIdleConnections());
          });
          return closed;
        },
      });
    });
  });
}
