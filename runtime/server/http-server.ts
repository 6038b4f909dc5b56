// The node:http server around the request handler, with a graceful close: stop accepting,
// let in-flight requests finish (their responses say `Connection: close`), drop idle
// keep-alive connections, and force the rest only after a deadline.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSON_TYPE } from './connector-reply.js';
import { errorEnvelope, REQUEST_SCOPE } from './error-envelope.js';
import { handleRequest } from './request-handler.js';
import type { ServerRuntime } from './server-runtime.js';
import { UNEXPECTED_SCOPE } from '../executor/failure.js';

export interface ListenOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** After this, connections still open at shutdown are destroyed. */
  readonly shutdownTimeoutMs: number;
}

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

export function listen(rt: ServerRuntime, options: ListenOptions): Promise<HttpServerHandle> {
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | null = null;

  const server = createServer({ maxHeaderSize: MAX_HEADER_SIZE }, (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.once('close', onResponseClose);
    if (closing) res.setHeader('Connection', 'close');
    handleRequest(rt, req, res).catch((err: unknown) => {
      rt.deps.logger.error({ err: rt.deps.redact(err instanceof Error ? (err.stack ?? err.message) : String(err)) }, 'request handler failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = errorEnvelope(UNEXPECTED_SCOPE, 'The server failed unexpectedly');
      res.writeHead(500, { 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });

  function onResponseClose(): void {
    inFlight--;
    if (!closing) return;
    // The finished request's connection is idle now: let it go.
    setImmediate(() => server.closeIdleConnections());
    if (inFlight === 0) drained?.();
  }

  // A client that sends garbage gets a plain 400, not a crash.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = errorEnvelope(REQUEST_SCOPE, status === 431 ? 'Request headers are too large' : 'Malformed HTTP request');
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
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
