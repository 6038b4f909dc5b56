// The upstream of the regular-connector benchmark: answers GET /v1/items?limit=20&sort=name with
// X-Api-Version set (else 400, so a proxy that drops the header or a parameter fails the run),
// from a precomputed body, with no caching headers (so Conduit stores nothing). Nothing logged.
// Prints {"port":N} once listening.
import { createServer } from 'node:http';
import { API_VERSION, API_VERSION_HEADER, ITEMS_BODY, QUERY, UPSTREAM_PATH } from './scenario.js';

const expectedUrl = `${UPSTREAM_PATH}?${QUERY}`;
const body = Buffer.from(ITEMS_BODY);
const headers = { 'Content-Type': 'application/json', 'Content-Length': String(body.length) };

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === expectedUrl && req.headers[API_VERSION_HEADER] === API_VERSION) {
    res.writeHead(200, headers).end(body);
  } else {
    res.writeHead(400, { 'Content-Type': 'application/json' }).end(`{"error":"unexpected ${req.method} ${req.url}"}`);
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
