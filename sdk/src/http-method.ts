// The methods a regular connector can be configured with (SPEC §1); the caller must use the same one.
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Only these methods carry the caller's payload (SPEC §6). */
export const METHODS_WITH_BODY: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['POST', 'PUT', 'PATCH']);

/** Upper-cases and checks a method name; null when it is not one of HTTP_METHODS. */
export function toHttpMethod(value: string): HttpMethod | null {
  const upper = value.toUpperCase();
  return (HTTP_METHODS as readonly string[]).includes(upper) ? (upper as HttpMethod) : null;
}
