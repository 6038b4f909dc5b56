// The cache options of `conduit serve` / `node dist/server.mjs`, from flags and CONDUIT_* variables.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_OPTIONS, parseServerOptions, serverOptionsHelp } from '../../../runtime/options.js';

describe('cache options', () => {
  it('defaults to a 64 MiB in-memory cache of entries up to 2 MiB, without Redis', () => {
    expect(DEFAULT_SERVER_OPTIONS).toMatchObject({ redisUrl: null, cacheMaxBytes: 64 * 1024 * 1024, cacheMaxEntryBytes: 2 * 1024 * 1024 });
  });

  it('reads --redis-url, --cache-max-bytes and --cache-max-entry-bytes, flags winning over the environment', () => {
    const parsed = parseServerOptions(['--redis-url', 'rediss://user:pw@cache.internal:6380/2', '--cache-max-bytes', '0'], {
      CONDUIT_REDIS_URL: 'redis://ignored:6379',
      CONDUIT_CACHE_MAX_BYTES: '1000',
      CONDUIT_CACHE_MAX_ENTRY_BYTES: '4096',
    });
    expect(parsed.ok && parsed.options).toMatchObject({ redisUrl: 'rediss://user:pw@cache.internal:6380/2', cacheMaxBytes: 0, cacheMaxEntryBytes: 4096 });
  });

  it('refuses URLs that are not Redis URLs and sizes out of range', () => {
    const parsed = parseServerOptions(['--redis-url', 'http://cache:6379', '--cache-max-bytes', '-1', '--cache-max-entry-bytes', '0'], {});
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      '--redis-url must be a redis:// or rediss:// URL',
      "--cache-max-bytes must be a whole number, got '-1'",
      '--cache-max-entry-bytes must be between 1 and 1073741824, got 0',
    ]);
  });

  it('lists the options in --help with their variables', () => {
    const help = serverOptionsHelp();
    for (const env of ['CONDUIT_REDIS_URL', 'CONDUIT_CACHE_MAX_BYTES', 'CONDUIT_CACHE_MAX_ENTRY_BYTES']) expect(help).toContain(env);
  });
});
