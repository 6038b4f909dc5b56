// The upstream of the cache benchmark: the cacheable resource (max-age=60, ETag, 304 on a
// matching If-None-Match), optionally after a delay. Counts full answers and prints
// {"port":N}; SIGUSR2 prints {"served":N} so the benchmark can tell how many reached it.
import { createServer } from 'node:http';
import { API_KEY, RESOURCE_BODY, RESOURCE_PATH } from './scenario.js';

const delayMs = Number(process.env['BENCH_UPSTREAM_DELAY_MS'] ?? '0');
const etag = '"catalog-v1"';
let served = 0;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const answer = () => {
      served++;
      if (req.url !== RESOURCE_PATH || req.headers['x-api-key'] !== API_KEY) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"unexpected request"}');
        return;
      }
      const headers = { 'Cache-Control': 'max-age=60', ETag: etag, 'Content-Type': 'application/json' };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Length': String(Buffer.byteLength(RESOURCE_BODY)) }).end(RESOURCE_BODY);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ served })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
