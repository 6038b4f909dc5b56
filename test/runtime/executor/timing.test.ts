import { describe, expect, it } from 'vitest';
import {
  compositeConnectorTiming,
  compositeServerTiming,
  ExecutionClock,
  regularConnectorTiming,
  regularServerTiming,
  regularTimingFigures,
  roundMs,
  upstreamHostOf,
} from '../../../runtime/executor/timing.js';

const steps = [
  { name: 'fetch-user', index: 0, statusCode: 200, durationMs: 12.3456 },
  { name: 'post', index: 1, statusCode: null, durationMs: 0.004 },
];

describe('composite timing headers', () => {
  it('writes Server-Timing as step.<name>;dur=<ms>;desc="Step: <name>" per step and total;desc="Total"', () => {
    expect(compositeServerTiming(steps, 14.999)).toBe('step.fetch-user;dur=12.35;desc="Step: fetch-user", step.post;dur=0;desc="Step: post", total;dur=15;desc="Total"');
    expect(compositeServerTiming([], 1.234)).toBe('total;dur=1.23;desc="Total"');
  });

  it('writes X-Connector-Timing with request_id first, snake_case keys and null for a status never received', () => {
    const text = compositeConnectorTiming('req-1', steps, 14.999);
    expect(text).toBe(
      '{"request_id":"req-1","total_ms":15,"steps":[{"name":"fetch-user","index":0,"status_code":200,"duration_ms":12.35},{"name":"post","index":1,"status_code":null,"duration_ms":0}]}',
    );
    expect(JSON.parse(text)).toEqual({
      request_id: 'req-1',
      total_ms: 15,
      steps: [
        { name: 'fetch-user', index: 0, status_code: 200, duration_ms: 12.35 },
        { name: 'post', index: 1, status_code: null, duration_ms: 0 },
      ],
    });
  });

  it('rounds to two decimals', () => {
    expect(roundMs(1.005)).toBeCloseTo(1.0, 2);
    expect(roundMs(2.675)).toBeCloseTo(2.68, 2);
  });
});

describe('regular connector timing headers', () => {
  const clock = (): ExecutionClock => {
    const c = new ExecutionClock();
    c.setupMs = 1.111;
    c.transformMs = 0.5;
    c.cacheMs = 0.25;
    c.externalMs = 20.004;
    c.lastUpstreamUrl = 'https://api.example.com:8443/v1/x?y=1';
    c.cache = 'miss';
    return c;
  };

  it('splits total into internal + external exactly, after rounding', () => {
    const f = regularTimingFigures(clock(), 23.337);
    expect(f.totalMs).toBe(23.34);
    expect(f.externalMs).toBe(20);
    expect(f.internalMs).toBe(3.34);
    expect(roundMs(f.internalMs + f.externalMs)).toBe(f.totalMs);
  });

  it('writes setup, transform, cache, external (host without port) and total with desc', () => {
    expect(regularServerTiming(regularTimingFigures(clock(), 23.337))).toBe(
      'setup;dur=1.11;desc="Setup", transform;dur=0.5;desc="Template", cache;dur=0.25;desc="Cache Miss", external;dur=20;desc="api.example.com", total;dur=23.34;desc="Total"',
    );
  });

  it('says "Timeout" for an upstream that did not answer in time, and Cache Hit for a hit', () => {
    const c = clock();
    c.timedOut = true;
    c.cache = 'hit';
    expect(regularServerTiming(regularTimingFigures(c, 30))).toContain('cache;dur=0.25;desc="Cache Hit", external;dur=20;desc="Timeout", total;dur=30;desc="Total"');
  });

  it('leaves out `external` when no upstream was reached', () => {
    const c = new ExecutionClock();
    expect(regularServerTiming(regularTimingFigures(c, 1))).toBe('setup;dur=0;desc="Setup", transform;dur=0;desc="Template", cache;dur=0;desc="Cache Miss", total;dur=1;desc="Total"');
  });

  it('writes the X-Connector-Timing schema, with external_host, timeout and error only when they apply', () => {
    expect(regularConnectorTiming('r', regularTimingFigures(clock(), 23.337), null)).toBe(
      '{"request_id":"r","total_ms":23.34,"internal_ms":3.34,"external_ms":20,"breakdown":{"setup_ms":1.11,"transform_ms":0.5,"cache_ms":0.25,"http_request_ms":20},"cache_hit":false,"cache":"miss","external_host":"api.example.com"}',
    );
    const c = clock();
    c.timedOut = true;
    expect(JSON.parse(regularConnectorTiming('r', regularTimingFigures(c, 25), 'The upstream service did not answer in time'))).toMatchObject({
      timeout: true,
      error: 'The upstream service did not answer in time',
    });
    expect(JSON.parse(regularConnectorTiming('r', regularTimingFigures(new ExecutionClock(), 1), null))).not.toHaveProperty('external_host');
  });

  it('reports IPv6 hosts without brackets and nothing for an unparsable URL', () => {
    expect(upstreamHostOf('https://[::1]:8443/x')).toBe('::1');
    expect(upstreamHostOf('not a url')).toBeNull();
    expect(upstreamHostOf(null)).toBeNull();
  });
});
