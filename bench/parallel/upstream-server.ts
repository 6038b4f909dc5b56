// The upstream of the parallel-steps benchmark: every request is answered after
// BENCH_UPSTREAM_DELAY_MS with a small JSON body. Prints {"port":N}.
import { createServer } from 'node:http';

const delayMs = Number(process.env['BENCH_UPSTREAM_DELAY_MS'] ?? '20');
const body = '{"ok":true}';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }).end(body);
    }, delayMs);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
