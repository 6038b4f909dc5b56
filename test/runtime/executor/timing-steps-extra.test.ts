// The timing headers' additions of issue 17: start offsets of parallel steps, skipped and
// cancelled steps; entries without them are written exactly as before.
import { describe, expect, it } from 'vitest';
import { compositeConnectorTiming, compositeServerTiming, type StepTiming } from '../../../runtime/executor/timing.js';

const STEPS: StepTiming[] = [
  { name: 'a', index: 0, statusCode: null, durationMs: 12.345, startMs: 0.5, cancelled: true },
  { name: 'b', index: 1, statusCode: 503, durationMs: 3, startMs: 0.71 },
  { name: 'c', index: 2, statusCode: null, durationMs: 0.02, skipped: true },
  { name: 'd', index: 3, statusCode: 200, durationMs: 1, cache: 'miss' },
];

describe('timing headers with start offsets, skipped and cancelled steps', () => {
  it('Server-Timing adds start= where a step has an offset', () => {
    expect(compositeServerTiming(STEPS, 20)).toBe(
      'step.a;dur=12.35;start=0.5;desc="Step: a", step.b;dur=3;start=0.71;desc="Step: b", step.c;dur=0.02;desc="Step: c", step.d;dur=1;desc="Step: d", total;dur=20;desc="Total"',
    );
  });

  it('X-Connector-Timing adds start_ms, skipped and cancelled, and stays valid JSON', () => {
    const header = compositeConnectorTiming('5d0c7f6e-8a61-4a53-9a8e-3c1f0b2d4e6a', STEPS, 20);
    expect(JSON.parse(header)).toEqual({
      request_id: '5d0c7f6e-8a61-4a53-9a8e-3c1f0b2d4e6a',
      steps: [
        { name: 'a', index: 0, status_code: null, duration_ms: 12.35, start_ms: 0.5, cancelled: true },
        { name: 'b', index: 1, status_code: 503, duration_ms: 3, start_ms: 0.71 },
        { name: 'c', index: 2, status_code: null, duration_ms: 0.02, skipped: true },
        { name: 'd', index: 3, status_code: 200, duration_ms: 1, cache: 'miss' },
      ],
      total_ms: 20,
    });
  });
});
