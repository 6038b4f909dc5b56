// HTTP freshness and revalidation for one stored response, by http-cache-semantics (RFC 9111:
// max-age, Expires against Date, Age, validators, the 304 header merge), read with an injectable
// clock. Conduit behaves as a private cache here (`shared: false`): every entry is keyed by the
// whole rendered request including its credentials, so a response to an authenticated request
// may be stored; `private` is refused earlier, by ./cache-rules.ts, because SPEC §5 says so.
import CachePolicy from 'http-cache-semantics';
import type { UpstreamRequest } from '../http/types.js';

export type SerializedPolicy = CachePolicy.CachePolicyObject;

/** Epoch milliseconds. */
export type Clock = () => number;

const OPTIONS: CachePolicy.Options = { shared: false, cacheHeuristic: 0 };

/** The request as http-cache-semantics reads it: lower-cased names, repeated values joined. */
export interface PolicyRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
}

export function policyRequest(request: UpstreamRequest): PolicyRequest {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    const previous = headers[lower];
    headers[lower] = previous === undefined ? value : `${previous}, ${value}`;
  }
  return { url: request.url, method: request.method, headers };
}

/** The freshness policy of one response, read against the cache's clock. */
export class ResponsePolicy {
  private constructor(private readonly policy: CachePolicy) {}

  static create(clock: Clock, request: PolicyRequest, status: number, headers: Readonly<Record<string, string>>): ResponsePolicy {
    return new ResponsePolicy(new (clockedPolicyClass(clock))(request, { status, headers: { ...headers } }, OPTIONS));
  }

  static restore(clock: Clock, serialized: SerializedPolicy): ResponsePolicy {
    return new ResponsePolicy(clockedPolicyClass(clock).fromObject(serialized));
  }

  /** HTTP's own storing rules (method, status understood, no-store in request or response). */
  storable(): boolean {
    return this.policy.storable();
  }

  /** Past its freshness lifetime: must be revalidated before use. */
  stale(): boolean {
    return this.policy.stale();
  }

  /** Milliseconds the response stays fresh from now (0 when already stale). */
  freshMs(): number {
    return Math.max(0, Math.round((this.policy.maxAge() - this.policy.age()) * 1000));
  }

  /** The validators to send for a stale copy: If-None-Match and/or If-Modified-Since. */
  conditionalHeaders(request: PolicyRequest): [string, string][] {
    const headers = this.policy.revalidationHeaders(request);
    const conditional: [string, string][] = [];
    for (const name of ['if-none-match', 'if-modified-since'] as const) {
      const value = headers[name];
      if (typeof value === 'string' && value !== '') conditional.push([name, value]);
    }
    return conditional;
  }

  /** False when a 304 does not answer for this stored response (it names another validator). */
  notModifiedMatches(request: PolicyRequest, notModifiedHeaders: Readonly<Record<string, string>>): boolean {
    return this.policy.revalidatedPolicy(request, { status: 304, headers: { ...notModifiedHeaders } }).matches;
  }

  serialize(): SerializedPolicy {
    return this.policy.toObject();
  }
}

// One subclass per clock (the library reads time through an overridable `now()` method).
const classes = new WeakMap<Clock, typeof CachePolicy>();

function clockedPolicyClass(clock: Clock): typeof CachePolicy {
  let cls = classes.get(clock);
  if (cls === undefined) {
    cls = class ClockedPolicy extends CachePolicy {
      now(): number {
        return clock();
      }
    };
    classes.set(clock, cls);
  }
  return cls;
}
