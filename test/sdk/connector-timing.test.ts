// X-Connector-Timing (SPEC §5) is parsed only when it has the documented shape.
import { describe, expect, test } from 'vitest';
import { parseConnectorTiming } from '../../sdk/src/connector-timing.js';

describe('parseConnectorTiming', () => {
  test('reads steps and total', () => {
    const header = '{"steps":[{"name":"auth","index":0,"status_code":200,"duration_ms":4.2}],"total_ms":5}';
    expect(parseConnectorTiming(header)).toEqual({ steps: [{ name: 'auth', index: 0, status_code: 200, duration_ms: 4.2 }], total_ms: 5 });
  });

  test('a step that got no answer may have a null or missing status', () => {
    const header = '{"steps":[{"name":"a","index":0,"status_code":null,"duration_ms":1},{"name":"b","index":1,"duration_ms":2}],"total_ms":3}';
    expect(parseConnectorTiming(header)?.steps?.map((s) => s.status_code)).toEqual([null, null]);
  });

  test("reads a regular connector's split, breakdown and flags", () => {
    const header =
      '{"request_id":"r-1","total_ms":23.34,"internal_ms":3.34,"external_ms":20,"breakdown":{"setup_ms":1.11,"transform_ms":0.5,"cache_ms":0.25,"http_request_ms":20},"cache_hit":false,"cache":"miss","external_host":"api.example.com","timeout":true,"error":"late"}';
    expect(parseConnectorTiming(header)).toEqual({
      request_id: 'r-1',
      total_ms: 23.34,
      internal_ms: 3.34,
      external_ms: 20,
      breakdown: { setup_ms: 1.11, transform_ms: 0.5, cache_ms: 0.25, http_request_ms: 20 },
      cache_hit: false,
      external_host: 'api.example.com',
      timeout: true,
      error: 'late',
    });
  });

  test('fields beyond the documented ones are dropped', () => {
    const header = '{"steps":[{"name":"a","index":0,"status_code":200,"duration_ms":1,"extra":true}],"total_ms":1,"more":1}';
    expect(parseConnectorTiming(header)).toEqual({ steps: [{ name: 'a', index: 0, status_code: 200, duration_ms: 1 }], total_ms: 1 });
  });

  test.each([
    ['absent', null],
    ['empty', ''],
    ['not JSON', 'step.auth;dur=4'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['steps not an array', '{"steps":{},"total_ms":1}'],
    ['total missing', '{"steps":[]}'],
    ['total not a number', '{"total_ms":"1","internal_ms":1}'],
    ['a step without a name', '{"steps":[{"index":0,"status_code":200,"duration_ms":1}],"total_ms":1}'],
    ['a string status', '{"steps":[{"name":"a","index":0,"status_code":"200","duration_ms":1}],"total_ms":1}'],
    ['a step that is not an object', '{"steps":[1],"total_ms":1}'],
  ])('%s gives undefined', (_name, header) => {
    expect(parseConnectorTiming(header)).toBeUndefined();
  });
});
