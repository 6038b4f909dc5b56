// The DNS half of the SSRF guard: a `lookup` for net/tls.connect that refuses forbidden addresses.
// Node calls it for every new connection to a host name and connects only to what it answers, so
// the check applies to the address actually connected to, however often the name re-resolves
// (DNS rebinding). Literal IPs skip lookup in node:net; ./upstream-target.ts checks those.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { forbiddenRangeOf, type ForbiddenRange } from './address-policy.js';

/** A connection refused by the SSRF guard; carried through undici as the connection error. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'CONDUIT_BLOCKED_ADDRESS';
  constructor(readonly range: ForbiddenRange) {
    super(blockedAddressMessage(range));
  }
}

export function blockedAddressMessage(range: ForbiddenRange): string {
  return `upstream address is in a forbidden range (${range})`;
}

/**
 * Wraps a lookup so that an answer holding any forbidden address fails the connection.
 * Refusing the whole answer (rather than dropping the bad entries) keeps the rule simple:
 * a name that resolves to a private address is refused.
 */
export function guardedLookup(base: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (err, address, family) => {
      if (err) {
        callback(err, address, family);
        return;
      }
      const range = Array.isArray(address) ? firstForbidden(address) : forbiddenRangeOf(address);
      if (range !== null) {
        callback(new BlockedAddressError(range), '', 0);
        return;
      }
      callback(null, address, family);
    });
  };
}

function firstForbidden(addresses: readonly LookupAddress[]): ForbiddenRange | null {
  for (const entry of addresses) {
    const range = forbiddenRangeOf(entry.address);
    if (range !== null) return range;
  }
  return null;
}
