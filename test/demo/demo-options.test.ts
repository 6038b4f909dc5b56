// `npm start` options: flags win over CONDUIT_DEMO_* variables; every problem is reported.
import { describe, expect, test } from 'vitest';
import { parseDemoOptions } from '../../demo/demo-options.js';

describe('parseDemoOptions', () => {
  test('defaults: page 3000, runtime 8080, any upstream port, the checkout as build folder', () => {
    expect(parseDemoOptions([], {})).toEqual({
      ok: true,
      options: { registryDir: 'registry', buildDir: null, pagePort: 3000, runtimePort: 8080, upstreamPort: 0, help: false },
    });
  });

  test('flags, and the environment where no flag is given', () => {
    const env = { CONDUIT_DEMO_PORT: '4000', CONDUIT_DEMO_RUNTIME_PORT: '4001', CONDUIT_DEMO_BUILD_DIR: '/tmp/b', CONDUIT_DEMO_REGISTRY: 'regs' };
    expect(parseDemoOptions(['--port', '5000', '--upstream-port=5002'], env)).toEqual({
      ok: true,
      options: { registryDir: 'regs', buildDir: '/tmp/b', pagePort: 5000, runtimePort: 4001, upstreamPort: 5002, help: false },
    });
    expect(parseDemoOptions(['-h'], {})).toMatchObject({ ok: true, options: { help: true } });
    // An empty variable counts as not set.
    expect(parseDemoOptions([], { CONDUIT_DEMO_PORT: '' })).toMatchObject({ ok: true, options: { pagePort: 3000 } });
  });

  test('bad ports (every one), unknown flags and positionals are errors', () => {
    expect(parseDemoOptions(['--port', '70000', '--runtime-port=-1'], { CONDUIT_DEMO_UPSTREAM_PORT: 'x' })).toEqual({
      ok: false,
      errors: [
        "--port must be a port number (0-65535), got '70000'",
        "--runtime-port must be a port number (0-65535), got '-1'",
        "--upstream-port must be a port number (0-65535), got 'x'",
      ],
    });
    expect(parseDemoOptions(['--debug'], {})).toMatchObject({ ok: false, errors: [expect.stringContaining("Unknown option '--debug'")] });
    expect(parseDemoOptions(['serve'], {})).toMatchObject({ ok: false, errors: [expect.stringContaining("Unexpected argument 'serve'")] });
  });
});
