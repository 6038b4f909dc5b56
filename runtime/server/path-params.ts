// Path parameters of regular connectors (SPEC §5): the `X-Path-Params` header, urlencoded like a
// query string (`user_id=42&slug=a-b`). Values are restricted to URL-safe characters, so
// interpolating them into a path can never add a segment or climb out of one.

const VALUE = /^[A-Za-z0-9._~-]{1,200}$/;

export type PathParamsResult =
  | { readonly ok: true; readonly params: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly code: 'INVALID_PATH_PARAMETERS' | 'MISSING_PATH_PARAMETERS'; readonly message: string };

const NONE: PathParamsResult = { ok: true, params: new Map() };

/**
 * @param header   the X-Path-Params header value, if sent
 * @param required every name the connector's URL reads (`pathParams.NAME`)
 */
export function parsePathParams(header: string | undefined, required: readonly string[]): PathParamsResult {
  if ((header === undefined || header === '') && required.length === 0) return NONE;
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(header ?? '')) {
    if (!VALUE.test(value) || value.includes('..')) {
      return {
        ok: false,
        code: 'INVALID_PATH_PARAMETERS',
        message: `Path parameter '${name}' must be 1 to 200 of the characters A-Z a-z 0-9 . _ ~ - (and no '..')`,
      };
    }
    params.set(name, value);
  }
  const missing = required.filter((name) => !params.has(name));
  if (missing.length > 0) {
    return { ok: false, code: 'MISSING_PATH_PARAMETERS', message: `Missing path parameters: ${missing.join(', ')}` };
  }
  return { ok: true, params };
}
