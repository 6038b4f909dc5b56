// Shared pieces of the response-cache tests: a clock the test moves, the cache outcome a response
// reports in X-Connector-Timing, and an upstream resource that answers conditional requests.
import { custom, type Behaviour, type HeaderInput } from '../../support/upstream/index.js';

/** A clock for the runtime (`dependencies.now`): starts at a fixed instant, moves only when told. */
export class TestClock {
  // Whole seconds: HTTP dates have no milliseconds.
  private ms = Math.floor(Date.now() / 1000) * 1000;
  readonly now = (): Date => new Date(this.ms);
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
  /** An HTTP date `offsetSeconds` from now. */
  httpDate(offsetSeconds = 0): string {
    return new Date(this.ms + offsetSeconds * 1000).toUTCString();
  }
}

interface TimingStep {
  readonly name: string;
  readonly status_code: number | null;
  readonly cache?: string;
}

/**
 * The `cache` field of each step in X-Connector-Timing (undefined where the cache was not used):
 * a composite's per step, a regular connector's one (SPEC §5 schemas).
 */
export function cacheOutcomes(res: Response): (string | undefined)[] {
  const header = res.headers.get('x-connector-timing');
  if (header === null) throw new Error('no X-Connector-Timing header');
  const timing = JSON.parse(header) as { steps?: TimingStep[]; cache?: string };
  return timing.steps === undefined ? [timing.cache] : timing.steps.map((s) => s.cache);
}

export interface VersionedResource {
  readonly behaviour: Behaviour;
  /** Changes the body (and ETag / Last-Modified) the next full answer carries. */
  setVersion(version: number): void;
  /** Full answers (200) and not-modified answers (304) sent so far. */
  readonly fullAnswers: number;
  readonly notModifiedAnswers: number;
}

export interface VersionedOptions {
  /** Validator the resource offers: ETag, Last-Modified or both. */
  readonly validators: 'etag' | 'last-modified' | 'both';
  readonly cacheControl: string;
  /** Extra headers on both 200 and 304 answers, given the request. */
  readonly extraHeaders?: () => HeaderInput;
}

/**
 * A resource with a version: answers 304 (no body) when the request's If-None-Match /
 * If-Modified-Since names the current version, else 200 with `{"version":N}`.
 */
export function versionedResource(options: VersionedOptions): VersionedResource {
  let version = 1;
  let full = 0;
  let notModified = 0;
  const etag = () => `"v${version}"`;
  // Whole seconds, as HTTP dates have: version N was "modified" N minutes after a fixed instant.
  const lastModified = () => new Date(Date.UTC(2029, 0, 1) + version * 60_000).toUTCString();
  const behaviour = custom(({ res, request }) => {
    const headers: Record<string, string> = { 'Cache-Control': options.cacheControl };
    if (options.validators !== 'last-modified') headers['ETag'] = etag();
    if (options.validators !== 'etag') headers['Last-Modified'] = lastModified();
    const extra = options.extraHeaders?.() ?? {};
    for (const [name, value] of Array.isArray(extra) ? extra : Object.entries(extra)) headers[name as string] = String(value);
    const inm = request.headers['if-none-match'];
    const ims = request.headers['if-modified-since'];
    const unchanged = inm !== undefined ? inm.split(',').map((t) => t.trim()).includes(etag()) : ims !== undefined && ims === lastModified();
    if (unchanged) {
      notModified++;
      res.writeHead(304, headers).end();
      return;
    }
    full++;
    const body = JSON.stringify({ version });
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }).end(body);
  }, 'versioned resource');
  return {
    behaviour,
    setVersion: (v) => (version = v),
    get fullAnswers() {
      return full;
    },
    get notModifiedAnswers() {
      return notModified;
    },
  };
}
