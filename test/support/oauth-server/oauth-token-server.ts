// A real OAuth 2.0 token server on 127.0.0.1 for tests, plus a protected resource that accepts
// only the tokens it issued. It verifies client credentials sent in the form body or with HTTP
// Basic (RFC 6749 §2.3.1), verifies JWT bearer assertions (RFC 7523) with jose, counts every
// request, issues tokens with a configurable (short) `expires_in`, and can be told to fail.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, importSPKI, jwtVerify, type JWTPayload } from 'jose';

/** How the token endpoint answers. */
export type TokenEndpointMode =
  | 'ok' // verify and issue tokens
  | 'unauthorized' // 401 invalid_client for every request
  | 'server-error' // 500 with a body that must never reach a caller
  | 'not-json' // 200 with an HTML body
  | 'no-access-token'; // 200 JSON without access_token

export interface AssertionKey {
  readonly algorithm: string;
  /** SPKI PEM public key, or the shared secret for HS*. */
  readonly key: string;
}

export interface OAuthTokenServerOptions {
  /** client_id -> client_secret accepted for client_credentials. */
  readonly clients?: Readonly<Record<string, string>>;
  /** Keys that may sign jwt-bearer assertions. */
  readonly assertionKeys?: readonly AssertionKey[];
  /** The `aud` assertions must carry; default: the token URL. */
  readonly assertionAudience?: string;
  /** `expires_in` of issued tokens in seconds; null leaves the field out. Default 3600. */
  readonly expiresIn?: number | null;
}

export interface RecordedTokenRequest {
  readonly grantType: string | null;
  readonly clientAuth: 'body' | 'basic' | 'assertion' | 'none';
  readonly clientId: string | null;
  /** The form fields as received (includes client_secret when sent in the body). */
  readonly form: Readonly<Record<string, string>>;
  readonly authorization: string | null;
  /** Verified assertion claims (jwt-bearer). */
  readonly assertionClaims: JWTPayload | null;
  readonly status: number;
}

export interface OAuthTokenServer {
  readonly url: string;
  readonly tokenUrl: string;
  /** GET: 200 with `{"ok":true}` for a live issued bearer token, else 401. */
  readonly resourceUrl: string;
  /** Every token request received, in order. */
  readonly tokenRequests: readonly RecordedTokenRequest[];
  /** Authorization header of every resource request, in order. */
  readonly resourceAuthorizations: readonly (string | null)[];
  readonly issuedTokens: readonly string[];
  /** Every response body and header the server wrote (for leak scans). */
  readonly transcript: readonly string[];
  setMode(mode: TokenEndpointMode): void;
  setExpiresIn(seconds: number | null): void;
  /** Delays token responses, so concurrent requests overlap a fetch. */
  setTokenDelayMs(ms: number): void;
  /** Makes every token issued so far invalid at the resource (a provider-side revocation). */
  revokeAll(): void;
  /** 'check' (default): the resource accepts live issued tokens; 'reject-all': it answers 401 to every request. */
  setResourceMode(mode: 'check' | 'reject-all'): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** RFC 6749 §2.3.1: `Basic base64(form-encoded id ":" form-encoded secret)`. */
function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (match === null) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

export async function startOAuthTokenServer(options: OAuthTokenServerOptions = {}): Promise<OAuthTokenServer> {
  const clients = options.clients ?? {};
  let mode: TokenEndpointMode = 'ok';
  let expiresIn: number | null = options.expiresIn === undefined ? 3600 : options.expiresIn;
  let delayMs = 0;
  let resourceMode: 'check' | 'reject-all' = 'check';
  const tokenRequests: RecordedTokenRequest[] = [];
  const resourceAuthorizations: (string | null)[] = [];
  const issuedTokens: string[] = [];
  const live = new Set<string>();
  const transcript: string[] = [];
  let tokenUrl = '';

  const send = (res: ServerResponse, status: number, body: string, contentType = 'application/json') => {
    transcript.push(`${status} ${contentType} ${body}`);
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(body);
  };

  const verifyAssertion = async (assertion: string): Promise<JWTPayload | null> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(assertion).alg;
    } catch {
      return null;
    }
    const entry = (options.assertionKeys ?? []).find((k) => k.algorithm === alg);
    if (entry === undefined) return null;
    const key = alg!.startsWith('HS') ? new TextEncoder().encode(entry.key) : await importSPKI(entry.key, alg!);
    try {
      const { payload } = await jwtVerify(assertion, key, { algorithms: [alg!], audience: options.assertionAudience ?? tokenUrl });
      return payload;
    } catch {
      return null;
    }
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse) => {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const authorization = req.headers.authorization ?? null;
    const grantType = form['grant_type'] ?? null;
    const basic = parseBasic(req.headers.authorization);
    let clientAuth: RecordedTokenRequest['clientAuth'] = 'none';
    let clientId: string | null = null;
    let assertionClaims: JWTPayload | null = null;
    let accepted = false;
    if (grantType === 'client_credentials') {
      const presented = basic ?? (form['client_id'] !== undefined ? { id: form['client_id'], secret: form['client_secret'] ?? '' } : null);
      clientAuth = basic !== null ? 'basic' : presented !== null ? 'body' : 'none';
      clientId = presented?.id ?? null;
      accepted = presented !== null && Object.hasOwn(clients, presented.id) && clients[presented.id] === presented.secret;
    } else if (grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      clientAuth = 'assertion';
      assertionClaims = await verifyAssertion(form['assertion'] ?? '');
      accepted = assertionClaims !== null;
    }
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));

    let status: number;
    if (mode === 'unauthorized' || (mode === 'ok' && !accepted)) {
      status = 401;
      send(res, status, JSON.stringify({ error: 'invalid_client', error_description: 'client authentication failed' }));
    } else if (mode === 'server-error') {
      status = 500;
      send(res, status, JSON.stringify({ error: 'server_error', detail: 'token-server-internal-detail' }));
    } else if (mode === 'not-json') {
      status = 200;
      send(res, status, '<html>maintenance</html>', 'text/html');
    } else if (mode === 'no-access-token') {
      status = 200;
      send(res, status, JSON.stringify({ token_type: 'Bearer' }));
    } else {
      status = 200;
      const token = `issued-${issuedTokens.length + 1}-${randomBytes(12).toString('hex')}`;
      issuedTokens.push(token);
      live.add(token);
      send(res, status, JSON.stringify({ access_token: token, token_type: 'Bearer', ...(expiresIn === null ? {} : { expires_in: expiresIn }) }));
    }
    tokenRequests.push({ grantType, clientAuth, clientId, form, authorization, assertionClaims, status });
  };

  const handleResource = (req: IncomingMessage, res: ServerResponse) => {
    const authorization = req.headers.authorization ?? null;
    resourceAuthorizations.push(authorization);
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (resourceMode === 'check' && token !== undefined && live.has(token)) send(res, 200, JSON.stringify({ ok: true }));
    else send(res, 401, JSON.stringify({ error: 'invalid_token' }));
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && path === '/token') {
      handleToken(req, res).catch(() => send(res, 500, '{"error":"test server failure"}'));
    } else if (path === '/resource') {
      handleResource(req, res);
    } else {
      send(res, 404, '{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  tokenUrl = `${url}/token`;

  return {
    url,
    tokenUrl,
    resourceUrl: `${url}/resource`,
    tokenRequests,
    resourceAuthorizations,
    issuedTokens,
    transcript,
    setMode: (m) => void (mode = m),
    setExpiresIn: (s) => void (expiresIn = s),
    setTokenDelayMs: (ms) => void (delayMs = ms),
    revokeAll: () => live.clear(),
    setResourceMode: (m) => void (resourceMode = m),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
