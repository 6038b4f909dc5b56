// One token request: a form POST to the token endpoint through the upstream client (same 15 s
// limit, size limit and SSRF guard as steps) and the parsing of its answer. Every failure is an
// AuthError('token-request') whose message may name the HTTP status but never the response
// body, the form or the credentials.
import { UpstreamError, type UpstreamClient, type UpstreamResponse } from '../http/types.js';
import { isSafeHeaderValue } from './header-syntax.js';
import { AuthError } from './types.js';

export interface TokenGrant {
  readonly accessToken: string;
  /** The reply's `expires_in`; null when it gave none (or none that is a number). */
  readonly expiresInSeconds: number | null;
}

export interface TokenRequest {
  readonly tokenUrl: string;
  /** The form-encoded body. */
  readonly form: string;
  /** Extra headers, e.g. HTTP Basic client authentication. */
  readonly headers?: readonly (readonly [string, string])[];
}

const FAILURE_DESCRIPTIONS: Readonly<Record<UpstreamError['kind'], string>> = {
  timeout: 'the token endpoint did not answer in time',
  network: 'the token endpoint could not be reached',
  'too-large': 'the token endpoint response was too large',
  'blocked-address': 'the token endpoint address is not allowed',
  overloaded: 'too many concurrent requests to the token endpoint',
};

function checkTokenUrl(tokenUrl: string): void {
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    throw new AuthError('token-request', 'token_url is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthError('token-request', 'token_url must be an https URL');
  }
}

function parseBody(response: UpstreamResponse): Record<string, unknown> | null {
  const text = response.body.toString('utf8');
  const contentType = response.headers['content-type'] ?? '';
  // A few older providers answer form-encoded despite RFC 6749 §5.1.
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function lifetimeOf(expiresIn: unknown): number | null {
  const seconds = typeof expiresIn === 'string' && expiresIn.trim() !== '' ? Number(expiresIn) : expiresIn;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : null;
}

/** Parses a token endpoint answer (exported for the parsing tests). */
export function parseTokenResponse(response: UpstreamResponse): TokenGrant {
  if (response.status < 200 || response.status > 299) {
    throw new AuthError('token-request', `token endpoint answered HTTP ${response.status}`);
  }
  const body = parseBody(response);
  if (body === null) throw new AuthError('token-request', 'token endpoint response is not a JSON object');
  const accessToken = body['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new AuthError('token-request', 'token endpoint response has no access_token');
  }
  if (!isSafeHeaderValue(accessToken)) {
    throw new AuthError('token-request', 'token endpoint returned an access_token that cannot be sent in a header');
  }
  return { accessToken, expiresInSeconds: lifetimeOf(body['expires_in']) };
}

export async function requestToken(http: UpstreamClient, request: TokenRequest): Promise<TokenGrant> {
  checkTokenUrl(request.tokenUrl);
  let response: UpstreamResponse;
  try {
    response = await http.request({
      url: request.tokenUrl,
      method: 'POST',
      headers: [
        ['content-type', 'application/x-www-form-urlencoded'],
        ['accept', 'application/json'],
        ...(request.headers ?? []),
      ],
      body: request.form,
    });
  } catch (err) {
    const reason = err instanceof UpstreamError ? FAILURE_DESCRIPTIONS[err.kind] : 'the token request failed';
    throw new AuthError('token-request', reason);
  }
  return parseTokenResponse(response);
}
