// The upstream of the runtime benchmark: three fixed routes, answers precomputed, nothing logged.
// Prints {"port":N} once listening (bench/closed-loop.ts reads it).
import { createServer } from 'node:http';
import { AUTH_BODY, NEXT_PAGE, REPORT_BODY, TEAM_BODY } from './scenario.js';

const json = { 'Content-Type': 'application/json' };

const server = createServer((req, res) => {
  // Drain the request body before answering, like any real API.
  req.resume();
  req.on('end', () => {
    const path = req.url ?? '/';
    if (req.method === 'GET' && path === '/auth') {
      res.writeHead(200, { ...json, 'Content-Length': String(AUTH_BODY.length) }).end(AUTH_BODY);
    } else if (req.method === 'GET' && path === '/teams/t1' && req.headers.authorization === 'Bearer tok-123') {
      res.writeHead(200, { ...json, 'X-Next-Page': NEXT_PAGE, 'Content-Length': String(TEAM_BODY.length) }).end(TEAM_BODY);
    } else if (req.method === 'POST' && path === '/report' && req.headers['x-page'] === NEXT_PAGE) {
      res.writeHead(200, { ...json, 'Content-Length': String(REPORT_BODY.length) }).end(REPORT_BODY);
    } else {
      res.writeHead(400, json).end(`{"error":"unexpected ${req.method} ${path}"}`);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
