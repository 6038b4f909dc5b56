// The argv helper shared by the CLI commands.
import { describe, expect, it } from 'vitest';
import { ALLOW_INSECURE_UPSTREAMS_FLAG, parseArgs } from '../../cli/args.js';

const FLAGS = {
  registry: { type: 'string', default: 'registry', env: 'CONDUIT_REGISTRY' },
  format: { type: 'string', default: 'human', choices: ['human', 'json'] },
  secrets: { type: 'string' },
  origin: { type: 'string', multiple: true, env: 'CONDUIT_ORIGINS' },
  'allow-insecure-upstreams': ALLOW_INSECURE_UPSTREAMS_FLAG,
  help: { type: 'boolean', short: 'h' },
} as const;

describe('parseArgs', () => {
  it('applies defaults', () => {
    const args = parseArgs([], FLAGS, { env: {} });
    expect(args).toEqual({
      ok: true,
      positionals: [],
      values: { registry: 'registry', format: 'human', secrets: undefined, origin: [], 'allow-insecure-upstreams': false, help: false },
    });
  });

  it('reads --flag value, --flag=value, short flags and repeated options', () => {
    const args = parseArgs(['--registry', 'r', '--format=json', '-h', '--origin', 'a', '--origin=b', '--allow-insecure-upstreams'], FLAGS, { env: {} });
    expect(args.ok && args.values).toEqual({ registry: 'r', format: 'json', secrets: undefined, origin: ['a', 'b'], 'allow-insecure-upstreams': true, help: true });
  });

  it('falls back to the environment, and a flag wins over it', () => {
    const env = { CONDUIT_REGISTRY: 'from-env', CONDUIT_ALLOW_INSECURE_UPSTREAMS: '1', CONDUIT_ORIGINS: 'https://a, https://b' };
    const fromEnv = parseArgs([], FLAGS, { env });
    expect(fromEnv.ok && [fromEnv.values.registry, fromEnv.values['allow-insecure-upstreams'], fromEnv.values.origin]).toEqual(['from-env', true, ['https://a', 'https://b']]);
    const flagWins = parseArgs(['--registry', 'cli'], FLAGS, { env });
    expect(flagWins.ok && flagWins.values.registry).toBe('cli');
    const off = parseArgs([], FLAGS, { env: { CONDUIT_ALLOW_INSECURE_UPSTREAMS: '0' } });
    expect(off.ok && off.values['allow-insecure-upstreams']).toBe(false);
  });

  it('returns errors as data: unknown options, bad choices, bad env booleans, extra positionals, missing values', () => {
    expect(parseArgs(['--nope'], FLAGS, { env: {} })).toEqual({ ok: false, error: expect.stringContaining("unknown option '--nope'") });
    expect(parseArgs(['--format', 'xml'], FLAGS, { env: {} })).toEqual({ ok: false, error: "--format must be one of human, json, not 'xml'" });
    expect(parseArgs([], FLAGS, { env: { CONDUIT_ALLOW_INSECURE_UPSTREAMS: 'maybe' } })).toEqual({ ok: false, error: "CONDUIT_ALLOW_INSECURE_UPSTREAMS must be 1 or 0, not 'maybe'" });
    expect(parseArgs(['stray'], FLAGS, { env: {} })).toEqual({ ok: false, error: "unexpected argument 'stray'" });
    expect(parseArgs(['--registry'], FLAGS, { env: {} }).ok).toBe(false);
  });

  it('accepts as many positionals as the command takes', () => {
    const args = parseArgs(['dir'], FLAGS, { env: {}, maxPositionals: 1 });
    expect(args.ok && args.positionals).toEqual(['dir']);
  });
});
