// The caller-side limits and the per-origin bound as server options: flags, CONDUIT_* variables,
// defaults, and the problems reported for values that cannot work.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_OPTIONS, parseServerOptions } from '../../../runtime/options.js';

describe('limit options', () => {
  it('default to bounded values: 10 s for the head, 30 s for the whole request, 5 s keep-alive, 512 per origin', () => {
    expect(DEFAULT_SERVER_OPTIONS).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConcurrentPerOrigin: 512 });
  });

  it('read flags and CONDUIT_* variables, a flag winning over its variable', () => {
    const parsed = parseServerOptions(
      ['--headers-timeout-ms', '2000', '--request-timeout-ms=4000', '--max-concurrent-per-origin', '8'],
      { CONDUIT_KEEP_ALIVE_TIMEOUT_MS: '700', CONDUIT_MAX_CONCURRENT_PER_ORIGIN: '99', CONDUIT_HEADERS_TIMEOUT_MS: '1' },
    );
    expect(parsed.ok && parsed.options).toMatchObject({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 700, maxConcurrentPerOrigin: 8 });
  });

  it('refuse zero, non-numbers, and a head timeout longer than the request timeout, all at once', () => {
    const parsed = parseServerOptions(['--max-concurrent-per-origin', '0', '--keep-alive-timeout-ms', 'soon', '--headers-timeout-ms', '5000', '--request-timeout-ms', '1000'], {});
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      '--max-concurrent-per-origin must be between 1 and 1000000, got 0',
      "--keep-alive-timeout-ms must be a whole number, got 'soon'",
      '--headers-timeout-ms (5000) must not exceed --request-timeout-ms (1000)',
    ]);
  });
});
