// A loopback port nothing listens on right now: for servers that must be told their port before
// they start (nginx, redis-server, a spawned bundle). Another process may take it in between; the
// callers' start-up checks report that as a failed start.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
