// Finds taken ports before the demo spends seconds building: the usual reason `npm start` fails
// is another server (or another demo) on 3000 or 8080.
import { createServer } from 'node:net';

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The fixed ports (0 means any, which is always available) that something already listens on. */
export async function takenPorts(ports: readonly number[], host = '127.0.0.1'): Promise<number[]> {
  const fixed = [...new Set(ports.filter((p) => p !== 0))];
  const free = await Promise.all(fixed.map((p) => isFree(p, host)));
  return fixed.filter((_, i) => !free[i]);
}
