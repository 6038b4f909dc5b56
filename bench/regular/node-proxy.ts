// The Node limit of the regular-connector benchmark: the minimal hand-written proxy a Node
// developer would write for this connector — node:http in, one undici Pool (keep-alive) out, the
// URL, header and query string hard-coded, the upstream's status, Content-Type and body passed
// back. No validation, no timing headers, no logs, no metrics, no size limit.
// Prints {"port":N} once listening.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { API_VERSION, API_VERSION_HEADER, QUERY, UPSTREAM_PATH } from './scenario.js';

const pool = new Pool(`http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`, { connections: 128 });
const options = { path: `${UPSTREAM_PATH}?${QUERY}`, method: 'GET' as const, headers: { [API_VERSION_HEADER]: API_VERSION } };

const server = createServer((_req, res) => {
  pool.request(options).then(
    async (upstream) => {
      const body = Buffer.from(await upstream.body.arrayBuffer());
      res.writeHead(upstream.statusCode, { 'Content-Type': String(upstream.headers['content-type']), 'Content-Length': String(body.length) }).end(body);
    },
    () => res.writeHead(502).end(),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
