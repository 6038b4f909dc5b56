// Turns the runtime's answer into the value execute() resolves with, or the ConnectorError it
// rejects with: the SPEC §5 envelope `{"success": false, "errors": {"scope", "message", "code"?,
// "params"?, "detail"?}, "request_id"}`, the reference's legacy `{"failure_scope", "reason",
// "request_id"}`, or any other body (a regular connector's upstream 4xx/5xx) attached as `body`.
import { ConnectorError, SdkErrorScope } from './connector-error.js';
import type { ConnectorTiming } from './connector-timing.js';
import type { JsonValue } from './json-value.js';

export interface ReceivedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string | null;
  readonly text: string;
  readonly timing: ConnectorTiming | undefined;
  /** The X-Request-ID header, if any. */
  readonly requestId?: string | null;
}

/** application/json, and structured-syntax types such as application/problem+json. */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return essence === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.+-]*\+json$/.test(essence);
}

function parseJson(text: string): { ok: true; value: JsonValue } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false };
  }
}

interface Envelope {
  readonly scope: string | null;
  readonly message: string | null;
  readonly code?: string;
  readonly params?: readonly string[];
  readonly detail?: unknown;
  readonly requestId?: string;
}

function stringOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function envelopeOf(body: JsonValue): Envelope | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const requestId = stringOf(body.request_id);
  // The reference platform's legacy shape.
  if (typeof body.failure_scope === 'string' || (typeof body.reason === 'string' && body.errors === undefined)) {
    return { scope: stringOf(body.failure_scope) ?? null, message: stringOf(body.reason) ?? null, requestId };
  }
  const errors = body.errors;
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return null;
  const scope = typeof errors.scope === 'string' ? errors.scope : null;
  const message = typeof errors.message === 'string' ? errors.message : null;
  if (scope === null && message === null) return null;
  const params = Array.isArray(errors.params) && errors.params.every((p) => typeof p === 'string') ? (errors.params as string[]) : undefined;
  return { scope, message, code: stringOf(errors.code), params, detail: errors.detail, requestId };
}

function httpSummary(response: ReceivedResponse): string {
  return `HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
}

/** The error for a non-2xx answer: the envelope's scope and message, else scope 'HTTP'. */
export function errorFromResponse(response: ReceivedResponse): ConnectorError {
  const parsed = isJsonContentType(response.contentType) ? parseJson(response.text) : { ok: false as const };
  const envelope = parsed.ok ? envelopeOf(parsed.value) : null;
  const body = parsed.ok ? parsed.value : response.text;
  const headerId = response.requestId ?? response.timing?.request_id ?? undefined;
  if (envelope !== null) {
    return new ConnectorError({
      status: response.status,
      scope: envelope.scope ?? SdkErrorScope.Http,
      message: envelope.message ?? httpSummary(response),
      code: envelope.code,
      params: envelope.params,
      detail: envelope.detail,
      requestId: envelope.requestId ?? headerId,
      timing: response.timing,
      body,
    });
  }
  // A regular connector passes its upstream's 4xx/5xx through (SPEC §5): the body is the answer.
  return new ConnectorError({
    status: response.status,
    scope: SdkErrorScope.Http,
    message: `${httpSummary(response)} (the response is not a connector error envelope)`,
    requestId: headerId,
    timing: response.timing,
    body,
  });
}

/** The value a 2xx answer resolves with: parsed JSON for a JSON content type (null when empty), else the text. */
export function successBody(response: ReceivedResponse): JsonValue {
  if (!isJsonContentType(response.contentType)) return response.text;
  if (response.text.trim() === '') return null;
  const parsed = parseJson(response.text);
  if (!parsed.ok) {
    throw new ConnectorError({
      status: response.status,
      scope: SdkErrorScope.Response,
      message: `The response is declared as ${response.contentType} but is not valid JSON`,
      timing: response.timing,
      body: response.text,
    });
  }
  return parsed.value;
}
