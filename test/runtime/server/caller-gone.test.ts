// CallerGone, the cancel signal the request handler gives the executor: listeners registered
// when the caller disconnects are told once; removed ones are not; the client sees a caller abort.
import { describe, expect, it } from 'vitest';
import { CallerGone } from '../../../runtime/server/caller-gone.js';

function listener(): { handleEvent(): void; calls: number } {
  return {
    calls: 0,
    handleEvent() {
      this.calls++;
    },
  };
}

describe('CallerGone', () => {
  it('tells the registered listeners once, and not those removed before', () => {
    const gone = new CallerGone();
    const kept = listener();
    const removed = listener();
    gone.addEventListener('abort', kept);
    gone.addEventListener('abort', removed);
    gone.removeEventListener('abort', removed);
    expect(gone.aborted).toBe(false);
    gone.abort();
    gone.abort();
    expect(gone.aborted).toBe(true);
    expect(kept.calls).toBe(1);
    expect(removed.calls).toBe(0);
  });

  it('gives a reason that is not a timeout, so the upstream failure reads as a caller abort', () => {
    const gone = new CallerGone();
    expect(gone.reason).toBeUndefined();
    gone.abort();
    expect(gone.reason).toBeInstanceOf(Error);
    expect((gone.reason as Error).name).not.toBe('TimeoutError');
  });
});
