// Where a request goes: the upstream URL split into the origin undici connects to and the path it
// sends, with the URL half of the SSRF guard (scheme, credentials, literal hosts). Verdicts are
// cached per origin text, so the common case costs one scan of the URL and no URL parsing; paths
// that WHATWG URL parsing would change (dot segments, characters it percent-encodes) take the
// slow path through `new URL`, so the bytes sent are always what the URL means.
import { forbiddenHostReason } from './address-policy.js';
import { blockedAddressMessage } from './guarded-lookup.js';
import { UpstreamError, type UpstreamFailureKind } from './types.js';

/** Per-origin bookkeeping shared by every request to it (the concurrency bound counts here). */
export class OriginState {
  inflight = 0;
  constructor(
    /** Normalised `scheme://host[:port]`, the key of undici's connection pool. */
    readonly origin: string,
  ) {}
}

export interface UpstreamTarget {
  readonly state: OriginState;
  /** Path and query as sent on the request line; never empty, never holds a fragment. */
  readonly path: string;
}

interface Refusal {
  readonly kind: UpstreamFailureKind;
  readonly message: string;
}

type OriginVerdict = OriginState | Refusal;

// Characters WHATWG URL parsing leaves as they are in a path or query of an https URL.
const plainPathAndQuery = /^(?:[/?][\w\-.~!$&()*+,;=:@/?%]*)?$/;

/** Bound on cached origin texts; templated hosts (one per community) can be many. */
const DEFAULT_MAX_CACHED_ORIGINS = 4096;

export class OriginTable {
  private readonly verdicts = new Map<string, OriginVerdict>();
  private readonly states = new Map<string, OriginState>();

  constructor(
    private readonly allowInsecure: boolean,
    private readonly maxCachedOrigins = DEFAULT_MAX_CACHED_ORIGINS,
  ) {}

  /** @throws UpstreamError ('blocked-address' for refused schemes and hosts, 'network' for unusable URLs) */
  target(url: string): UpstreamTarget {
    const authorityStart = url.indexOf('://') + 3;
    if (authorityStart > 2) {
      const pathStart = endOfAuthority(url, authorityStart);
      if (pathStart > authorityStart) {
        const rest = url.slice(pathStart);
        if (plainPathAndQuery.test(rest) && !hasDotSegmentRisk(rest)) {
          const verdict = this.verdictFor(url.slice(0, pathStart));
          return toTarget(verdict, rest === '' ? '/' : rest.charCodeAt(0) === 63 ? `/${rest}` : rest);
        }
      }
    }
    return this.parsedTarget(url);
  }

  /** The slow path: full WHATWG parsing for URLs the fast scan cannot vouch for. */
  private parsedTarget(url: string): UpstreamTarget {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UpstreamError('network', 'upstream URL is not a valid URL');
    }
    const schemeRefusal = this.schemeRefusal(parsed.protocol);
    if (schemeRefusal !== null) throw new UpstreamError(schemeRefusal.kind, schemeRefusal.message);
    if (parsed.username !== '' || parsed.password !== '') throw new UpstreamError('network', credentialsMessage);
    return toTarget(this.verdictFor(parsed.origin), `${parsed.pathname}${parsed.search}`);
  }

  private verdictFor(originText: string): OriginVerdict {
    const cached = this.verdicts.get(originText);
    if (cached !== undefined) return cached;
    const verdict = this.judge(originText);
    if (this.verdicts.size >= this.maxCachedOrigins) this.prune();
    this.verdicts.set(originText, verdict);
    return verdict;
  }

  private judge(originText: string): OriginVerdict {
    let parsed: URL;
    try {
      parsed = new URL(originText);
    } catch {
      return { kind: 'network', message: 'upstream URL is not a valid URL' };
    }
    const schemeRefusal = this.schemeRefusal(parsed.protocol);
    if (schemeRefusal !== null) return schemeRefusal;
    if (parsed.username !== '' || parsed.password !== '') return { kind: 'network', message: credentialsMessage };
    if (!this.allowInsecure) {
      // Literal IPs never reach the DNS lookup guard, so they are judged here.
      const range = forbiddenHostReason(parsed.hostname);
      if (range !== null) return { kind: 'blocked-address', message: blockedAddressMessage(range) };
    }
    let state = this.states.get(parsed.origin);
    if (state === undefined) {
      state = new OriginState(parsed.origin);
      this.states.set(parsed.origin, state);
    }
    return state;
  }

  private schemeRefusal(protocol: string): Refusal | null {
    if (protocol === 'https:') return null;
    if (protocol === 'http:') {
      return this.allowInsecure
        ? null
        : { kind: 'blocked-address', message: 'upstream URL must use https (http is allowed only with --allow-insecure-upstreams)' };
    }
    return { kind: 'blocked-address', message: `upstream URL scheme '${protocol}' is not allowed (https only)` };
  }

  /** Forgets cached verdicts; keeps the states of origins with requests in flight (their counts matter). */
  private prune(): void {
    this.verdicts.clear();
    for (const [origin, state] of this.states) if (state.inflight === 0) this.states.delete(origin);
  }
}

const credentialsMessage = 'upstream URL must not contain user credentials';

function toTarget(verdict: OriginVerdict, path: string): UpstreamTarget {
  if (verdict instanceof OriginState) return { state: verdict, path };
  throw new UpstreamError(verdict.kind, verdict.message);
}

/** Index of the first '/', '?', '#' or '\' after the authority start (or the URL's length). */
function endOfAuthority(url: string, from: number): number {
  for (let i = from; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35 || c === 92) return i;
  }
  return url.length;
}

/** Dot segments ('/./', '/../', '/%2e/') are resolved by URL parsing: leave them to the slow path. */
function hasDotSegmentRisk(rest: string): boolean {
  return rest.includes('/.') || rest.includes('%2e') || rest.includes('%2E');
}
