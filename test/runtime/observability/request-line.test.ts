// The request line written by hand (runtime/observability/request-line.ts) is the line pino writes
// for the same fields: same keys, values and order, a child's bindings included, the level
// filter applied, and it passes the logger's secret scrubber.
import { describe, expect, it } from 'vitest';
import { createRuntimeLogger } from '../../../runtime/observability/logger.js';
import { writeRequestLine, type RequestLine } from '../../../runtime/observability/request-line.js';
import { createRedactor } from '../../../runtime/secrets/redactor.js';

function collecting(level = 'info', secrets: string[] = []) {
  const lines: string[] = [];
  const { logger } = createRuntimeLogger({ level, destination: { write: (line: string) => lines.push(line) }, redact: createRedactor(secrets) });
  return { logger, lines };
}

const withoutTime = (line: string) => {
  const parsed = JSON.parse(line) as Record<string, unknown>;
  expect(typeof parsed['time']).toBe('number');
  delete parsed['time'];
  return parsed;
};

const LINE: RequestLine = {
  requestId: 'req-1',
  method: 'POST',
  path: '/api/connectors/composite/a "quoted" \u2028 path',
  connector: 'pair',
  status: 502,
  durationMs: 12.3456,
  steps: [
    { name: 'one', index: 0, statusCode: 200, durationMs: 1.006 },
    { name: 'two', index: 1, statusCode: null, durationMs: 0.1 },
  ],
  scope: 'Step 2 (two): Network',
  detail: 'connect ECONNREFUSED',
  error: undefined,
};

describe('request line', () => {
  it('is the line pino writes for the same fields, bindings included', () => {
    const { logger, lines } = collecting();
    const child = logger.child({ pid: 4242 });
    for (const target of [logger, child]) {
      writeRequestLine(target, 'error', LINE);
      target.error(
        {
          request_id: 'req-1',
          method: 'POST',
          path: LINE.path,
          connector: 'pair',
          status: 502,
          duration_ms: 12.35,
          steps: [
            { name: 'one', status: 200, duration_ms: 1.01 },
            { name: 'two', status: null, duration_ms: 0.1 },
          ],
          scope: LINE.scope,
          detail: LINE.detail,
        },
        'request',
      );
    }
    expect(lines).toHaveLength(4);
    for (let i = 0; i < 4; i += 2) {
      expect(lines[i]!.endsWith('\n')).toBe(true);
      expect(Object.entries(withoutTime(lines[i]!))).toEqual(Object.entries(withoutTime(lines[i + 1]!)));
    }
    expect(JSON.parse(lines[2]!)).toMatchObject({ pid: 4242, level: 50, msg: 'request' });
  });

  it('writes nothing below the level, and without failure fields when there are none', () => {
    const quiet = collecting('error');
    writeRequestLine(quiet.logger, 'info', LINE);
    expect(quiet.lines).toEqual([]);
    const plain = collecting();
    writeRequestLine(plain.logger, 'info', { ...LINE, status: 200, steps: undefined, scope: undefined, detail: null, error: 'caller left' });
    expect(withoutTime(plain.lines[0]!)).toEqual({
      level: 30,
      request_id: 'req-1',
      method: 'POST',
      path: LINE.path,
      connector: 'pair',
      status: 200,
      duration_ms: 12.35,
      error: 'caller left',
      msg: 'request',
    });
  });

  it('goes through the secret scrubber', () => {
    const { logger, lines } = collecting('info', ['s3cret-value-123']);
    writeRequestLine(logger, 'error', { ...LINE, detail: 'upstream said s3cret-value-123 and Bearer abc.def' });
    expect(lines[0]).not.toContain('s3cret-value-123');
    expect(lines[0]).not.toContain('abc.def');
  });
});
