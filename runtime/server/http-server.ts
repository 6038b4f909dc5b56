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
import { CallerGone } from './caller-gone.js';
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

/** The response a connection is answering, so a client error can tell whether answering is still possible. */
const ANSWERING = Symbol('conduit.answering');
/** The request a response belongs to, read by the shared 'close' listener. */
const SERVED = Symbol('conduit.served');

type AnsweringSocket = Socket & { [ANSWERING]?: ServedRequest | null };
type ServedResponse = ServerResponse & { [SERVED]?: ServedRequest };

/**
 * One request from its arrival to the close of its response: counted in flight meanwhile, and the
 * cancel signal its upstream calls carry (the caller disconnecting before the answer aborts it).
 */
class ServedRequest extends CallerGone {
  constructor(
    readonly server: ConduitHttpServer,
    readonly res: ServerResponse,
    readonly socket: AnsweringSocket,
  ) {
    super();
  }
}

/** One shared listener for every response (no closure per request): `this` is the response. */
function onResponseClose(this: ServedResponse): void {
  const served = this[SERVED]!;
  // Closed before the answer was written: the caller went away.
  if (!this.writableEnded) served.abort();
  served.server.responseClosed(served);
}

/**
 * The node:http server with its handlers as methods over its own state: requests in flight, the
 * shutdown in progress, the runtime each new request is served by.
 */
class ConduitHttpServer {
  readonly server: Server;
  private inFlight = 0;
  private closing = false;
  private drained: (() => void) | null = null;
  private closed: Promise<void> | null = null;
  private readonly runtimeOf: () => ServerRuntime;
  private readonly trace: ListenOptions['trace'];

  constructor(
    private readonly rt: ServerRuntime,
    private readonly options: ListenOptions,
  ) {
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.runtimeOf = options.current ?? (() => rt);
    this.trace = options.trace;
    this.server = createServer(
      {
        maxHeaderSize: MAX_HEADER_SIZE,
        headersTimeout: Math.min(headersTimeout, requestTimeout),
        requestTimeout,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
        connectionsCheckingInterval: checkingInterval(headersTimeout, requestTimeout),
        // Answered below with the error envelope instead of node's empty 400.
        requireHostHeader: false,
      },
      (req, res) => this.onRequest(req, res),
    );
    // A caller that sends garbage, or too slowly, gets a short envelope and a closed connection, not a crash.
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => this.onClientError(err, socket));
    // CONNECT never reaches onRequest: without this listener node would drop the connection silently.
    this.server.on('connect', (_req: IncomingMessage, socket: Socket) => this.onConnect(socket));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    const socket = req.socket as AnsweringSocket;
    const served = new ServedRequest(this, res, socket);
    socket[ANSWERING] = served;
    (res as ServedResponse)[SERVED] = served;
    res.on('close', onResponseClose);
    if (this.closing) res.setHeader('Connection', 'close');
    const requestId = requestIdOf(req.headers['x-request-id']);
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      const body = errorEnvelope(requestId, { scope: REQUEST_SCOPE, message: MISSING_HOST_MESSAGE });
      res.writeHead(400, { 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', [REQUEST_ID_HEADER]: requestId });
      res.end(body);
      this.rt.deps.metrics.rejected(400);
      return;
    }
    const runtime = this.runtimeOf();
    const { trace } = this;
    const handled =
      trace === undefined ? handleRequest(runtime, req, res, requestId, served) : trace(req, res, () => handleRequest(runtime, req, res, requestId, served));
    handled.catch((err: unknown) => this.onHandlerFailure(err, res, requestId));
  }

  private onHandlerFailure(err: unknown, res: ServerResponse, requestId: string): void {
    const { deps } = this.rt;
    deps.logger.error({ err: deps.redact(err instanceof Error ? (err.stack ?? err.message) : String(err)) }, 'request handler failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = errorEnvelope(requestId, { scope: UNEXPECTED_SCOPE, message: 'The server failed unexpectedly' });
    res.writeHead(500, { 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(body)), [REQUEST_ID_HEADER]: requestId });
    res.end(body);
  }

  /** Called once per request, when its response closes (answered, or the connection went). */
  responseClosed(served: ServedRequest): void {
    if (served.socket[ANSWERING] === served) served.socket[ANSWERING] = null;
    this.inFlight--;
    if (!this.closing) return;
    // The finished request's connection is idle now: let it go.
    setImmediate(() => this.server.closeIdleConnections());
    if (this.inFlight === 0) this.drained?.();
  }

  /** Once a response has started on the connection, nothing more can be said: drop it. */
  private onClientError(err: NodeJS.ErrnoException, socket: AnsweringSocket): void {
    const answering = socket[ANSWERING];
    if (err.code === 'ECONNRESET' || !socket.writable || (answering != null && answering.res.headersSent)) {
      socket.destroy();
      return;
    }
    const reply = clientErrorReply(err.code, requestIdOf(undefined));
    socket.end(reply.wire);
    // A caller that never reads or closes must not keep the socket: it is bounded too.
    setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
    this.rt.deps.metrics.rejected(reply.status);
    this.rt.deps.logger.info({ request_id: reply.requestId, status: reply.status, error: loggableCode(err.code) }, 'client error');
  }

  private onConnect(socket: Socket): void {
    const reply = connectReply(requestIdOf(undefined));
    socket.end(reply.wire);
    setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
    this.rt.deps.metrics.rejected(reply.status);
  }

  listen(): Promise<HttpServerHandle> {
    const { server, options } = this;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        const { port } = server.address() as AddressInfo;
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        resolve({ url: `http://${host}:${port}`, port, server, close: () => this.close() });
      });
    });
  }

  /** Stop accepting, let requests in flight finish, drop idle connections; force the rest after the deadline. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((done) => {
      const { server } = this;
      this.closing = true;
      const timer = setTimeout(() => server.closeAllConnections(), this.options.shutdownTimeoutMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        done();
      });
      server.closeIdleConnections();
      const waitForRequests = new Promise<void>((finished) => {
        this.drained = finished;
        if (this.inFlight === 0) finished();
      });
      void waitForRequests.then(() => server.closeIdleConnections());
    });
    return this.closed;
  }
}

export function listen(rt: ServerRuntime, options: ListenOptions): Promise<HttpServerHandle> {
  return new ConduitHttpServer(rt, options).listen();
}
