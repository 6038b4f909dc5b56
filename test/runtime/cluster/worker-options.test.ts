// `--workers N` / CONDUIT_WORKERS: a count, or 'auto' for one per CPU.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveWorkerCount } from '../../../runtime/cluster/worker-count.js';
import { DEFAULT_SERVER_OPTIONS, parseServerOptions } from '../../../runtime/options.js';

describe('--workers', () => {
  it('serves in one process by default', () => {
    expect(DEFAULT_SERVER_OPTIONS.workers).toBe(1);
    expect(resolveWorkerCount(DEFAULT_SERVER_OPTIONS.workers)).toBe(1);
  });

  it('reads a count or auto from the flag or CONDUIT_WORKERS', () => {
    const fromEnv = parseServerOptions([], { CONDUIT_WORKERS: '4' });
    expect(fromEnv.ok && fromEnv.options.workers).toBe(4);
    const auto = parseServerOptions(['--workers', 'auto'], { CONDUIT_WORKERS: '4' });
    expect(auto.ok && auto.options.workers).toBe('auto');
    expect(resolveWorkerCount('auto')).toBe(availableParallelism());
  });

  it('refuses counts outside 1..256 and other words', () => {
    for (const value of ['0', '257', 'many', '-2']) {
      const parsed = parseServerOptions(['--workers', value], {});
      expect(parsed.ok, value).toBe(false);
    }
  });
});
