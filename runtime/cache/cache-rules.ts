// Conduit's caching rules (SPEC §5) on top of HTTP's: which rendered requests may use the cache
// at all, and which upstream responses may be stored. The freshness arithmetic (max-age, Expires
// against Date, Age) is http-cache-semantics' job (./cache-policy.ts); these rules are stricter:
//   - only 200, 301 and 308 are stored;
//   - `no-store`, `no-cache` (qualified or not) and `private` prevent storing, as does
//     `Pragma: no-cache` without Cache-Control;
//   - the upstream must say how long the response stays fresh (max-age or Expires), or give a
//     validator (ETag / Last-Modified): such a response is stored stale and revalidated before
//     each use. Nothing is served on heuristics, and `s-maxage` alone does not count (it addresses
//     caches that give one copy to many users; Conduit keys every entry by the full request,
//     credentials included);
//   - `Vary: *` never matches a later request, so it is not stored.

const STORABLE_STATUSES: ReadonlySet<number> = new Set([200, 301, 308]);

const NO_DIRECTIVES: ReadonlySet<string> = new Set();

/** Directive names of a Cache-Control (or Pragma) value, lower-cased; arguments (quoted ones may hold commas) are dropped. */
export function directiveNames(value: string | undefined): ReadonlySet<string> {
  // Most upstreams send no Cache-Control and no Pragma: one shared empty set for them.
  if (value === undefined) return NO_DIRECTIVES;
  const names = new Set<string>();
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    if (i < value.length && (quoted || c !== ',')) continue;
    const part = value.slice(start, i);
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name !== '') names.add(name);
    start = i + 1;
  }
  return names;
}

/** Why a response is not stored, or null when Conduit's rules allow it (HTTP's rules still apply). */
export function responseRefusal(status: number, headers: Readonly<Record<string, string>>): string | null {
  if (!STORABLE_STATUSES.has(status)) return 'status';
  const cacheControl = headers['cache-control'];
  const directives = directiveNames(cacheControl);
  if (directives.has('no-store')) return 'no-store';
  if (directives.has('no-cache')) return 'no-cache';
  if (directives.has('private')) return 'private';
  if (cacheControl === undefined && directiveNames(headers['pragma']).has('no-cache')) return 'no-cache';
  if (!directives.has('max-age') && headers['expires'] === undefined && !hasValidator(headers)) return 'no-freshness';
  const vary = headers['vary'];
  if (vary !== undefined && vary.split(',').some((field) => field.trim() === '*')) return 'vary';
  return null;
}

/** True when a response carries a validator, so a stale copy can be revalidated instead of fetched. */
export function hasValidator(headers: Readonly<Record<string, string>>): boolean {
  return headers['etag'] !== undefined || headers['last-modified'] !== undefined;
}

/**
 * A rendered request that must not use the cache: one that is itself conditional or ranged (the
 * author asked the upstream a question the cache would answer wrongly), or that says `no-cache` /
 * `no-store` (the author wants the upstream's answer every time).
 */
export function requestBypassesCache(headers: readonly (readonly [string, string])[]): boolean {
  for (const [name, value] of headers) {
    switch (name.toLowerCase()) {
      case 'if-none-match':
      case 'if-modified-since':
      case 'if-match':
      case 'if-unmodified-since':
      case 'if-range':
      case 'range':
        return true;
      case 'cache-control':
      case 'pragma': {
        const directives = directiveNames(value);
        if (directives.has('no-cache') || directives.has('no-store')) return true;
        break;
      }
    }
  }
  return false;
}
