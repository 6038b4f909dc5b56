// A real HTTP or HTTPS server on 127.0.0.1 (ephemeral port) whose routes run scripted behaviours
// and which logs every request it receives. See ./index.ts for the overview.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Behaviour, Exchange } from './behaviours.js';
import type { RecordedRequest } from './recorded-request.js';
import { serverCert, serverKey } from './tls.js';

export interface UpstreamOptions {
  /** Serve HTTPS with the test certificate (trust it with `testCa`). Default false. */
  readonly tls?: boolean;
  /** Default '127.0.0.1'; '::1' for IPv6. */
  readonly host?: string;
  /** Route key → behaviour. Keys are '/path' (any method), 'METHOD /path', or '*' (fallback). Matching ignores the query. */
  readonly routes?: Readonly<Record<string, Behaviour>>;
}

export interface Upstream {
  /** e.g. 'http://127.0.0.1:41234' or 'https://[::1]:41234' (no trailing slash). */
  readonly origin: string;
  readonly port: number;
  /** `origin + path`; path defaults to '/'. */
  url(path?: string): string;
  /** Every request received, in arrival order (logged once its body was read, before it is answered). */
  readonly requests: readonly RecordedRequest[];
  /** Adds or replaces a route (same keys as UpstreamOptions.routes). */
  route(key: string, behaviour: Behaviour): void;
  /** TCP connections accepted so far. */
  readonly connectionCount: number;
  /** TCP connections currently open. */
  readonly openConnections: number;
  /** Resolves once `count` requests have been logged (rejects after `timeoutMs`, default 5000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening, destroys every open connection and cancels pending behaviour timers. */
  close(): Promise<void>;
}

export async function startUpstream(options: UpstreamOptions = {}): Promise<Upstream> {
  const routes = new Map<string, Behaviour>(Object.entries(options.routes ?? {}));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const connectionIds = new WeakMap<Socket, number>();
  const waiters = new Set<() => void>();
  let connectionCount = 0;
  let closed = false;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = record(req, Buffer.concat(chunks), connectionIds.get(req.socket) ?? 0);
      requests.push(request);
      for (const wake of waiters) wake();
      const behaviour = findRoute(routes, req.method ?? 'GET', request.path);
      const exchange: Exchange = {
        req,
        res,
        request,
        later(ms, fn) {
          if (closed) return;
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!closed) fn();
          }, ms);
          timers.add(timer);
        },
      };
      if (behaviour === undefined) {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'no route', path: request.path }));
        return;
      }
      try {
        behaviour.handle(exchange);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`behaviour '${behaviour.describe}' threw: ${String(err)}`);
      }
    });
  };

  const server: Server = options.tls ? createHttpsServer({ key: serverKey, cert: serverCert }, onRequest) : createHttpServer(onRequest);
  server.on('connection', (socket: Socket) => {
    connectionCount++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // For HTTP the request's socket is this one; for HTTPS it is the TLS socket (numbered below).
    if (!options.tls) connectionIds.set(socket, connectionCount);
  });
  if (options.tls) server.on('secureConnection', (socket: Socket) => connectionIds.set(socket, connectionCount));
  // Clients that misbehave on purpose (half-written requests, resets) must not crash the test process.
  server.on('clientError', (_err, socket: Socket) => socket.destroy());
  server.on('tlsClientError', (_err: Error, socket: Socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    origin,
    port,
    url: (path = '/') => `${origin}${path}`,
    requests,
    route(key, behaviour) {
      routes.set(key, behaviour);
    },
    get connectionCount() {
      return connectionCount;
    },
    get openConnections() {
      return sockets.size;
    },
    waitForRequests(count, timeoutMs = 5000) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} requests within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        const check = () => {
          if (requests.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}

function findRoute(routes: ReadonlyMap<string, Behaviour>, method: string, path: string): Behaviour | undefined {
  return routes.get(`${method} ${path}`) ?? routes.get(path) ?? routes.get('*');
}

function record(req: IncomingMessage, body: Buffer, connection: number): RecordedRequest {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? [] : [...new URLSearchParams(url.slice(queryAt + 1))].map(([k, v]) => [k, v] as const);
  const rawHeaders: (readonly [string, string])[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join('\n') : value;
  }
  return { method: req.method ?? '', url, path, query, headers, rawHeaders, body, connection };
}
