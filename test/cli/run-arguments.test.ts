// `conduit run`'s arguments (cli/run-arguments.ts): its own flags and the server options, every
// problem reported at once.
import { describe, expect, it } from 'vitest';
import { parseRunArguments } from '../../cli/run-arguments.js';

describe('parseRunArguments', () => {
  it('reads the permalink, payload, repeated queries, path parameters, user claims and server flags', () => {
    const result = parseRunArguments(
      ['weather', '--payload', '{"city":"Oslo"}', '--query', 'units=metric', '--query=lang=en', '--path-param', 'id=7', '--user', '{"sub":"u1","tenant_id":"t"}', '--allow-insecure-upstreams'],
      { CONDUIT_SECRETS_FILE: 's.json' },
    );
    expect(result).toMatchObject({
      ok: true,
      permalink: 'weather',
      payload: '{"city":"Oslo"}',
      query: [['units', 'metric'], ['lang', 'en']],
      pathParams: { id: '7' },
      user: { sub: 'u1', tenant_id: 't' },
      options: { allowInsecureUpstreams: true, secretsFile: 's.json' },
      verbose: false,
      json: false,
      payloadFile: null,
    });
  });

  it('reads --payload @FILE, --verbose and --json', () => {
    expect(parseRunArguments(['Weather Now', '--payload', '@body.json', '--verbose', '--json'], {})).toMatchObject({
      ok: true,
      permalink: 'Weather Now',
      payload: null,
      payloadFile: 'body.json',
      verbose: true,
      json: true,
    });
    expect(parseRunArguments(['w', '--payload', '@'], {})).toMatchObject({ ok: false, errors: ['--payload @FILE needs a file name'] });
  });

  it('reports bad JSON, bad pairs, unknown flags and a missing permalink together', () => {
    const result = parseRunArguments(['--payload', '{oops', '--query', 'novalue', '--user', '[1]', '--what', 'x', '--port', 'p'], {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        '--payload must be JSON (or @FILE)',
        "--query takes key=value, got 'novalue'",
        '--user must be a JSON object of claims',
        'unknown option --what',
        'run needs a connector permalink',
      ]),
    );
    expect(result.errors.some((e) => e.includes('--port must be a whole number'))).toBe(true);
  });
});
