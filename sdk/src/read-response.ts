// Turns the runtime's answer into the value execute() resolves with, or the ConnectorError it
// rejects with (SPEC §5 error envelope `{"errors": {"scope", "message"}}`).
import { ConnectorError, SdkErrorScope } from './connector-error.js';
import type { ConnectorTiming } from './connector-timing.js';
import type { JsonValue } from './json-value.js';

export interface ReceivedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string | null;
  readonly text: string;
  readonly timing: ConnectorTiming | undefined;
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

function envelopeOf(body: JsonValue): { scope: string | null; message: string | null } | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const errors = body.errors;
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return null;
  const scope = typeof errors.scope === 'string' ? errors.scope : null;
  const message = typeof errors.message === 'string' ? errors.message : null;
  return scope === null && message === null ? null : { scope, message };
}

function httpSummary(response: ReceivedResponse): string {
  return `HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
}

/** The error for a non-2xx answer: the envelope's scope and message, else scope 'HTTP'. */
export function errorFromResponse(response: ReceivedResponse): ConnectorError {
  const parsed = isJsonContentType(response.contentType) ? parseJson(response.text) : { ok: false as const };
  const envelope = parsed.ok ? envelopeOf(parsed.value) : null;
  if (envelope !== null) {
    return new ConnectorError({
      status: response.status,
      scope: envelope.scope ?? SdkErrorScope.Http,
      message: envelope.message ?? httpSummary(response),
      timing: response.timing,
    });
  }
  return new ConnectorError({
    status: response.status,
    scope: SdkErrorScope.Http,
    message: `${httpSummary(response)} (the response is not a connector error envelope)`,
    timing: response.timing,
    body: parsed.ok ? parsed.value : response.text,
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
