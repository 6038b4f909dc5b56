// Path parameters of regular connectors (SPEC §1, §5): the `X-Path-Params` header, urlencoded like
// a query string (`user_id=42&slug=a-b`). Values are restricted to URL-safe characters and may not
// be a traversal segment (`.`, `..`) or contain `..`, so interpolating one into a path can never
// add a segment, climb out of one or collapse one (`/users/./profile` → `/users/profile`).
// Missing beats invalid: a caller that forgot a key hears about that first; both list every key.

const VALUE = /^[A-Za-z0-9._~-]{1,200}$/;

/** The SPEC's header limit: longer headers are refused before parsing. */
export const MAX_PATH_PARAMS_HEADER_CHARS = 4096;

export type PathParamsResult =
  | { readonly ok: true; readonly params: ReadonlyMap<string, string> }
  | {
      readonly ok: false;
      readonly code: 'INVALID_PATH_PARAMETERS' | 'MISSING_PATH_PARAMETERS';
      readonly message: string;
      /** Every offending key, in the order the connector declares them. */
      readonly params: readonly string[];
    };

const NONE: PathParamsResult = { ok: true, params: new Map() };

export function isValidPathParamValue(value: string): boolean {
  return VALUE.test(value) && value !== '.' && !value.includes('..');
}

/**
 * @param header   the X-Path-Params header value, if sent
 * @param required every name the connector's URL reads (`pathParams.NAME`)
 */
export function parsePathParams(header: string | undefined, required: readonly string[]): PathParamsResult {
  if (required.length === 0) return NONE;
  if (header !== undefined && header.length > MAX_PATH_PARAMS_HEADER_CHARS) {
    return {
      ok: false,
      code: 'INVALID_PATH_PARAMETERS',
      message: `The X-Path-Params header is longer than ${MAX_PATH_PARAMS_HEADER_CHARS} characters`,
      params: [...required],
    };
  }
  const sent = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(header ?? '')) sent.set(name, value);
  const missing = required.filter((name) => !sent.has(name));
  if (missing.length > 0) {
    return { ok: false, code: 'MISSING_PATH_PARAMETERS', message: `Missing path parameters: ${missing.join(', ')}`, params: missing };
  }
  const invalid = required.filter((name) => !isValidPathParamValue(sent.get(name)!));
  if (invalid.length > 0) {
    return {
      ok: false,
      code: 'INVALID_PATH_PARAMETERS',
      message: `Invalid path parameters: ${invalid.join(', ')} (each must be 1 to 200 of A-Z a-z 0-9 . _ ~ -, not '.' or '..', without '..')`,
      params: invalid,
    };
  }
  const params = new Map<string, string>();
  for (const name of required) params.set(name, sent.get(name)!);
  return { ok: true, params };
}
