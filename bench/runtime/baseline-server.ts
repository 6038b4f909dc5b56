// The hand-written baseline of the runtime benchmark: what a Node developer writes for this one
// composite, and nothing more — node:http in, one undici Pool to the upstream (keep-alive, the
// same 128 connections per origin as Conduit's client), `pool.request` with each path, header and
// body hard-coded, only the two values the chain needs (team, X-Next-Page) taken from the
// answers. No URL parsing per call, no templates, no timing headers, no request id, no logs, no
// metrics, no limits: the floor Conduit is compared with. Prints {"port":N} once listening.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const pool = new Pool(`http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`, { connections: 128 });
const JSON_TYPE = { 'Content-Type': 'application/json' };

async function handle(): Promise<{ status: number; contentType: string; body: Buffer }> {
  const auth = await pool.request({ path: '/auth', method: 'GET' });
  const { team, token } = (await auth.body.json()) as { team: string; token: string };
  const members = await pool.request({ path: `/teams/${team}`, method: 'GET', headers: { Authorization: `Bearer ${token}` } });
  const nextPage = members.headers['x-next-page'] as string;
  await members.body.dump();
  const report = await pool.request({
    path: '/report',
    method: 'POST',
    headers: { 'X-Page': nextPage, ...JSON_TYPE },
    body: `{"team": "${team}", "range": "7d"}`,
  });
  const body = Buffer.from(await report.body.arrayBuffer());
  return { status: report.statusCode, contentType: String(report.headers['content-type']), body };
}

const server = createServer((req, res) => {
  // The caller's payload is read (Conduit reads it too), though the answer does not depend on it.
  req.resume();
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
