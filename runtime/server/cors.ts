// CORS for the configured widget origins (SPEC §5). An allowed Origin is echoed (with
// `Vary: Origin`); any other origin gets no CORS headers at all, so the browser blocks it.
import type { PreparedConnector } from '../executor/prepared-connector.js';

/** Request headers the SDK sends. */
const BASE_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Path-Params', 'X-CSRFToken', 'X-Request-ID'];
/** Response headers widget code may read. */
const EXPOSED_HEADERS = 'Server-Timing, X-Connector-Timing, X-Debug-Request, X-Request-ID';
const ALL_METHODS = 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS';
/** Browsers may reuse a preflight answer this long (seconds). */
const PREFLIGHT_MAX_AGE = '600';

/** Response headers being assembled (node:http accepts this object as is). */
export type ResponseHeaders = Record<string, string>;

export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly anyOrigin: boolean;

  /** @param allowedOrigins exact origins (`https://community.example.com`); `*` allows every origin */
  constructor(allowedOrigins: readonly string[]) {
    this.anyOrigin = allowedOrigins.includes('*');
    this.origins = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, '')));
  }

  allows(origin: string | undefined): origin is string {
    return origin !== undefined && (this.anyOrigin || this.origins.has(origin));
  }

  /** Headers for an actual (non-preflight) response; empty when the origin is not allowed. */
  responseHeaders(origin: string | undefined, into: ResponseHeaders): void {
    if (origin === undefined) return;
    // Caches must keep answers to different origins apart, allowed or not.
    into['Vary'] = 'Origin';
    if (!this.allows(origin)) return;
    into['Access-Control-Allow-Origin'] = origin;
    into['Access-Control-Expose-Headers'] = EXPOSED_HEADERS;
  }

  /**
   * Headers for a preflight. The allowed methods are the connector's own (POST for composites);
   * the allowed headers add the connector's overridable headers to what the SDK always sends.
   */
  preflightHeaders(origin: string | undefined, connector: PreparedConnector | null): ResponseHeaders {
    if (!this.allows(origin)) return origin === undefined ? {} : { Vary: 'Origin' };
    const methods = connector === null ? ALL_METHODS : connector.connector.method;
    const headers = connector === null ? BASE_ALLOWED_HEADERS : [...BASE_ALLOWED_HEADERS, ...connector.overridableHeaderNames];
    return {
      'Access-Control-Allow-Origin': origin,
      Vary: 'Origin',
      'Access-Control-Allow-Methods': methods,
      'Access-Control-Allow-Headers': headers.join(', '),
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
    };
  }
}
