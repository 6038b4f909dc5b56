// One token fetch per credential across every process sharing a Redis (a fleet behind a load
// balancer), on top of the per-process single flight of ./token-provider.ts:
//   - the first process to miss takes a lock `<key>:lock` (SET NX PX) holding a fencing number
//     from `<key>:fence` (INCR), checks once more for a stored token, fetches, and stores the token
//     with its fence; the store is refused when a token with a later fence is already there (a
//     holder whose lock expired mid-fetch never overwrites its successor's token);
//   - the others poll for the token the winner stores and use it; when the lock goes without a
//     token (the fetch failed, or the holder died and the lock expired) one of them takes over;
//   - the lock expires after `lockTtlMs` (longer than a token request may take), so a holder that
//     dies blocks nobody beyond that.
// Redis failing at any point makes this process fetch for itself (per-process behaviour): Redis is
// an accelerator, never a reason for a request to fail.
import type { Redis } from 'ioredis';
import type { CachedToken } from './token-cache.js';

export interface RedisTokenLockOptions {
  readonly client: Redis;
  /** Called with every failed Redis command (the fetch then happens without the lock). */
  readonly onError: (operation: string, err: unknown) => void;
  /** Epoch ms. */
  readonly now: () => number;
  /** How long a holder keeps the lock at most: more than one token request may take. */
  readonly lockTtlMs: number;
  /** How often a waiting process looks for the winner's token. Default 25 ms. */
  readonly pollMs?: number;
}

/** Reads and writes of the token value itself (./redis-token-cache.ts owns its format). */
export interface StoredTokenAccess {
  /** The live token stored under `key`, or undefined. Throws when Redis fails. */
  read(key: string, text: string | null): CachedToken | undefined;
  /** The stored form of `token` with its fence. */
  encode(token: CachedToken, fence: number): string;
}

export interface LockedFetch {
  readonly token: CachedToken;
  /** True when Redis already has the key's token (this one, or a later fence's): no plain write needed. */
  readonly inRedis: boolean;
}

export interface RedisTokenLock {
  /** `fetchToken()` once across the fleet for `key`, or the token another process fetched meanwhile. */
  fetchOnce(key: string, fetchToken: () => Promise<CachedToken>): Promise<LockedFetch>;
}

// KEYS: lock, fence. ARGV: lock ttl ms, fence key ttl ms. Returns the new fence, or 0 when held.
const ACQUIRE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local fence = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
return fence`;

// KEYS: token, lock. ARGV: stored value, its fence, ttl ms. Stores unless a later fence already
// stored a token; releases the lock when it still holds this fence. Returns 1 when stored.
const STORE_FENCED = `local stored = 0
local current = redis.call('GET', KEYS[1])
local newer = false
if current then
  local ok, value = pcall(cjson.decode, current)
  if ok and type(value) == 'table' and tonumber(value.fence) and tonumber(value.fence) > tonumber(ARGV[2]) then newer = true end
end
if not newer then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
  stored = 1
end
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return stored`;

// KEYS: lock. ARGV: fence. Releases the lock only while it holds this fence.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The fence counter outlives any token stored under it (a day), so fences only grow. */
const FENCE_TTL_MS = 24 * 60 * 60 * 1000;

export const lockKeyOf = (key: string) => `${key}:lock`;
export const fenceKeyOf = (key: string) => `${key}:fence`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createRedisTokenLock(options: RedisTokenLockOptions, access: StoredTokenAccess): RedisTokenLock {
  const { client, onError, now, lockTtlMs } = options;
  const pollMs = options.pollMs ?? 25;

  /** The winner's path: the lock is ours with `fence`. */
  async function fetchHolding(key: string, fence: number, fetchToken: () => Promise<CachedToken>): Promise<LockedFetch> {
    // Another process may have stored a token between this process' miss and taking the lock.
    let stored: CachedToken | undefined;
    try {
      stored = access.read(key, await client.get(key));
    } catch (err) {
      onError('lock-read', err);
    }
    if (stored !== undefined) {
      await client.eval(RELEASE, 1, lockKeyOf(key), String(fence)).catch((err: unknown) => onError('lock-release', err));
      return { token: stored, inRedis: true };
    }
    let token: CachedToken;
    try {
      token = await fetchToken();
    } catch (err) {
      // Let a waiting process try at once rather than after the lock's expiry.
      await client.eval(RELEASE, 1, lockKeyOf(key), String(fence)).catch((e: unknown) => onError('lock-release', e));
      throw err;
    }
    const ttlMs = Math.floor(token.expiresAt - now());
    try {
      if (ttlMs > 0) await client.eval(STORE_FENCED, 2, key, lockKeyOf(key), access.encode(token, fence), String(fence), String(ttlMs));
      else await client.eval(RELEASE, 1, lockKeyOf(key), String(fence));
      // Stored, or refused for a later fence's token: either way Redis holds what it should.
      return { token, inRedis: true };
    } catch (err) {
      onError('lock-store', err);
      return { token, inRedis: false };
    }
  }

  return {
    async fetchOnce(key, fetchToken) {
      // A process never waits longer than a holder may hold the lock, plus one more turn.
      const deadline = now() + 2 * lockTtlMs;
      for (;;) {
        let fence: number;
        try {
          fence = Number(await client.eval(ACQUIRE, 2, lockKeyOf(key), fenceKeyOf(key), String(lockTtlMs), String(FENCE_TTL_MS)));
        } catch (err) {
          onError('lock-acquire', err);
          return { token: await fetchToken(), inRedis: false };
        }
        if (fence > 0) return fetchHolding(key, fence, fetchToken);

        // Another process holds the lock: wait for its token, or for the lock to go.
        for (;;) {
          if (now() > deadline) return { token: await fetchToken(), inRedis: false };
          await sleep(pollMs);
          let answers: [Error | null, unknown][] | null;
          try {
            answers = await client.multi().get(key).exists(lockKeyOf(key)).exec();
          } catch (err) {
            onError('lock-wait', err);
            return { token: await fetchToken(), inRedis: false };
          }
          const [tokenAnswer, lockAnswer] = answers ?? [];
          if (tokenAnswer === undefined || lockAnswer === undefined || tokenAnswer[0] !== null || lockAnswer[0] !== null) {
            onError('lock-wait', tokenAnswer?.[0] ?? lockAnswer?.[0] ?? new Error('transaction aborted'));
            return { token: await fetchToken(), inRedis: false };
          }
          const token = access.read(key, tokenAnswer[1] as string | null);
          if (token !== undefined) return { token, inRedis: true };
          if (lockAnswer[1] === 0) break; // released or expired without a token: try to take it
        }
      }
    },
  };
}
