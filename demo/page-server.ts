// The demo widget page's own small static server: another origin than the runtime, so the SDK's
// calls are real cross-origin requests. It serves demo/page, the built IIFE SDK under /sdk/, and
// /demo-config.json (the runtime's URL and a freshly signed user token per demo member).
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_MEMBERS } from './demo-members.js';
import { signUserToken } from './user-tokens.js';

const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

/** URL path -> [folder, file name, content type]; nothing else is served. */
type StaticFile = readonly [dir: 'page' | 'sdk', file: string, contentType: string];
const STATIC_FILES: ReadonlyMap<string, StaticFile> = new Map([
  ['/', ['page', 'index.html', 'text/html; charset=utf-8']],
  ['/index.html', ['page', 'index.html', 'text/html; charset=utf-8']],
  ['/widget.js', ['page', 'widget.js', 'text/javascript; charset=utf-8']],
  ['/style.css', ['page', 'style.css', 'text/css; charset=utf-8']],
  ['/sdk/widget-sdk.iife.js', ['sdk', 'widget-sdk.iife.js', 'text/javascript; charset=utf-8']],
  ['/sdk/widget-sdk.iife.js.map', ['sdk', 'widget-sdk.iife.js.map', 'application/json']],
]);

export interface PageServerOptions {
  /** Folder holding the built SDK (widget-sdk.iife.js). */
  readonly sdkDir: string;
  /** Signs the members' user tokens; the runtime verifies them with the same secret. */
  readonly userTokenSecret: string;
  /** 0: any free port. */
  readonly port: number;
  readonly host?: string;
}

export interface PageServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** `http://127.0.0.1:PORT`: what the browser sends as Origin. */
  readonly origin: string;
  readonly port: number;
  /** Where the page sends its calls; until it is set, the page's config answers 503. */
  setRuntimeUrl(url: string): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

async function demoConfig(runtimeUrl: string, secret: string): Promise<string> {
  const members = await Promise.all(
    DEMO_MEMBERS.map(async (m) => ({ id: m.id, name: `${m.firstName} ${m.lastName}`, note: m.note, token: await signUserToken(m, secret) })),
  );
  return JSON.stringify({ runtimeUrl, members });
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  let runtimeUrl: string | null = null;
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://page').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only\n', { Allow: 'GET, HEAD' });
    if (pathname === '/demo-config.json') {
      if (runtimeUrl === null) return send(res, 503, 'text/plain', 'the runtime is not up yet\n');
      const target = runtimeUrl;
      demoConfig(target, options.userTokenSecret).then(
        (body) => send(res, 200, 'application/json', body),
        () => send(res, 500, 'text/plain', 'cannot sign the demo tokens\n'),
      );
      return;
    }
    const file = STATIC_FILES.get(pathname);
    if (file === undefined) return send(res, 404, 'text/plain', 'not found\n');
    const [dir, name, contentType] = file;
    readFile(path.join(dir === 'page' ? PAGE_DIR : options.sdkDir, name)).then(
      (body) =>
        send(res, 200, contentType, body, {
          // Widgets may talk to the runtime and nothing else; scripts come from this page only.
          'Content-Security-Policy': `default-src 'self'; connect-src 'self' ${runtimeUrl ?? ''}; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'`,
          'X-Content-Type-Options': 'nosniff',
        }),
      () => send(res, 404, 'text/plain', 'not found (was the SDK built?)\n'),
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/`,
    origin,
    port,
    setRuntimeUrl(url) {
      runtimeUrl = url;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
