// The hand-written baseline: a node:http handler making the same three undici calls as the
// Conduit connector, with every URL, header and body hard-coded. No templates, no timing headers,
// no logs, no metrics: the floor Conduit is compared with. Prints {"port":N} once listening.
import { createServer } from 'node:http';
import { Agent, request } from 'undici';

const upstream = `http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`;
// The same pool shape as Conduit's upstream client (keep-alive, 128 connections per origin).
const dispatcher = new Agent({ connections: 128 });

async function handle(): Promise<{ status: number; contentType: string; body: Buffer }> {
  const auth = await request(`${upstream}/auth`, { method: 'GET', dispatcher });
  await auth.body.arrayBuffer();
  const team = await request(`${upstream}/teams/t1`, { method: 'GET', headers: { Authorization: 'Bearer tok-123' }, dispatcher });
  const nextPage = team.headers['x-next-page'] as string;
  await team.body.arrayBuffer();
  const report = await request(`${upstream}/report`, {
    method: 'POST',
    headers: { 'X-Page': nextPage, 'Content-Type': 'application/json' },
    body: '{"team": "t1", "range": "7d"}',
    dispatcher,
  });
  const body = Buffer.from(await report.body.arrayBuffer());
  return { status: report.statusCode, contentType: String(report.headers['content-type']), body };
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    handle().then(
      (r) => res.writeHead(r.status, { 'Content-Type': r.contentType, 'Content-Length': String(r.body.length) }).end(r.body),
      () => res.writeHead(502).end(),
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
