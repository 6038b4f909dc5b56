// Renders one step into the request that goes on the wire: url, query parameters, headers,
// request body (each in its slot, each a small function), then authentication. Template errors
// surface before any token request is made. The debug view (X-Debug-Request) is built beside the
// request from the same rendered parts, never inside it.
import type { AppliedAuth, Authenticator } from '../auth/types.js';
import type { CompiledKeyValue, CompiledTemplate, TemplateValue } from '../connector.js';
import type { CancelSignal, UpstreamClient, UpstreamRequest } from '../http/types.js';
import type { TemplateEnv, TemplateVars } from '../template/types.js';
import type { CallerRequest } from './caller-request.js';
import { describeAuthentication } from '../auth/debug-view.js';
import { displayValue, sourceOf, type DebugStepRequest } from './debug-request.js';
import { isHeaderName } from './header-name.js';
import type { PreparedStep } from './prepared-connector.js';
import { contentTypeOfRenderedBody } from './request-body.js';
import { renderWithBudget } from '../template/render-budget.js';
import { renderSecretSafe } from './secret-safe-render.js';

/** A rendered value that cannot go on the wire (bad URL, line break in a header): a configuration problem. */
export class StepRenderError extends Error {
  override readonly name = 'StepRenderError';
}

export interface StepRequestContext {
  readonly vars: TemplateVars;
  readonly env: TemplateEnv;
  readonly caller: CallerRequest;
  readonly tenantId: string | null;
  readonly http: UpstreamClient;
  readonly authenticator: Authenticator | null;
  readonly maxHeaderValueBytes: number;
  /** Set to collect what X-Debug-Request shows. */
  readonly debug: boolean;
  /** The caller went away: goes on every request this step sends. */
  readonly signal?: CancelSignal;
  /** Sent to the upstream as X-Request-ID. */
  readonly requestId?: string;
}

export interface BuiltStepRequest {
  readonly request: UpstreamRequest;
  readonly auth: AppliedAuth | null;
  readonly debug: DebugStepRequest | null;
}

/** Renders a hdr-slot value (header, query, authentication): its failure never quotes what it rendered. */
export function renderValue(value: TemplateValue, vars: TemplateVars, env: TemplateEnv, where = 'authentication'): string {
  return renderSecretSafe(value, vars, env, where);
}

/** A url or body template: rendered plainly unless its IR says it calls get_secret. */
function renderOtherSlot(template: CompiledTemplate, vars: TemplateVars, env: TemplateEnv, where: string): string {
  return template.usesSecret ? renderSecretSafe(template, vars, env, where) : renderWithBudget(template.render, vars, env);
}

// Control characters other than tab end or corrupt a header line.
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function invalidHeaderName(name: string): StepRenderError {
  return new StepRenderError(`header name '${name}' is not a valid HTTP header name`);
}

function checkHeader(name: string, value: string, maxBytes: number): void {
  if (!isHeaderName(name)) throw invalidHeaderName(name);
  checkHeaderValue(name, value, maxBytes);
}

function checkHeaderValue(name: string, value: string, maxBytes: number): void {
  if (HEADER_VALUE_FORBIDDEN.test(value)) {
    throw new StepRenderError(`header '${name}' rendered a value with a line break or control character`);
  }
  if (value.length * 3 > maxBytes && Buffer.byteLength(value) > maxBytes) {
    throw new StepRenderError(`header '${name}' rendered a value over ${maxBytes} bytes`);
  }
}

function callerHeader(caller: CallerRequest, matchKey: string): string | undefined {
  const value = caller.headers[matchKey];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

function callerQueryValue(caller: CallerRequest, key: string): string | undefined {
  const query = caller.query;
  for (let i = query.length - 1; i >= 0; i--) if (query[i]![0] === key) return query[i]![1];
  return undefined;
}

function appendQuery(url: string, pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) return url;
  const hash = url.indexOf('#');
  // A fragment never reaches the server; dropping it keeps the query in the right place.
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const query = new URLSearchParams(pairs as [string, string][]).toString();
  if (!base.includes('?')) return `${base}?${query}`;
  return base.endsWith('?') || base.endsWith('&') ? `${base}${query}` : `${base}&${query}`;
}

// Characters URL parsing accepts as they are in a path or query.
const PLAIN_PATH_AND_QUERY = /^[\w\-.~!$&()*+,;=:@/?%]*$/;

/**
 * A cheap proof that a rendered URL parses: the compile-time origin (a literal host) followed by
 * a path of plain characters. Anything else is left to URL.canParse.
 */
function isPlainUrlUnder(url: string, origin: string | null): boolean {
  return (
    origin !== null &&
    url.length > origin.length &&
    url.charCodeAt(origin.length) === 47 /* / */ &&
    url.startsWith(origin) &&
    PLAIN_PATH_AND_QUERY.test(url.slice(origin.length))
  );
}

/** The rendered parts of a step's request before authentication: what the debug view shows. */
export interface RenderedParts {
  /** The url template's result, without query parameters. */
  readonly url: string;
  /** Configured rows first (in order), then the caller's forwarded parameters. */
  readonly query: [string, string][];
  /** Configured rows (in order), then the Content-Type picked for a rendered body. */
  readonly headers: [string, string][];
  readonly body: string | Buffer | null;
}

/** The url template's result (a static url as written), checked to be a URL. */
function stepUrl(prepared: PreparedStep, ctx: StepRequestContext): string {
  const { url } = prepared.step;
  if (url.kind === 'static') return url.href;
  const rendered = renderOtherSlot(url.template, ctx.vars, ctx.env, 'the url');
  if (!isPlainUrlUnder(rendered, url.origin) && !URL.canParse(rendered)) throw new StepRenderError('the url template did not render a valid URL');
  return rendered;
}

/** A configured row's caller value, when the row is overridable and the caller gave one (regular connectors). */
function queryOverride(prepared: PreparedStep, entry: CompiledKeyValue, caller: CallerRequest): string | undefined {
  return prepared.hasOverrides && entry.overridable ? callerQueryValue(caller, entry.key) : undefined;
}

function headerOverride(prepared: PreparedStep, entry: CompiledKeyValue, caller: CallerRequest): string | undefined {
  return prepared.hasOverrides && entry.overridable ? callerHeader(caller, entry.matchKey) : undefined;
}

/**
 * Configured query rows (an overridable row takes the caller's value when given, else the
 * configured one: it is never omitted), then the caller's other parameters (regular connectors;
 * a configured key, overridable or not, is never sent twice).
 */
function stepQuery(prepared: PreparedStep, ctx: StepRequestContext): [string, string][] {
  const { vars, env, caller } = ctx;
  const query: [string, string][] = [];
  for (const entry of prepared.step.queryParameters) {
    const value = queryOverride(prepared, entry, caller) ?? renderValue(entry.value, vars, env, `query parameter '${entry.key}'`);
    query.push([entry.key, value]);
  }
  const configuredKeys = prepared.configuredQueryKeys;
  if (configuredKeys !== null) {
    for (const pair of caller.query) if (!configuredKeys.has(pair[0])) query.push([pair[0], pair[1]]);
  }
  return query;
}

/** Configured header rows, each checked to be sendable. */
function stepHeaders(prepared: PreparedStep, ctx: StepRequestContext): [string, string][] {
  const { vars, env, caller } = ctx;
  const headers: [string, string][] = [];
  const entries = prepared.step.headers;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const value = headerOverride(prepared, entry, caller) ?? renderValue(entry.value, vars, env, `header '${entry.key}'`);
    // Configured names are constants: checked once, when the step was prepared.
    if (i === prepared.invalidHeaderNameAt) throw invalidHeaderName(entry.key);
    checkHeaderValue(entry.key, value, ctx.maxHeaderValueBytes);
    headers.push([entry.key, value]);
  }
  return headers;
}

/** The request body (POST/PUT/PATCH only); adds the Content-Type it implies unless one is configured. */
function stepBody(prepared: PreparedStep, ctx: StepRequestContext, headers: [string, string][]): string | Buffer | null {
  if (!prepared.sendsBody) return null;
  const { step } = prepared;
  const { caller } = ctx;
  let body: string | Buffer | null = null;
  let contentType: string | null = null;
  if (prepared.forwardsCallerBody) {
    // An empty request_body forwards the caller's payload as-is (as the reference platform does).
    if (caller.body.length > 0) {
      body = caller.body;
      contentType = caller.contentType;
    }
  } else if (typeof step.requestBody === 'string') {
    if (step.requestBody !== '') {
      body = step.requestBody;
      contentType = prepared.constantBodyContentType;
    }
  } else {
    const rendered = renderOtherSlot(step.requestBody, ctx.vars, ctx.env, 'the request body');
    if (rendered !== '') {
      body = rendered;
      // Telling JSON from text parses the body: not worth it when a configured Content-Type wins.
      if (!prepared.hasConfiguredContentType) contentType = contentTypeOfRenderedBody(rendered);
    }
  }
  if (body !== null && contentType !== null && !prepared.hasConfiguredContentType) headers.push(['Content-Type', contentType]);
  return body;
}

/**
 * Authentication, last: it may call a token endpoint. Its headers replace configured ones of the
 * same name; its query parameters replace forwarded caller parameters of the same name.
 */
async function applyAuthentication(
  prepared: PreparedStep,
  ctx: StepRequestContext,
  headers: [string, string][],
  query: [string, string][],
): Promise<AppliedAuth | null> {
  const { step } = prepared;
  if (step.authentication.type === 'none') return null;
  if (ctx.authenticator === null) throw new Error(`step '${step.name}' needs authentication but no authenticator is configured`);
  const { vars, env } = ctx;
  const auth = await ctx.authenticator.apply(step.authentication, {
    render: (value) => renderValue(value, vars, env),
    tenantId: ctx.tenantId,
    http: ctx.http,
  });
  for (const [name, value] of auth.headers) {
    checkHeader(name, value, ctx.maxHeaderValueBytes);
    const lower = name.toLowerCase();
    for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0].toLowerCase() === lower) headers.splice(i, 1);
    headers.push([name, value]);
  }
  if (auth.query.length > 0) {
    // A caller parameter never competes with the credential's own.
    const forwardedFrom = step.queryParameters.length;
    const credentialKeys = new Set(auth.query.map((pair) => pair[0]));
    for (let i = query.length - 1; i >= forwardedFrom; i--) if (credentialKeys.has(query[i]![0])) query.splice(i, 1);
    for (const pair of auth.query) query.push([pair[0], pair[1]]);
  }
  return auth;
}

/**
 * X-Debug-Request's entry for a step, built beside the request from the step and its rendered
 * parts (before authentication): a value read from a secret shows its template text, a caller
 * override shows as given; authentication is described by ../auth/debug-view.ts.
 */
function debugViewOf(prepared: PreparedStep, ctx: StepRequestContext, parts: RenderedParts): DebugStepRequest {
  const { step } = prepared;
  const { vars, env, caller } = ctx;
  const queryShown = parts.query.map((pair, i): [string, string] => {
    const entry = step.queryParameters[i];
    if (entry === undefined) return pair;
    return [pair[0], queryOverride(prepared, entry, caller) ?? displayValue(entry.value, pair[1])];
  });
  const headersShown = parts.headers.map((pair, i): [string, string] => {
    const entry = step.headers[i];
    if (entry === undefined) return pair;
    return [pair[0], headerOverride(prepared, entry, caller) ?? displayValue(entry.value, pair[1])];
  });
  const { body } = parts;
  return {
    name: step.name,
    index: step.index,
    method: step.method,
    url: step.url.kind === 'static' ? parts.url : displayValue(step.url.template, parts.url),
    query_parameters: queryShown,
    headers: headersShown,
    authentication: describeAuthentication(step.authentication, (value) => renderValue(value, vars, env)),
    request_body: body === null ? null : typeof body === 'string' ? body : `<${body.length} bytes of the caller's payload>`,
    response_body: step.responseBody === null ? null : sourceOf(step.responseBody),
    response_content_type: step.responseContentType,
  };
}

/**
 * A step's request: url, query, headers, body, then authentication, each by its own function, so
 * template errors surface before any token request is made; the debug view beside it on request.
 */
export function buildStepRequest(prepared: PreparedStep, ctx: StepRequestContext): BuiltStepRequest | Promise<BuiltStepRequest> {
  const { step } = prepared;
  const cacheNamespace = prepared.cacheNamespace ?? undefined;
  const constant = prepared.constantRequest;
  // Nothing to render: sent as the build wrote it, unless the caller adds query parameters or
  // debug output needs the per-value view.
  if (constant !== null && !ctx.debug && (prepared.configuredQueryKeys === null || ctx.caller.query.length === 0) && constant.maxHeaderBytes <= ctx.maxHeaderValueBytes) {
    return {
      request: { url: constant.url, method: step.method, headers: constant.headers, body: null, signal: ctx.signal, requestId: ctx.requestId, cacheNamespace },
      auth: null,
      debug: null,
    };
  }
  const url = stepUrl(prepared, ctx);
  const query = stepQuery(prepared, ctx);
  const headers = stepHeaders(prepared, ctx);
  const body = stepBody(prepared, ctx, headers);
  // What the debug view shows is taken before authentication changes the lists.
  const shown: RenderedParts | null = ctx.debug ? { url, query: query.slice(), headers: headers.slice(), body } : null;
  // Without authentication nothing waits: the request is returned as it is, no promise made.
  if (step.authentication.type === 'none') return finished(prepared, ctx, shown, url, query, headers, body, null);
  return applyAuthentication(prepared, ctx, headers, query).then((auth) => finished(prepared, ctx, shown, url, query, headers, body, auth));
}

function finished(
  prepared: PreparedStep,
  ctx: StepRequestContext,
  shown: RenderedParts | null,
  url: string,
  query: [string, string][],
  headers: [string, string][],
  body: string | Buffer | null,
  auth: AppliedAuth | null,
): BuiltStepRequest {
  const cacheNamespace = prepared.cacheNamespace ?? undefined;
  // One object with the signal in it: spreading a request to add it later costs more than the rest.
  const request: UpstreamRequest = { url: appendQuery(url, query), method: prepared.step.method, headers, body, signal: ctx.signal, requestId: ctx.requestId, cacheNamespace };
  return { request, auth, debug: shown === null ? null : debugViewOf(prepared, ctx, shown) };
}
