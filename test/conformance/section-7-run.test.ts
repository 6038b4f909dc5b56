// SPEC v2 §7 (`conduit run`), conformance of what the command executes and how it reads its
// flags (the printed output and exit codes of the real CLI: test/cli/run-command.test.ts):
// a connector found by permalink, id or name, regular or composite; an unknown name said the
// reference CLI's way; a regular connector's upstream error is not a success.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeOnce } from '../../runtime/main.js';
import { parseRunArguments } from '../../cli/run-arguments.js';
import { composite, header, regular, registryOf, text, at, tpl } from '../support/runtime/connectors.js';
import { echo, respond, startUpstream, type Upstream } from '../support/upstream/index.js';

let upstream: Upstream;

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '/fail': respond({ status: 503, body: 'maintenance' }), '*': echo() } });
});
afterAll(() => upstream?.close());

const options = { allowInsecureUpstreams: true, dependencies: { processMetrics: false, logDestination: { write: () => undefined } } } as const;

function registry() {
  const named = regular({ permalink: 'weather-now', id: 12, url: upstream.url('/weather') });
  return registryOf(
    { ...named, name: 'Weather Now' },
    regular({ permalink: 'down', url: upstream.url('/fail') }),
    regular({ permalink: 'whoami', url: upstream.url('/who'), headers: [header('X-User', tpl('{{ user.id }}', (v) => text(at(v, 'user', 'id'))))], requiresUser: true }),
    composite({ permalink: 'chain', steps: [{ name: 'only', url: upstream.url('/chain') }] }),
  );
}

describe('SPEC §7 conduit run', () => {
  it('finds a connector by permalink, id or name, regular or composite', async () => {
    for (const name of ['weather-now', '12', 'Weather Now', 'chain']) {
      const result = await executeOnce(registry(), name, {}, options);
      expect({ name, status: result.status, ok: result.ok }).toEqual({ name, status: 200, ok: true });
      expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('says `Connector "x" is not defined in this registry` for an unknown name', async () => {
    const result = await executeOnce(registry(), 'Nowhere', {}, options);
    expect(result).toMatchObject({ ok: false, status: 404, error: { scope: 'Request', message: 'Connector "Nowhere" is not defined in this registry' } });
  });

  it("treats a regular connector's passed-through upstream 503 as a failure (exit 1), body as the upstream wrote it", async () => {
    const result = await executeOnce(registry(), 'down', {}, options);
    expect({ ok: result.ok, status: result.status, body: result.body.toString() }).toEqual({ ok: false, status: 503, body: 'maintenance' });
  });

  it('refuses an anonymous run of a connector that sends user.* upstream (USER_REQUIRED), and runs it with --user', async () => {
    expect(await executeOnce(registry(), 'whoami', {}, options)).toMatchObject({ ok: false, status: 401, error: { code: 'USER_REQUIRED' } });
    const ok = await executeOnce(registry(), 'whoami', { user: { sub: 'u-9' } }, options);
    expect((JSON.parse(ok.body.toString()) as { headers: Record<string, string> }).headers['x-user']).toBe('u-9');
  });

  it('reads --payload @FILE, repeatable --query and --path-param, --verbose and --json', () => {
    expect(
      parseRunArguments(['Weather Now', '--payload', '@body.json', '--query', 'a=1', '--query', 'a=2', '--path-param', 'id=7', '--path-param', 'slug=x', '--verbose', '--json'], {}),
    ).toMatchObject({ ok: true, permalink: 'Weather Now', payloadFile: 'body.json', query: [['a', '1'], ['a', '2']], pathParams: { id: '7', slug: 'x' }, verbose: true, json: true });
  });
});
