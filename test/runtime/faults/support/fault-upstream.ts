// One HTTPS upstream that misbehaves at every stage of an exchange, one route per fault, plus a
// half-open server (accepts TCP, never completes a TLS handshake), and the SPEC §5 answer the
// runtime owes a widget for each fault when the default 10 MiB response limit is in force.
import {
  custom,
  hang,
  invalidChunked,
  json,
  resetAfterHeaders,
  resetConnection,
  resetMidBody,
  respond,
  sizedBody,
  slowBody,
  startHalfOpenServer,
  startUpstream,
  type HalfOpenServer,
  type Upstream,
} from '../../../support/upstream/index.js';

/** SPEC §5 default upstream response limit. */
export const RESPONSE_LIMIT = 10 * 1024 * 1024;
/** Faults that stall need a client timeout below this to end in time. */
export const STALL_MS = 3_000;

export const NETWORK_SCOPE = 'Downstream (network/external service)';
export const HTTP_ERROR_SCOPE = 'Downstream (HTTP error)';
export const RENDERING_SCOPE = 'Configuration (template rendering)';

export interface UpstreamFault {
  readonly name: string;
  /** A route of the fault upstream, or null for the half-open server. */
  readonly path: string | null;
  readonly status: number;
  /** The scope without the composite step prefix. */
  readonly scope: string;
  readonly message: RegExp;
  /** The step must parse the body as JSON in its response_body for the fault to show. */
  readonly readsJson?: boolean;
}

export const UPSTREAM_FAULTS: readonly UpstreamFault[] = [
  { name: 'no TLS handshake (half-open)', path: null, status: 502, scope: NETWORK_SCOPE, message: /did not answer in time/ },
  { name: 'reset before any answer', path: '/reset-at-once', status: 502, scope: NETWORK_SCOPE, message: /Could not reach/ },
  { name: 'reset after the head', path: '/reset-after-headers', status: 502, scope: NETWORK_SCOPE, message: /Could not reach/ },
  { name: 'reset mid-body', path: '/reset-mid-body', status: 502, scope: NETWORK_SCOPE, message: /Could not reach/ },
  { name: 'invalid chunked encoding', path: '/invalid-chunked', status: 502, scope: NETWORK_SCOPE, message: /Could not reach/ },
  { name: 'body shorter than its Content-Length', path: '/short-body', status: 502, scope: NETWORK_SCOPE, message: /Could not reach/ },
  { name: 'garbage instead of HTTP', path: '/garbage', status: 502, scope: NETWORK_SCOPE, message: /Could not reach/ },
  { name: '10 MiB + 1 byte with Content-Length', path: '/huge-length', status: 502, scope: NETWORK_SCOPE, message: /exceeded the size limit/ },
  { name: '10 MiB + 1 byte chunked', path: '/huge-chunked', status: 502, scope: NETWORK_SCOPE, message: /exceeded the size limit/ },
  { name: '10 MiB + 1 byte ended by close', path: '/huge-close', status: 502, scope: NETWORK_SCOPE, message: /exceeded the size limit/ },
  { name: 'no answer at all', path: '/hang', status: 502, scope: NETWORK_SCOPE, message: /did not answer in time/ },
  { name: 'a body trickling past the limit', path: '/trickle', status: 502, scope: NETWORK_SCOPE, message: /did not answer in time/ },
  { name: 'HTTP 500', path: '/error-500', status: 502, scope: HTTP_ERROR_SCOPE, message: /^The upstream service answered HTTP 500$/ },
  { name: 'malformed JSON read by response_body', path: '/malformed-json', status: 422, scope: RENDERING_SCOPE, message: /failed to render \(value-error\)/, readsJson: true },
];

export interface FaultUpstreams {
  readonly upstream: Upstream;
  readonly halfOpen: HalfOpenServer;
  /** Where a step hits this fault. */
  url(fault: UpstreamFault): string;
  close(): Promise<void>;
}

/** Also serves `/a`, `/c` (small JSON), `/healthy` and `/exactly-limit` (a body of exactly 10 MiB). */
export async function startFaultUpstreams(): Promise<FaultUpstreams> {
  const halfOpen = await startHalfOpenServer();
  const upstream = await startUpstream({
    tls: true,
    routes: {
      '/a': json({ record: 'step-a' }),
      '/c': json({ record: 'step-c' }),
      '/healthy': json({ ok: true }),
      '/reset-at-once': custom(({ req }) => resetConnection(req.socket), 'reset at once'),
      '/reset-after-headers': resetAfterHeaders({ afterMs: 20 }),
      '/reset-mid-body': resetMidBody({ totalBytes: 64 * 1024, sentBytes: 20_000, afterMs: 20 }),
      '/invalid-chunked': invalidChunked(),
      '/short-body': custom(({ req }) => {
        req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly this');
      }, 'short body'),
      '/garbage': custom(({ req }) => req.socket.end('THIS IS NOT HTTP\r\n\r\n'), 'garbage'),
      '/huge-length': sizedBody(RESPONSE_LIMIT + 1),
      '/huge-chunked': sizedBody(RESPONSE_LIMIT + 1, { framing: 'chunked' }),
      '/huge-close': sizedBody(RESPONSE_LIMIT + 1, { framing: 'close' }),
      '/exactly-limit': sizedBody(RESPONSE_LIMIT),
      '/hang': hang(),
      // A byte every 50 ms: the last one would come after STALL_MS.
      '/trickle': slowBody({ chunks: STALL_MS / 50, chunkBytes: 8, intervalMs: 50 }),
      '/error-500': respond({ status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'stack trace of the upstream' }),
      '/malformed-json': respond({ headers: { 'Content-Type': 'application/json' }, body: '{"name": "trunc' }),
      '/non-utf8': respond({ headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]) }),
    },
  });
  return {
    upstream,
    halfOpen,
    url: (fault) => (fault.path === null ? halfOpen.url('/x', 'https') : upstream.url(fault.path)),
    async close() {
      await upstream.close();
      await halfOpen.close();
    },
  };
}

/** A permalink-safe name for a fault. */
export function faultSlug(fault: UpstreamFault): string {
  return fault.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
