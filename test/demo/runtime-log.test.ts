// The runtime's JSON log lines as the demo prints them: one short line per request.
import { describe, expect, test } from 'vitest';
import { formatRuntimeLine } from '../../demo/runtime-log.js';

describe('formatRuntimeLine', () => {
  test('a request line names method, path, status, duration and each step', () => {
    const line = JSON.stringify({
      level: 30,
      time: 1,
      msg: 'request',
      method: 'POST',
      path: '/api/connectors/composite/profile-lookup',
      connector: 'profile-lookup',
      status: 200,
      duration_ms: 31.2,
      steps: [
        { name: 'fetch-user', status: 200, duration_ms: 18.1 },
        { name: 'fetch-preferences', status: 200, duration_ms: 11 },
      ],
    });
    expect(formatRuntimeLine(line)).toBe(
      'POST /api/connectors/composite/profile-lookup -> 200 in 31.2 ms [fetch-user 200 18.1 ms, fetch-preferences 200 11 ms]',
    );
  });

  test('a failed request adds its scope; a step without an answer shows -; a refusal shows its message', () => {
    const failed = JSON.stringify({
      level: 50,
      msg: 'request',
      method: 'GET',
      path: '/api/connectors/weather-now',
      status: 502,
      duration_ms: 15000,
      steps: [{ name: 'weather-now', status: null, duration_ms: 15000 }],
      scope: 'Downstream (network/external service)',
    });
    expect(formatRuntimeLine(failed)).toBe('GET /api/connectors/weather-now -> 502 in 15000 ms [weather-now - 15000 ms] Downstream (network/external service)');
    const refused = JSON.stringify({ level: 30, msg: 'request', method: 'GET', path: '/api/connectors/nope', status: 404, duration_ms: 0.1, error: 'Unknown connector' });
    expect(formatRuntimeLine(refused)).toBe('GET /api/connectors/nope -> 404 in 0.1 ms (Unknown connector)');
  });

  test('other log lines show their message, with the level unless it is info', () => {
    expect(formatRuntimeLine(JSON.stringify({ level: 30, msg: 'conduit runtime listening', url: 'http://x' }))).toBe('conduit runtime listening');
    expect(formatRuntimeLine(JSON.stringify({ level: 40, msg: "secret 'x' is not in the secret store" }))).toBe("warn: secret 'x' is not in the secret store");
    expect(formatRuntimeLine(JSON.stringify({ level: 35, msg: 'custom' }))).toBe('35: custom');
  });

  test('text that is not a JSON object passes unchanged', () => {
    for (const text of ['conduit: serving 6 connectors', '[1,2]', 'null', '{broken']) expect(formatRuntimeLine(text)).toBe(text);
  });
});
