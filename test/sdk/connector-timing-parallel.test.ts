// The SDK keeps the timing fields of issue 17 (start_ms of parallel steps, skipped, cancelled)
// when it parses X-Connector-Timing for an error, and ignores them when malformed.
import { describe, expect, it } from 'vitest';
import { parseConnectorTiming } from '../../sdk/src/connector-timing.js';

describe('parseConnectorTiming with parallel and conditional steps', () => {
  it('keeps start_ms, skipped and cancelled', () => {
    const header = JSON.stringify({
      steps: [
        { name: 'a', index: 0, status_code: null, duration_ms: 9, start_ms: 0.4, cancelled: true },
        { name: 'b', index: 1, status_code: 503, duration_ms: 2, start_ms: 0.5 },
        { name: 'c', index: 2, status_code: null, duration_ms: 0, skipped: true },
      ],
      total_ms: 10,
    });
    expect(parseConnectorTiming(header)?.steps).toEqual([
      { name: 'a', index: 0, status_code: null, duration_ms: 9, start_ms: 0.4, cancelled: true },
      { name: 'b', index: 1, status_code: 503, duration_ms: 2, start_ms: 0.5 },
      { name: 'c', index: 2, status_code: null, duration_ms: 0, skipped: true },
    ]);
  });

  it('drops those fields when they have the wrong type', () => {
    const header = JSON.stringify({ steps: [{ name: 'a', index: 0, status_code: 200, duration_ms: 1, start_ms: '3', skipped: 'yes', cancelled: 1 }], total_ms: 1 });
    expect(parseConnectorTiming(header)?.steps).toEqual([{ name: 'a', index: 0, status_code: 200, duration_ms: 1 }]);
  });
});
