// Per-connector work done once at start-up, so a request only renders and sends: scope strings,
// timing labels, which headers are constant, which body Content-Type a constant body gets, which
// caller headers/parameters may override configured ones, and the request of a step with nothing
// to render.
import type { CompiledConnector, CompiledKeyValue, CompiledStep, HttpMethod, TemplateValue } from '../connector.js';
import { stepScopePrefix, stepScopes, type StepFailureKind } from './failure.js';
import { isHeaderName } from './header-name.js';
import { contentTypeOfRenderedBody } from './request-body.js';
import { requestBypassesCache } from '../cache/cache-rules.js';

const METHODS_WITH_BODY: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['POST', 'PUT', 'PATCH']);

export interface PreparedStep {
  readonly step: CompiledStep;
  readonly name: string;
  readonly index: number;
  readonly isLast: boolean;
  /** The one step of a regular connector: upstream 4xx/5xx go through its response template. */
  readonly regular: boolean;
  readonly scopes: Readonly<Record<StepFailureKind, string>>;
  /** Only POST/PUT/PATCH send a body (SPEC §1). */
  readonly sendsBody: boolean;
  /** A configured Content-Type header wins over the one Conduit picks for a rendered body. */
  readonly hasConfiguredContentType: boolean;
  /** The Content-Type for a constant request_body, decided at start-up. */
  readonly constantBodyContentType: string | null;
  /** Regular connector with an empty request_body: the caller's payload is forwarded as-is. */
  readonly forwardsCallerBody: boolean;
  /**
   * Regular connectors forward the caller's query parameters that match no configured row
   * (SPEC §1); the configured keys are here. null: nothing is forwarded (composites).
   */
  readonly configuredQueryKeys: ReadonlySet<string> | null;
  /** True when some header/query entry takes a caller value (regular connectors only). */
  readonly hasOverrides: boolean;
  /** The response-cache namespace (the connector's permalink) of a GET/HEAD step; null when the step is never cached. */
  readonly cacheNamespace: string | null;
  /** The first configured header row whose name is not a valid header name (its step fails when it renders); -1: none. */
  readonly invalidHeaderNameAt: number;
  /**
   * The whole request when nothing in it is rendered (static URL and query, literal headers, no
   * body, no authentication), from the build's wire form; null otherwise.
   */
  readonly constantRequest: ConstantRequest | null;
}

export interface ConstantRequest {
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The longest header value in bytes: the server's header limit is checked against it. */
  readonly maxHeaderBytes: number;
}

export interface PreparedConnector {
  readonly connector: CompiledConnector;
  readonly kind: 'regular' | 'composite';
  readonly permalink: string;
  readonly steps: readonly PreparedStep[];
  /** No template anywhere in the connector: a request needs no template variables. */
  readonly rendersNothing: boolean;
  /** Lower-cased header names the caller may send (CORS preflight lists them). */
  readonly overridableHeaderNames: readonly string[];
}

function hasOverridable(entries: readonly CompiledKeyValue[]): boolean {
  return entries.some((e) => e.overridable);
}

function prepareStep(connector: CompiledConnector, step: CompiledStep, isLast: boolean): PreparedStep {
  const sendsBody = METHODS_WITH_BODY.has(step.method);
  const body = step.requestBody;
  const regular = connector.kind === 'regular';
  return {
    step,
    name: step.name,
    index: step.index,
    isLast,
    regular,
    scopes: stepScopes(stepScopePrefix(connector.kind, step.name, step.index)),
    sendsBody,
    hasConfiguredContentType: step.headers.some((h) => h.matchKey === 'content-type'),
    constantBodyContentType: typeof body === 'string' && body !== '' ? contentTypeOfRenderedBody(body) : null,
    forwardsCallerBody: regular && sendsBody && body === '',
    configuredQueryKeys: regular ? new Set(step.queryParameters.map((q) => q.key)) : null,
    // Caller overrides reach regular connectors only: a composite's caller interface is its
    // payload and query string, which its templates read as `request.*`.
    hasOverrides: regular && (hasOverridable(step.headers) || hasOverridable(step.queryParameters)),
    cacheNamespace: step.cacheable && !constantlyBypassesCache(step) ? connector.permalink : null,
    invalidHeaderNameAt: step.headers.findIndex((h) => !isHeaderName(h.key)),
    constantRequest: sendsBody ? null : constantRequestOf(step),
  };
}

/** Constant headers that keep every request of the step out of the cache (Range, no-cache, ...): the cache is never consulted. */
function constantlyBypassesCache(step: CompiledStep): boolean {
  const headers = step.wire?.headers;
  // Authentication could replace a configured header: only steps without it are decided here.
  return step.authentication.type === 'none' && headers !== undefined && headers !== null && requestBypassesCache(headers);
}

function constantRequestOf(step: CompiledStep): ConstantRequest | null {
  const wire = step.wire;
  if (wire === undefined || wire.href === null || wire.headers === null || step.authentication.type !== 'none') return null;
  let maxHeaderBytes = 0;
  for (const [, value] of wire.headers) maxHeaderBytes = Math.max(maxHeaderBytes, Buffer.byteLength(value));
  return { url: wire.href, headers: wire.headers, maxHeaderBytes };
}

const isTemplate = (value: TemplateValue | null): boolean => value !== null && typeof value !== 'string';

export function prepareConnector(connector: CompiledConnector): PreparedConnector {
  // Read once: a generated connector builds its steps on every read of `steps`.
  const compiled = connector.steps;
  const count = compiled.length;
  const steps = compiled.map((step, i) => prepareStep(connector, step, i === count - 1));
  const overridableHeaderNames =
    connector.kind === 'regular'
      ? [...new Set(compiled.flatMap((s) => s.headers.filter((h) => h.overridable).map((h) => h.matchKey)))]
      : [];
  const rendersNothing = steps.every(
    // A `when` (issue 17) is always a template, rendered with the request's variables.
    (p) => p.step.when === undefined && p.constantRequest !== null && !isTemplate(p.step.responseBody) && !p.step.headers.some((h) => isTemplate(h.value)) && !p.step.queryParameters.some((q) => isTemplate(q.value)),
  );
  return { connector, kind: connector.kind, permalink: connector.permalink, steps, rendersNothing, overridableHeaderNames };
}
