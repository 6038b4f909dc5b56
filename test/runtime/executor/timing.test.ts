import { describe, expect, it } from 'vitest';
import { connectorTimingHeader, roundMs, serverTimingHeader } from '../../../runtime/executor/timing.js';

const steps = [
  { name: 'fetch-user', index: 0, statusCode: 200, durationMs: 12.3456 },
  { name: 'post', index: 1, statusCode: null, durationMs: 0.004 },
];

describe('timing headers', () => {
  it('writes Server-Timing as step.<name>;dur=<ms> per step and total', () => {
    expect(serverTimingHeader(steps, 14.999)).toBe('step.fetch-user;dur=12.35, step.post;dur=0, total;dur=15');
    expect(serverTimingHeader([], 1.234)).toBe('total;dur=1.23');
  });

  it('writes X-Connector-Timing JSON with snake_case keys and null for a status never received', () => {
    expect(JSON.parse(connectorTimingHeader(steps, 14.999))).toEqual({
      steps: [
        { name: 'fetch-user', index: 0, status_code: 200, duration_ms: 12.35 },
        { name: 'post', index: 1, status_code: null, duration_ms: 0 },
      ],
      total_ms: 15,
    });
  });

  it('rounds to two decimals', () => {
    expect(roundMs(1.005)).toBeCloseTo(1.0, 2);
    expect(roundMs(2.675)).toBeCloseTo(2.68, 2);
  });
});
