// The soak upstream, in its own process: the three routes of ./scenario.ts with every
// FAULT_EVERY-th call failing (reset, reset mid-body, HTTP 500, or an answer slower than the
// runtime's upstream timeout). Reports `ready` and, when told to stop, its call and fault counts.
import { createServer, type ServerResponse } from 'node:http';
import { AUTH_BODY, FAULT_EVERY, FAULT_KINDS, REPORT_BODY, TEAM_BODY, type ChildMessage, type DriverMessage, type FaultKind } from './scenario.js';

const slowMs = Number(process.env['SOAK_SLOW_MS'] ?? 1_000);
const json = { 'Content-Type': 'application/json' };
let calls = 0;
const faults: Record<FaultKind, number> = { reset: 0, 'reset-mid-body': 0, 'http-500': 0, slow: 0 };
const timers = new Set<NodeJS.Timeout>();

function send(message: ChildMessage): void {
  process.send?.(message);
}

function answer(res: ServerResponse, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(200, { ...json, ...extra, 'Content-Length': String(body.length) }).end(body);
}

function normal(path: string, method: string, res: ServerResponse): void {
  if (method === 'GET' && path === '/auth') answer(res, AUTH_BODY);
  else if (method === 'GET' && path === '/teams/t1') answer(res, TEAM_BODY);
  else if (method === 'POST' && path === '/report') answer(res, REPORT_BODY);
  else res.writeHead(400, json).end('{"error":"unexpected request"}');
}

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const n = ++calls;
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (n % FAULT_EVERY !== 0) return normal(path, method, res);
    const kind = FAULT_KINDS[(n / FAULT_EVERY) % FAULT_KINDS.length]!;
    faults[kind]++;
    switch (kind) {
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'reset-mid-body':
        res.writeHead(200, { ...json, 'Content-Length': String(TEAM_BODY.length * 2) });
        res.write(TEAM_BODY, () => req.socket.resetAndDestroy());
        return;
      case 'http-500':
        res.writeHead(500, json).end('{"error":"injected failure"}');
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) normal(path, method, res);
        }, slowMs);
        timers.add(timer);
        return;
      }
    }
  });
});
// Resets are intended; a socket error must not end this process.
server.on('clientError', (_err, socket) => socket.destroy());
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
});
process.on('message', (message: DriverMessage) => {
  if (message.type !== 'stop') return;
  for (const timer of timers) clearTimeout(timer);
  send({ type: 'upstream-report', calls, faults });
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
