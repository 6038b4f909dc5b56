import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_OPTIONS, parseServerOptions, serverOptionsHelp } from '../../../runtime/options.js';

function parsed(argv: string[], env: Record<string, string> = {}) {
  const result = parseServerOptions(argv, env);
  if (!result.ok) throw new Error(`expected options to parse: ${result.errors.join('; ')}`);
  return result.options;
}

function errors(argv: string[], env: Record<string, string> = {}): readonly string[] {
  const result = parseServerOptions(argv, env);
  if (result.ok) throw new Error('expected a parse error');
  return result.errors;
}

describe('parseServerOptions', () => {
  it('defaults keep insecure upstreams, debug and require-user off', () => {
    const options = parsed([]);
    expect(options).toEqual(DEFAULT_SERVER_OPTIONS);
    expect(options.allowInsecureUpstreams).toBe(false);
    expect(options.debug).toBe(false);
    expect(options.maxBodyBytes).toBe(1024 * 1024);
    expect(options.maxHeaderValueBytes).toBe(8 * 1024);
    expect(options.upstreamTimeoutMs).toBe(15_000);
  });

  it('reads every SPEC §7 serve flag, in both --flag value and --flag=value forms', () => {
    const options = parsed([
      '--registry', 'regs',
      '--port=9001',
      '--host', '0.0.0.0',
      '--secrets', 's.json',
      '--variables=v.json',
      '--user-token-secret', 'shh',
      '--allowed-origin', 'https://a.example',
      '--allowed-origin=https://b.example',
      '--allow-insecure-upstreams',
      '--debug',
    ]);
    expect(options).toMatchObject({
      registryDir: 'regs',
      port: 9001,
      host: '0.0.0.0',
      secretsFile: 's.json',
      variablesFile: 'v.json',
      userToken: { kind: 'hmac', secret: 'shh' },
      allowedOrigins: ['https://a.example', 'https://b.example'],
      allowInsecureUpstreams: true,
      debug: true,
    });
  });

  it('takes CONDUIT_* equivalents, and a flag wins over its variable', () => {
    const env = {
      CONDUIT_PORT: '7000',
      CONDUIT_HOST: '::1',
      CONDUIT_ALLOW_INSECURE_UPSTREAMS: '1',
      CONDUIT_DEBUG: 'true',
      CONDUIT_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      CONDUIT_USER_TOKEN_JWKS: 'keys.json',
      CONDUIT_REQUIRE_USER: 'yes',
      CONDUIT_MAX_BODY_BYTES: '2048',
    };
    const fromEnv = parsed([], env);
    expect(fromEnv).toMatchObject({
      port: 7000,
      host: '::1',
      allowInsecureUpstreams: true,
      debug: true,
      allowedOrigins: ['https://a.example', 'https://b.example'],
      userToken: { kind: 'jwks', file: 'keys.json' },
      requireUser: true,
      maxBodyBytes: 2048,
    });
    const overridden = parsed(['--port', '7100', '--allowed-origin', 'https://c.example', '--user-token-public-key', 'k.pem'], env);
    expect(overridden.port).toBe(7100);
    expect(overridden.allowedOrigins).toEqual(['https://c.example']);
    expect(overridden.userToken).toEqual({ kind: 'public-key', file: 'k.pem' });
  });

  it('an explicit 0 in the environment turns a boolean off', () => {
    expect(parsed([], { CONDUIT_ALLOW_INSECURE_UPSTREAMS: '0' }).allowInsecureUpstreams).toBe(false);
  });

  it('reports every problem at once', () => {
    const problems = errors(['--port', 'eighty', '--bogus', '--log-level', 'loud'], { CONDUIT_DEBUG: 'maybe' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/--port must be a whole number/);
    expect(problems.join('\n')).toMatch(/unknown option --bogus/);
    expect(problems.join('\n')).toMatch(/--log-level must be one of/);
    expect(problems.join('\n')).toMatch(/CONDUIT_DEBUG: --debug must be true or false/);
  });

  it('refuses two user-token keys, a missing value and out-of-range numbers', () => {
    expect(errors(['--user-token-secret', 'a', '--user-token-jwks', 'b.json'])[0]).toMatch(/only one of/);
    expect(errors(['--port'])[0]).toMatch(/--port needs a value/);
    expect(errors(['--port', '70000'])[0]).toMatch(/between 0 and 65535/);
  });

  it('refuses --require-user without a way to verify tokens', () => {
    expect(errors(['--require-user'])[0]).toMatch(/--require-user needs a way to verify tokens/);
  });

  it('leaves positionals, and unknown flags when asked, for commands with their own flags', () => {
    const result = parseServerOptions(['my-connector', '--payload', '{"a":1}', '--debug', '--query', 'k=v'], {}, { allowUnknown: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rest).toEqual(['my-connector', '--payload', '{"a":1}', '--query', 'k=v']);
    expect(result.options.debug).toBe(true);
  });
});

describe('serverOptionsHelp', () => {
  it('keeps every flag apart from its description, even the longest', () => {
    for (const line of serverOptionsHelp().split('\n')) expect(line).toMatch(/^ {2}--[a-z-]+(?: VALUE)? {2,}\S/);
  });
});
