// Scrubs secret values and bearer credentials from text on its way to a log line, an error
// body or a debug header. One regular expression, one pass: fast enough for every log line.
// Use with pino as `pino({ hooks: { streamWrite: createRedactor(store.allValues()) } })`.
//
// What is replaced with [REDACTED]:
// - every secret value of at least MIN_REDACTED_LENGTH characters, also as it appears JSON-escaped,
//   URL-encoded, form-encoded and base64/base64url-encoded on its own;
// - the credential after `Bearer ` / `Basic ` (tokens from token endpoints are never known in advance);
// - the value of a JSON "authorization" field or header pair, whatever its scheme;
// - anything shaped like a JWS compact JWT (`eyJ….eyJ….…`).

export const REDACTED = '[REDACTED]';

/**
 * Values shorter than this are not scrubbed: replacing every "abc" or "1" would garble logs
 * while protecting nothing (such a secret is guessable anyway).
 */
export const MIN_REDACTED_LENGTH = 4;

export type Redactor = (text: string) => string;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The forms a value takes in logs and HTTP messages. */
function encodedForms(value: string): string[] {
  const base64 = Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, '');
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    new URLSearchParams([['', value]]).toString().slice(1),
    base64,
    Buffer.from(value, 'utf8').toString('base64url'),
  ];
}

const AUTH_SCHEME = String.raw`(?<scheme>\b(?:[Bb][Ee][Aa][Rr][Ee][Rr]|[Bb][Aa][Ss][Ii][Cc])\s+)[A-Za-z0-9._~+/=-]+`;
// `"authorization": "…"` (an object field) or `["authorization", "…"` (a header pair). A pair
// starts a list: `"header_name": "Authorization", "prefix": …` is a value followed by the next
// key, which must stay as it is.
const AUTHORIZATION_NAME = String.raw`"(?:[Pp]roxy-)?[Aa]uthorization"`;
const JSON_AUTHORIZATION = String.raw`(?<field>(?:${AUTHORIZATION_NAME}\s*:|\[\s*${AUTHORIZATION_NAME}\s*,)\s*")(?:[^"\\]|\\.)*`;
const COMPACT_JWT = String.raw`eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*`;

export function createRedactor(values: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_REDACTED_LENGTH) continue;
    for (const form of encodedForms(value)) if (form.length >= MIN_REDACTED_LENGTH) forms.add(form);
  }
  // Longest first, so a secret that contains another is replaced whole.
  const literal = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const alternatives = [JSON_AUTHORIZATION, AUTH_SCHEME, COMPACT_JWT, ...literal];
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) =>
    text.replace(pattern, (...args: unknown[]) => {
      const groups = args[args.length - 1] as { field?: string; scheme?: string };
      if (groups.field !== undefined) return `${groups.field}${REDACTED}`;
      if (groups.scheme !== undefined) return `${groups.scheme}${REDACTED}`;
      return REDACTED;
    });
}
