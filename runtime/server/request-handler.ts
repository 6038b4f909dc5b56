// The request path: route, CORS, method check, limits, user context, path parameters, body,
// execution, response, one log line and the metrics. Only this module writes HTTP responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallerRequest } from '../executor/caller-request.js';
import { executeConnector, type ExecutionResult } from '../executor/execute-connector.js';
import type { PreparedConnector } from '../executor/prepared-connector.js';
import { writeRequestLine } from '../observability/request-line.js';
import { ANONYMOUS_USER, type UserContext } from '../user/user-context.js';
import type { CallerGone } from './caller-gone.js';
import { replyOf, JSON_TYPE, type Reply } from './connector-reply.js';
import type { ResponseHeaders } from './cors.js';
import { errorEnvelope, REQUEST_SCOPE, type RequestRejection } from './error-envelope.js';
import { parsePathParams } from './path-params.js';
import { hasNoBody, NO_BODY, readBody } from './read-body.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import type { ServerRuntime } from './server-runtime.js';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** Logged (never sent) when the caller closed the connection before its answer (nginx's convention). */
export const CALLER_CLOSED_STATUS = 499;

function send(res: ServerResponse, status: number, headers: ResponseHeaders, body: string | Buffer): void {
  headers['Content-Length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.writeHead(status, headers);
  res.end(body);
}

function rejectionReply(rejection: RequestRejection, requestId: string): Reply {
  const headers: ResponseHeaders = { 'Content-Type': JSON_TYPE, [REQUEST_ID_HEADER]: requestId };
  for (const [name, value] of rejection.headers ?? []) headers[name] = value;
  const body = errorEnvelope(requestId, { scope: REQUEST_SCOPE, message: rejection.message, code: rejection.code, params: rejection.params });
  return { status: rejection.status, headers, body };
}

/** The first header value over the limit, by name; null when all fit (SPEC §5: 8 KiB). */
function oversizedHeader(req: IncomingMessage, maxBytes: number): string | null {
  const raw = req.rawHeaders;
  // Header text is latin1 on the wire: one character is one byte.
  for (let i = 1; i < raw.length; i += 2) if (raw[i]!.length > maxBytes) return raw[i - 1]!;
  return null;
}

function parseQuery(queryString: string): [string, string][] {
  if (queryString === '') return [];
  return [...new URLSearchParams(queryString)];
}

type UserResult = { readonly ok: true; readonly user: UserContext } | { readonly ok: false; readonly rejection: RequestRejection };

const UNAUTHORIZED_HEADERS = [['WWW-Authenticate', 'Bearer']] as const;

/** An anonymous caller of a connector that sends the user's identity upstream (SPEC §5). */
export const USER_REQUIRED: RequestRejection = {
  status: 401,
  message: 'This connector needs a signed-in user',
  code: 'USER_REQUIRED',
  headers: UNAUTHORIZED_HEADERS,
};

const ANONYMOUS: UserResult = { ok: true, user: ANONYMOUS_USER };
/** Composites take no path parameters. */
const NO_PATH_PARAMS: ReadonlyMap<string, string> = new Map();

async function resolveUser(rt: ServerRuntime, authorization: string | undefined): Promise<UserResult> {
  if (authorization === undefined || authorization === '') {
    if (!rt.config.requireUser) return ANONYMOUS;
    return { ok: false, rejection: { status: 401, message: 'A user token is required', headers: UNAUTHORIZED_HEADERS } };
  }
  const match = BEARER.exec(authorization);
  if (match === null) {
    return { ok: false, rejection: { status: 401, message: 'The Authorization header must be a Bearer token', headers: UNAUTHORIZED_HEADERS } };
  }
  if (rt.deps.userVerifier === null) {
    // A token nobody can verify is not a valid token; treating it as anonymous would hide a misconfiguration.
    return { ok: false, rejection: { status: 401, message: 'User tokens cannot be verified: no user-token key is configured', headers: UNAUTHORIZED_HEADERS } };
  }
  const verified = await rt.deps.userVerifier.verify(match[1]!);
  if (verified.ok) return { ok: true, user: verified.user };
  return { ok: false, rejection: { status: 401, message: verified.message, headers: UNAUTHORIZED_HEADERS } };
}

type CallerResult = { readonly ok: true; readonly caller: CallerRequest } | { readonly ok: false; readonly rejection: RequestRejection };

/**
 * A connector request up to the caller's input; a rejection when the request cannot run. An
 * anonymous caller without a body (most widget GETs) is answered at once, without a promise; a
 * token to verify or a body to read takes the asynchronous way. Checks run in the same order on both.
 */
function callerOf(rt: ServerRuntime, prepared: PreparedConnector, req: IncomingMessage, queryString: string): CallerResult | Promise<CallerResult> {
  const tooLong = oversizedHeader(req, rt.config.maxHeaderValueBytes);
  if (tooLong !== null) {
    return { ok: false, rejection: { status: 431, message: `Header '${tooLong}' is longer than ${rt.config.maxHeaderValueBytes} bytes` } };
  }
  const { authorization } = req.headers;
  const anonymous = (authorization === undefined || authorization === '') && !rt.config.requireUser;
  if (!anonymous || !hasNoBody(req)) return callerAfterWaiting(rt, prepared, req, queryString, anonymous);
  const pathParams = pathParamsOf(prepared, req, ANONYMOUS_USER);
  if ('rejection' in pathParams) return pathParams;
  return acceptedCaller(req, queryString, ANONYMOUS_USER, EMPTY_PAYLOAD, pathParams);
}

async function callerAfterWaiting(rt: ServerRuntime, prepared: PreparedConnector, req: IncomingMessage, queryString: string, anonymous: boolean): Promise<CallerResult> {
  const user = anonymous ? ANONYMOUS : await resolveUser(rt, req.headers.authorization);
  if (!user.ok) return user;
  const pathParams = pathParamsOf(prepared, req, user.user);
  if ('rejection' in pathParams) return pathParams;
  const body = hasNoBody(req) ? NO_BODY : await readBody(req, rt.config.maxBodyBytes);
  if (!body.ok) {
    if (body.reason === 'too-large') {
      // The rest of the body is never read: close the connection rather than drain it.
      return { ok: false, rejection: { status: 413, message: `The request body is larger than ${rt.config.maxBodyBytes} bytes`, headers: [['Connection', 'close']] } };
    }
    return { ok: false, rejection: { status: 400, message: 'The request body was not received completely' } };
  }
  return acceptedCaller(req, queryString, user.user, body.body, pathParams);
}

type Refused = Extract<CallerResult, { ok: false }>;

const EMPTY_PAYLOAD = Buffer.alloc(0);

/**
 * Checked before the body is read: an anonymous caller of a connector that needs a user, then the
 * path parameters (regular connectors). The parameters, or the refusal.
 */
function pathParamsOf(prepared: PreparedConnector, req: IncomingMessage, user: UserContext): ReadonlyMap<string, string> | Refused {
  if (user === ANONYMOUS_USER && prepared.connector.requiresUser === true) return { ok: false, rejection: USER_REQUIRED };
  if (prepared.kind !== 'regular') return NO_PATH_PARAMS;
  const header = req.headers['x-path-params'];
  const parsed = parsePathParams(Array.isArray(header) ? header.join('&') : header, prepared.connector.pathParams);
  if (!parsed.ok) return { ok: false, rejection: { status: 400, message: parsed.message, code: parsed.code, params: parsed.params } };
  return parsed.params;
}

function acceptedCaller(req: IncomingMessage, queryString: string, user: UserContext, body: Buffer, pathParams: ReadonlyMap<string, string>): CallerResult {
  return {
    ok: true,
    caller: { body, contentType: req.headers['content-type'] ?? null, query: parseQuery(queryString), headers: req.headers, pathParams, user },
  };
}

export function logRequest(
  rt: ServerRuntime,
  fields: {
    requestId: string;
    method: string;
    path: string;
    connector: string | null;
    status: number;
    started: number;
    result?: ExecutionResult;
    message?: string;
    /** The answer was cut after its head (a streamed body failed): an error whatever the status. */
    cut?: true;
  },
): void {
  const { logger } = rt.deps;
  const failed = fields.status >= 500 || fields.cut === true;
  // At `--log-level error` (or warn) a successful request writes nothing: build nothing either.
  if (!failed && !logger.isLevelEnabled('info')) return;
  const { result } = fields;
  const failure = result !== undefined && !result.ok ? result.failure : null;
  writeRequestLine(logger, failed ? 'error' : 'info', {
    requestId: fields.requestId,
    method: fields.method,
    path: fields.path,
    connector: fields.connector,
    status: fields.status,
    durationMs: performance.now() - fields.started,
    steps: result?.steps,
    scope: failure?.scope,
    detail: failure?.detail,
    error: fields.message,
  });
}

/** What the log line of a refused request names. */
interface RequestInfo {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly connector: string | null;
  readonly origin: string | undefined;
  readonly started: number;
}

/** Answers a request-level refusal (scope Request), counts and logs it. */
function refuse(rt: ServerRuntime, res: ServerResponse, rejection: RequestRejection, at: RequestInfo): void {
  if (res.destroyed) {
    // The caller is gone (or a client error already answered on this connection): nothing to send.
    logRequest(rt, { ...at, status: CALLER_CLOSED_STATUS, message: 'the caller closed the connection' });
    return;
  }
  const reply = rejectionReply(rejection, at.requestId);
  rt.cors.responseHeaders(at.origin, reply.headers);
  send(res, reply.status, reply.headers, reply.body);
  rt.deps.metrics.rejected(reply.status);
  logRequest(rt, { ...at, status: reply.status, message: rejection.message });
}

const GET_ONLY: RequestRejection = { status: 405, message: 'Use GET', headers: [['Allow', 'GET, HEAD']] };
const NOT_FOUND: RequestRejection = { status: 404, message: 'Not found' };
const UNKNOWN_CONNECTOR: RequestRejection = { status: 404, message: 'Unknown connector' };
const UNKNOWN_COMPOSITE: RequestRejection = { status: 404, message: 'Unknown composite connector' };

/**
 * @param requestId the id of this request (./request-id.ts), answered in X-Request-ID and logged
 * @param callerGone fires when the caller disconnects before its answer (the server watches the
 *   response): the upstream calls made for it are cancelled
 */
export async function handleRequest(rt: ServerRuntime, req: IncomingMessage, res: ServerResponse, requestId: string, callerGone: CallerGone): Promise<void> {
  const started = performance.now();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const method = req.method ?? 'GET';
  const origin = req.headers.origin;
  const route = rt.routes.resolve(path);

  switch (route.kind) {
    case 'healthz':
    case 'readyz': {
      if (method !== 'GET' && method !== 'HEAD') return refuse(rt, res, GET_ONLY, { requestId, method, path, connector: null, origin, started });
      // The registry is compiled in before the server listens, so listening means ready; at
      // shutdown the listener closes first and probes are refused.
      const body = route.kind === 'healthz' ? '{"status":"ok"}' : '{"status":"ready"}';
      send(res, 200, { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', [REQUEST_ID_HEADER]: requestId }, body);
      return;
    }
    case 'metrics': {
      if (method !== 'GET' && method !== 'HEAD') return refuse(rt, res, GET_ONLY, { requestId, method, path, connector: null, origin, started });
      send(res, 200, { 'Content-Type': rt.deps.metrics.contentType, [REQUEST_ID_HEADER]: requestId }, await rt.deps.metrics.exposition());
      return;
    }
    case 'not-found':
      return refuse(rt, res, NOT_FOUND, { requestId, method, path, connector: null, origin, started });
    case 'connector':
      break;
  }

  const prepared = route.connector;
  // A CORS preflight is answered here, before the connector's own method check.
  if (method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined) {
    const headers = rt.cors.preflightHeaders(origin, prepared);
    headers[REQUEST_ID_HEADER] = requestId;
    send(res, 204, headers, '');
    return;
  }
  if (prepared === null) {
    return refuse(rt, res, route.composite ? UNKNOWN_COMPOSITE : UNKNOWN_CONNECTOR, { requestId, method, path, connector: null, origin, started });
  }
  const connector = prepared.permalink;
  const expected = prepared.connector.method;
  if (method !== expected) {
    const wrongMethod: RequestRejection = { status: 405, message: `This connector must be called with ${expected}`, headers: [['Allow', expected]] };
    return refuse(rt, res, wrongMethod, { requestId, method, path, connector, origin, started });
  }

  const pending = callerOf(rt, prepared, req, q < 0 ? '' : url.slice(q + 1));
  const input = pending instanceof Promise ? await pending : pending;
  if (!input.ok) return refuse(rt, res, input.rejection, { requestId, method, path, connector, origin, started });

  const { caller } = input;
  const result = await executeConnector(
    { connector: prepared, caller, env: rt.envs.forTenant(caller.user.tenantId), debug: rt.config.debug, signal: callerGone, requestId, streamBody: rt.config.streamResponses === true },
    rt.executor,
  );
  if (callerGone.aborted || res.destroyed) {
    if (result.ok) result.response.stream?.discard();
    logRequest(rt, { requestId, method, path, connector, status: CALLER_CLOSED_STATUS, started, result, message: 'the caller closed the connection' });
    return;
  }
  const reply = replyOf(result, rt.deps.redact, requestId);
  rt.cors.responseHeaders(origin, reply.headers);
  let cut: string | undefined;
  if (reply.stream === undefined) {
    send(res, reply.status, reply.headers, reply.body);
  } else {
    res.writeHead(reply.status, reply.headers);
    try {
      await reply.stream.pipeTo(res);
    } catch (err) {
      // The answer had started: the caller sees a cut connection, the log says why.
      cut = `the upstream body failed after the answer started: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  rt.connectorMetrics.get(prepared)?.record(result);
  if (cut === undefined) logRequest(rt, { requestId, method, path, connector, status: reply.status, started, result });
  else if (callerGone.aborted) logRequest(rt, { requestId, method, path, connector, status: CALLER_CLOSED_STATUS, started, result, message: 'the caller closed the connection' });
  else logRequest(rt, { requestId, method, path, connector, status: reply.status, started, result, message: cut, cut: true });
}
