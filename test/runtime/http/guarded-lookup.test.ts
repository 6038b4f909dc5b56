// The DNS half of the SSRF guard, driven by a scripted resolver: every answer is checked, in both
// lookup forms node:net uses (single address, and `all: true` for happy eyeballs).
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BlockedAddressError, guardedLookup } from '../../../runtime/http/guarded-lookup.js';

type Answer = { readonly err: NodeJS.ErrnoException } | { readonly addresses: readonly LookupAddress[] };

/** A resolver that gives the scripted answers in turn, in whichever form it is asked for. */
function scriptedResolver(...answers: Answer[]): LookupFunction & { calls: number } {
  const resolver = ((_hostname: string, options: LookupOptions, callback: Parameters<LookupFunction>[2]) => {
    const answer = answers[Math.min(resolver.calls++, answers.length - 1)]!;
    if ('err' in answer) callback(answer.err, '', 0);
    else if (options.all) callback(null, [...answer.addresses]);
    else callback(null, answer.addresses[0]!.address, answer.addresses[0]!.family);
  }) as LookupFunction & { calls: number };
  resolver.calls = 0;
  return resolver;
}

interface LookupResult {
  readonly err: NodeJS.ErrnoException | null;
  readonly address: string | LookupAddress[];
}

function lookupOnce(lookup: LookupFunction, all: boolean): Promise<LookupResult> {
  return new Promise((resolve) => lookup('rebind.test', { all }, (err, address) => resolve({ err, address })));
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

describe('guardedLookup', () => {
  it.each([false, true])('passes public answers through unchanged (all: %s)', async (all) => {
    const result = await lookupOnce(guardedLookup(scriptedResolver({ addresses: [v4('93.184.216.34'), v6('2606:2800:220:1::1')] })), all);
    expect(result.err).toBeNull();
    expect(result.address).toEqual(all ? [v4('93.184.216.34'), v6('2606:2800:220:1::1')] : '93.184.216.34');
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
  ] as const)('refuses an answer of %s (%s)', async (address, range) => {
    for (const all of [false, true]) {
      const { err } = await lookupOnce(guardedLookup(scriptedResolver({ addresses: [v4(address)] })), all);
      expect(err).toBeInstanceOf(BlockedAddressError);
      expect((err as BlockedAddressError).range).toBe(range);
      expect(err!.message).toBe(`upstream address is in a forbidden range (${range})`);
    }
  });

  it.each([
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd12::1', 'private'],
  ] as const)('refuses an IPv6 answer of %s (%s)', async (address, range) => {
    const { err } = await lookupOnce(guardedLookup(scriptedResolver({ addresses: [v6(address)] })), true);
    expect((err as BlockedAddressError).range).toBe(range);
  });

  it('refuses the whole answer when any address in it is forbidden', async () => {
    const resolver = scriptedResolver({ addresses: [v4('93.184.216.34'), v4('127.0.0.1')] });
    const { err } = await lookupOnce(guardedLookup(resolver), true);
    expect((err as BlockedAddressError).range).toBe('loopback');
  });

  it('checks every resolution: a name that rebinds to a private address on the next lookup is refused then', async () => {
    const resolver = scriptedResolver({ addresses: [v4('93.184.216.34')] }, { addresses: [v4('127.0.0.1')] });
    const lookup = guardedLookup(resolver);
    expect((await lookupOnce(lookup, false)).err).toBeNull();
    expect(((await lookupOnce(lookup, false)).err as BlockedAddressError).range).toBe('loopback');
    expect(resolver.calls).toBe(2);
  });

  it('passes resolver errors through', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND rebind.test'), { code: 'ENOTFOUND' });
    const { err } = await lookupOnce(guardedLookup(scriptedResolver({ err: notFound })), false);
    expect(err).toBe(notFound);
  });

  it('uses the system resolver by default and still refuses loopback answers', async () => {
    const result = await new Promise<LookupResult>((resolve) =>
      guardedLookup()('localhost', { all: true }, (err, address) => resolve({ err, address })),
    );
    expect(result.err).toBeInstanceOf(BlockedAddressError);
    expect((result.err as BlockedAddressError).range).toBe('loopback');
  });
});
