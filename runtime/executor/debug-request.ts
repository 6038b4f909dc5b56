// X-Debug-Request (SPEC §5 "Debug"): the resolved request of each step, where every value that
// came from get_secret() shows its template text instead of the secret. Built only with --debug
// and by `conduit run`; the server additionally scrubs known secret values from the final text.
// The `authentication` part comes from ../auth/debug-view.ts (credentials never shown).
import type { TemplateValue } from '../connector.js';

export interface DebugStepRequest {
  readonly name: string;
  readonly index: number;
  readonly method: string;
  /** The rendered url template (query parameters are listed separately). */
  readonly url: string | null;
  /** [name, value] pairs in the order sent (names may repeat). */
  readonly query_parameters: readonly (readonly [string, string])[];
  /** [name, value] pairs in the order sent; authentication headers are not listed (see `authentication`). */
  readonly headers: readonly (readonly [string, string])[];
  readonly authentication: Readonly<Record<string, unknown>>;
  readonly request_body: string | null;
  /** The response_body template as written. */
  readonly response_body: string | null;
  readonly response_content_type: string | null;
}

/** What debug output shows for a value: its template text when it reads a secret, else the value. */
export function displayValue(value: TemplateValue, rendered: string): string {
  return typeof value !== 'string' && value.usesSecret ? value.source : rendered;
}

/** The template text of a value (constants are their own text). */
export function sourceOf(value: TemplateValue): string {
  return typeof value === 'string' ? value : value.source;
}

/**
 * The header value: JSON with every non-ASCII character escaped, because HTTP header values
 * cannot carry arbitrary Unicode.
 */
export function debugHeaderValue(steps: readonly DebugStepRequest[]): string {
  return JSON.stringify(steps).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
