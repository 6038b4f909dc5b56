import { describe, expect, it } from 'vitest';
import { createMemoryTokenCache } from '../../../runtime/auth/memory-token-cache.js';
import type { CachedToken, TokenCache } from '../../../runtime/auth/token-cache.js';
import { tokenCacheKey } from '../../../runtime/auth/token-cache-key.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, tokenExpiresAt } from '../../../runtime/auth/token-lifetime.js';
import { createTokenProvider } from '../../../runtime/auth/token-provider.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('tokenExpiresAt', () => {
  it('subtracts 60 s from the lifetime (SPEC §4)', () => {
    expect(tokenExpiresAt(0, 3600)).toBe(3_540_000);
    expect(tokenExpiresAt(1000, 300)).toBe(1000 + 240_000);
  });
  it('gives no usable lifetime for 60 s or less, zero or negative expires_in', () => {
    expect(tokenExpiresAt(500, 60)).toBeLessThanOrEqual(500);
    expect(tokenExpiresAt(500, 2)).toBeLessThanOrEqual(500);
    expect(tokenExpiresAt(500, 0)).toBeLessThanOrEqual(500);
    expect(tokenExpiresAt(500, -10)).toBeLessThanOrEqual(500);
  });
  it('defaults to 300 s when the endpoint omits expires_in', () => {
    expect(DEFAULT_TOKEN_LIFETIME_SECONDS).toBe(300);
  });
});

describe('tokenCacheKey', () => {
  it('differs per tenant and per rendered config value, and never contains the values', () => {
    const a = tokenCacheKey('oauth_client_credentials', 't1', ['https://idp/token', 'id', 'very-secret-value']);
    expect(a).not.toContain('very-secret-value');
    expect(tokenCacheKey('oauth_client_credentials', 't2', ['https://idp/token', 'id', 'very-secret-value'])).not.toBe(a);
    expect(tokenCacheKey('oauth_client_credentials', 't1', ['https://idp/token', 'id', 'other'])).not.toBe(a);
    expect(tokenCacheKey('oauth_client_credentials', null, ['https://idp/token', 'id', 'very-secret-value'])).not.toBe(a);
    expect(tokenCacheKey('oauth_client_credentials', 't1', ['https://idp/token', 'id', 'very-secret-value'])).toBe(a);
    // Joining cannot make two different configs collide.
    expect(tokenCacheKey('x', null, ['a,b', 'c'])).not.toBe(tokenCacheKey('x', null, ['a', 'b,c']));
  });
});

describe('createMemoryTokenCache', () => {
  it('returns a stored token until it expires, then forgets it', async () => {
    let now = 1000;
    const cache = createMemoryTokenCache({ now: () => now });
    await cache.set('k', { accessToken: 't', expiresAt: 2000 });
    expect(await cache.get('k')).toEqual({ accessToken: 't', expiresAt: 2000 });
    now = 2000;
    expect(await cache.get('k')).toBeUndefined();
    now = 1000;
    expect(await cache.get('k')).toBeUndefined();
  });
  it('deletes only while the entry still holds the given token', async () => {
    const cache = createMemoryTokenCache({ now: () => 0 });
    await cache.set('k', { accessToken: 'new', expiresAt: 10 });
    await cache.delete('k', 'old');
    expect((await cache.get('k'))?.accessToken).toBe('new');
    await cache.delete('k', 'new');
    expect(await cache.get('k')).toBeUndefined();
  });
  it('is bounded', async () => {
    const cache = createMemoryTokenCache({ now: () => 0, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.set(k, { accessToken: k, expiresAt: 10 });
    expect(await cache.get('a')).toBeUndefined();
    expect((await cache.get('c'))?.accessToken).toBe('c');
  });
});

describe('createTokenProvider', () => {
  it('shares one fetch among concurrent requests (single-flight) and then serves from the cache', async () => {
    const now = () => 0;
    const provider = createTokenProvider(createMemoryTokenCache({ now }), now);
    const gate = deferred<CachedToken>();
    let fetches = 0;
    const fetch = () => {
      fetches += 1;
      return gate.promise;
    };
    const leases = Promise.all(Array.from({ length: 50 }, () => provider.obtain('k', fetch)));
    await new Promise((r) => setTimeout(r, 10));
    gate.resolve({ accessToken: 'T1', expiresAt: 100 });
    const all = await leases;
    expect(fetches).toBe(1);
    expect(new Set(all.map((l) => l.accessToken))).toEqual(new Set(['T1']));
    expect(all.every((l) => !l.fromCache)).toBe(true);
    const later = await provider.obtain('k', fetch);
    expect(later).toMatchObject({ accessToken: 'T1', fromCache: true });
    expect(fetches).toBe(1);
  });

  it('fetches again once the cached token has expired', async () => {
    let t = 0;
    const provider = createTokenProvider(createMemoryTokenCache({ now: () => t }), () => t);
    let n = 0;
    const fetch = () => Promise.resolve({ accessToken: `T${++n}`, expiresAt: t + 100 });
    expect((await provider.obtain('k', fetch)).accessToken).toBe('T1');
    t = 99;
    expect((await provider.obtain('k', fetch)).accessToken).toBe('T1');
    t = 100;
    expect((await provider.obtain('k', fetch)).accessToken).toBe('T2');
  });

  it('shares a failure with every waiter, caches nothing, and lets the next request try again', async () => {
    const provider = createTokenProvider(createMemoryTokenCache({ now: () => 0 }), () => 0);
    let fetches = 0;
    const failing = () => {
      fetches += 1;
      return new Promise<CachedToken>((_, reject) => setTimeout(() => reject(new Error('boom')), 5));
    };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => provider.obtain('k', failing)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(fetches).toBe(1);
    const lease = await provider.obtain('k', () => Promise.resolve({ accessToken: 'OK', expiresAt: 10 }));
    expect(lease).toMatchObject({ accessToken: 'OK', fromCache: false });
  });

  it('does not cache a token that is already expired (expires_in 0)', async () => {
    const provider = createTokenProvider(createMemoryTokenCache({ now: () => 50 }), () => 50);
    let n = 0;
    const fetch = () => Promise.resolve({ accessToken: `T${++n}`, expiresAt: 50 });
    await provider.obtain('k', fetch);
    expect((await provider.obtain('k', fetch)).accessToken).toBe('T2');
  });

  it('invalidate() evicts the token at once, even when the cache deletes asynchronously', async () => {
    const stored = new Map<string, CachedToken>();
    // A cache whose deletes land late, as a remote store's might.
    const slowCache: TokenCache = {
      get: (k) => Promise.resolve(stored.get(k)),
      set: (k, v) => (stored.set(k, v), Promise.resolve()),
      delete: (k, token) =>
        new Promise((r) =>
          setTimeout(() => {
            if (stored.get(k)?.accessToken === token) stored.delete(k);
            r();
          }, 50),
        ),
    };
    const provider = createTokenProvider(slowCache, () => 0);
    let n = 0;
    const fetch = () => Promise.resolve({ accessToken: `T${++n}`, expiresAt: 100 });
    await provider.obtain('k', fetch);
    const cached = await provider.obtain('k', fetch);
    expect(cached).toMatchObject({ accessToken: 'T1', fromCache: true });
    cached.invalidate();
    const retried = await provider.obtain('k', fetch);
    expect(retried).toMatchObject({ accessToken: 'T2', fromCache: false });
    // The late delete of T1 must not remove T2.
    await new Promise((r) => setTimeout(r, 80));
    expect(await provider.obtain('k', fetch)).toMatchObject({ accessToken: 'T2', fromCache: true });
  });

  it('an eviction of an old token does not remove a newer one', async () => {
    const provider = createTokenProvider(createMemoryTokenCache({ now: () => 0 }), () => 0);
    let n = 0;
    const fetch = () => Promise.resolve({ accessToken: `T${++n}`, expiresAt: 100 });
    await provider.obtain('k', fetch);
    const a = await provider.obtain('k', fetch);
    const b = await provider.obtain('k', fetch);
    a.invalidate();
    const fresh = await provider.obtain('k', fetch);
    expect(fresh.accessToken).toBe('T2');
    b.invalidate(); // a second request that also saw T1 fail
    expect(await provider.obtain('k', fetch)).toMatchObject({ accessToken: 'T2', fromCache: true });
  });
});
