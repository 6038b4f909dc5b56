// The demo upstream: one HTTPS server on loopback with an OAuth token endpoint and the small JSON
// APIs the demo registry's connectors call. It stands in for the third-party APIs a community
// would connect to; the runtime reaches it only because the demo allows insecure upstreams.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DemoCredentials } from '../demo-credentials.js';
import type { DemoTls } from '../tls/demo-tls.js';
import { catalogRoutes } from './catalog-api.js';
import { readBody, sendError, sendJson, singleHeader } from './http-helpers.js';
import { OAuthTokens } from './oauth-tokens.js';
import { orderRoutes } from './orders-api.js';
import { partnerRoutes } from './partner-api.js';
import { profileRoutes } from './profile-api.js';
import { matchRoute, type Route } from './route.js';
import { ticketRoutes } from './tickets-api.js';
import { weatherRoutes } from './weather-api.js';

export interface DemoUpstreamOptions {
  readonly credentials: DemoCredentials;
  readonly tls: DemoTls;
  /** 0: any free port. */
  readonly port: number;
  readonly host?: string;
}

export interface DemoUpstream {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  /** `127.0.0.1:PORT`: the registry's demo_api_host variable. */
  readonly host: string;
  readonly port: number;
  /** Access tokens issued so far (Conduit caches them, so this stays low). */
  tokensIssued(): number;
  /** Stops listening and ends every open connection, including answers still being delayed. */
  close(): Promise<void>;
}

function tokenRoute(tokens: OAuthTokens): Route {
  return {
    method: 'POST',
    path: /^\/oauth\/token$/,
    async handle({ req, res }) {
      const text = await readBody(req);
      if (text === null) return sendError(res, 413, 'invalid_request', 'the token request is too large');
      const answer = tokens.token(new URLSearchParams(text), singleHeader(req, 'authorization'));
      // RFC 6749 §5.1: token responses must not be cached.
      if (answer.ok) sendJson(res, 200, answer.body, { 'Cache-Control': 'no-store' });
      else sendError(res, answer.status, answer.error, answer.description, { 'Cache-Control': 'no-store' });
    },
  };
}

export async function startDemoUpstream(options: DemoUpstreamOptions): Promise<DemoUpstream> {
  const { credentials } = options;
  const tokens = new OAuthTokens({ id: credentials.clientId, secret: credentials.clientSecret });
  const routes: Route[] = [
    tokenRoute(tokens),
    ...profileRoutes(tokens),
    ...catalogRoutes(),
    ...orderRoutes(),
    ...weatherRoutes(credentials.apiKey),
    ...partnerRoutes(credentials.jwtKey),
    ...ticketRoutes(credentials.apiKey),
  ];

  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://demo-upstream');
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (match.kind === 'none') return sendError(res, 404, 'not_found', 'no such endpoint');
    if (match.kind === 'wrong-method') return sendError(res, 405, 'method_not_allowed', 'wrong method for this endpoint');
    Promise.resolve(match.route.handle({ req, res, url, params: match.params })).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'server_error', 'the demo upstream failed');
      else res.destroy();
    });
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
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `https://${authority}`,
    host: authority,
    port,
    tokensIssued: () => tokens.issuedCount,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
