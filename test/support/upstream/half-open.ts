// A server that accepts TCP connections and never reads from them: the kernel completes the
// handshake, the client's request (or TLS ClientHello) sits unread, nothing ever comes back.
// For timeouts that must cover the connect/TLS phase, not just waiting for headers.
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface HalfOpenServer {
  readonly port: number;
  /** `${scheme}://127.0.0.1:${port}${path}`; scheme defaults to http. */
  url(path?: string, scheme?: 'http' | 'https'): string;
  /** Connections accepted so far. */
  readonly connectionCount: number;
  /** Destroys every accepted connection and stops listening. */
  close(): Promise<void>;
}

export async function startHalfOpenServer(): Promise<HalfOpenServer> {
  const sockets = new Set<Socket>();
  let connectionCount = 0;
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    connectionCount++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path = '/', scheme = 'http') => `${scheme}://127.0.0.1:${port}${path}`,
    get connectionCount() {
      return connectionCount;
    },
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}
