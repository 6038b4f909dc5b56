// Response headers in the shape of UpstreamResponse.headers: lower-cased names (undici already
// lower-cases them), repeated values joined with ', ' — except set-cookie, whose values may
// themselves hold commas (Expires=Wed, 21 Oct …) and are joined with '\n' instead.

/** undici's parsed response headers (its IncomingHttpHeaders). */
export type ParsedHeaders = Record<string, string | string[] | undefined>;

/** Converts undici's parsed headers in place (the object is fresh per response) and returns it. */
export function joinResponseHeaders(headers: ParsedHeaders): Record<string, string> {
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') continue;
    if (value === undefined) delete headers[name];
    // A header literally named __proto__ must stay a plain own property.
    else if (name === '__proto__') Object.defineProperty(headers, name, { value: value.join(', '), enumerable: true, writable: true, configurable: true });
    else headers[name] = value.join(name === 'set-cookie' ? '\n' : ', ');
  }
  return headers as Record<string, string>;
}
