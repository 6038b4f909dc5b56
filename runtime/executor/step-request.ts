// Renders one step into the request that goes on the wire: url, query parameters, headers,
// request body (each in its slot), then authentication. Template errors surface before any
// token request is made.
import type { AppliedAuth, Authenticator } from '../auth/types.js';
import type { CompiledTemplate, TemplateValue } from '../connector.js';
import type { CancelSignal, UpstreamClient, UpstreamRequest } from '../http/types.js';
import type { TemplateEnv, TemplateVars } from '../template/types.js';
import type { CallerRequest } from './caller-request.js';
import { describeAuthentication } from '../auth/debug-view.js';
import { displayValue, sourceOf, type DebugStepRequest } from './debug-request.js';
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

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Control characters other than tab end or corrupt a header line.
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function checkHeader(name: string, value: string, maxBytes: number): void {
  if (!HEADER_NAME.test(name)) throw new StepRenderError(`header name '${name}' is not a valid HTTP header name`);
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

export async function buildStepRequest(prepared: PreparedStep, ctx: StepRequestContext): Promise<BuiltStepRequest> {
  const constant = prepared.constantRequest;
  // Nothing to render: sent as the build wrote it, unless the caller adds query parameters or
  // debug output needs the per-value view.
  if (constant !== null && !ctx.debug && (prepared.configuredQueryKeys === null || ctx.caller.query.length === 0) && constant.maxHeaderBytes <= ctx.maxHeaderValueBytes) {
    return {
      request: { url: constant.url, method: prepared.step.method, headers: constant.headers, body: null, signal: ctx.signal, requestId: ctx.requestId },
      auth: null,
      debug: null,
    };
  }
  const { step } = prepared;
  const { vars, env, caller } = ctx;
  const overrides = prepared.hasOverrides;

  // url
  let url: string;
  if (step.url.kind === 'static') {
    url = step.url.href;
  } else {
    url = renderOtherSlot(step.url.template, vars, env, 'the url');
    if (!isPlainUrlUnder(url, step.url.origin) && !URL.canParse(url)) throw new StepRenderError('the url template did not render a valid URL');
  }
  const renderedUrl = url;

  // query parameters
  const query: [string, string][] = [];
  const queryShown: [string, string][] = [];
  // An overridable entry takes the caller's value when given (regular connectors only), else the
  // configured one: it is never omitted.
  for (const entry of step.queryParameters) {
    const override = overrides && entry.overridable ? callerQueryValue(caller, entry.key) : undefined;
    const value = override ?? renderValue(entry.value, vars, env, `query parameter '${entry.key}'`);
    query.push([entry.key, value]);
    if (ctx.debug) queryShown.push([entry.key, override ?? displayValue(entry.value, value)]);
  }
  // The caller's other query parameters go along (regular connectors); a configured key, overridable
  // or not, is never sent twice.
  const configuredKeys = prepared.configuredQueryKeys;
  const forwardedFrom = query.length;
  if (configuredKeys !== null) {
    for (const pair of caller.query) {
      if (configuredKeys.has(pair[0])) continue;
      query.push([pair[0], pair[1]]);
      if (ctx.debug) queryShown.push([pair[0], pair[1]]);
    }
  }

  // headers
  const headers: [string, string][] = [];
  const headersShown: [string, string][] = [];
  for (const entry of step.headers) {
    const override = overrides && entry.overridable ? callerHeader(caller, entry.matchKey) : undefined;
    const value = override ?? renderValue(entry.value, vars, env, `header '${entry.key}'`);
    checkHeader(entry.key, value, ctx.maxHeaderValueBytes);
    headers.push([entry.key, value]);
    if (ctx.debug) headersShown.push([entry.key, override ?? displayValue(entry.value, value)]);
  }

  // body
  let body: string | Buffer | null = null;
  let bodyContentType: string | null = null;
  if (prepared.sendsBody) {
    if (prepared.forwardsCallerBody) {
      // An empty request_body forwards the caller's payload as-is (as the reference platform does).
      if (caller.body.length > 0) {
        body = caller.body;
        bodyContentType = caller.contentType;
      }
    } else if (typeof step.requestBody === 'string') {
      if (step.requestBody !== '') {
        body = step.requestBody;
        bodyContentType = prepared.constantBodyContentType;
      }
    } else {
      const rendered = renderOtherSlot(step.requestBody, vars, env, 'the request body');
      if (rendered !== '') {
        body = rendered;
        // Telling JSON from text parses the body: not worth it when a configured Content-Type wins.
        if (!prepared.hasConfiguredContentType) bodyContentType = contentTypeOfRenderedBody(rendered);
      }
    }
    if (body !== null && bodyContentType !== null && !prepared.hasConfiguredContentType) {
      headers.push(['Content-Type', bodyContentType]);
      if (ctx.debug) headersShown.push(['Content-Type', bodyContentType]);
    }
  }

  // authentication, last: it may call a token endpoint
  let auth: AppliedAuth | null = null;
  if (step.authentication.type !== 'none') {
    if (ctx.authenticator === null) throw new Error(`step '${step.name}' needs authentication but no authenticator is configured`);
    auth = await ctx.authenticator.apply(step.authentication, {
      render: (value) => renderValue(value, vars, env),
      tenantId: ctx.tenantId,
      http: ctx.http,
    });
    for (const [name, value] of auth.headers) {
      checkHeader(name, value, ctx.maxHeaderValueBytes);
      // The credential replaces a configured header of the same name.
      const lower = name.toLowerCase();
      for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0].toLowerCase() === lower) headers.splice(i, 1);
      headers.push([name, value]);
    }
    if (auth.query.length > 0) {
      // A caller parameter never competes with the credential's own.
      const credentialKeys = new Set(auth.query.map((pair) => pair[0]));
      for (let i = query.length - 1; i >= forwardedFrom; i--) if (credentialKeys.has(query[i]![0])) query.splice(i, 1);
      for (const pair of auth.query) query.push([pair[0], pair[1]]);
    }
  }

  url = appendQuery(url, query);
  // One object with the signal in it: spreading a request to add it later costs more than the rest.
  const request: UpstreamRequest = { url, method: step.method, headers, body, signal: ctx.signal, requestId: ctx.requestId };
  if (!ctx.debug) return { request, auth, debug: null };

  let bodyShown: string | null = null;
  if (body !== null) bodyShown = typeof body === 'string' ? body : `<${body.length} bytes of the caller's payload>`;
  const debug: DebugStepRequest = {
    name: step.name,
    index: step.index,
    method: step.method,
    url: step.url.kind === 'static' ? renderedUrl : displayValue(step.url.template, renderedUrl),
    query_parameters: queryShown,
    headers: headersShown,
    authentication: describeAuthentication(step.authentication, (value) => renderValue(value, vars, env)),
    request_body: bodyShown,
    response_body: step.responseBody === null ? null : sourceOf(step.responseBody),
    response_content_type: step.responseContentType,
  };
  return { request, auth, debug };
}
