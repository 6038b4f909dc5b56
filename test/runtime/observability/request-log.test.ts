// The structured request log through the real server: one line per request with connector,
// steps, statuses and durations; secrets and bearer tokens never written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeLogger } from '../../../runtime/observability/logger.js';
import { createRedactor } from '../../../runtime/secrets/redactor.js';
import type { SecretStore } from '../../../runtime/secrets/types.js';
import { TemplateRenderError } from '../../../runtime/template/types.js';
import { composite, header, regular, registryOf, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { json, respond, startUpstream, type Upstream } from '../../support/upstream/index.js';

const SECRET = 'log-secret-value-abcdef';
const secrets: SecretStore = { get: (n) => (n === 'k' ? SECRET : undefined), allValues: () => [SECRET] };

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '*': json({ ok: true }), '/teapot': respond({ status: 418, body: SECRET }) } });
  const u = (p: string) => upstream.url(p);
  runtime = await startTestRuntime(
    registryOf(
      composite({ permalink: 'pair', steps: [{ name: 'one', url: u('/1') }, { name: 'two', url: u('/2') }] }),
      regular({ permalink: 'teapot', url: u('/teapot'), headers: [header('X-K', tpl("{{ get_secret('k') }}", (_v, env) => env.getSecret('k') ?? '', true))] }),
      regular({
        permalink: 'leaky-template',
        url: u('/x'),
        headers: [
          header('X-Broken', tpl('{{ boom }}', () => {
            throw new TemplateRenderError('type-error', `cannot add ${SECRET} and Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln`);
          })),
        ],
      }),
      regular({ permalink: 'missing-secret', url: u('/m'), headers: [header('X-M', tpl("{{ get_secret('absent') }}", (_v, env) => {
        env.onMissingSecret?.('absent');
        return "{{ get_secret('absent') }}";
      }, true))] }),
    ),
    { dependencies: { secrets } },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

function linesFor(connector: string): Record<string, unknown>[] {
  return runtime.logs.filter((l) => l['connector'] === connector && l['msg'] === 'request');
}

describe('request log', () => {
  it('writes one line per request with connector, steps, statuses and durations', async () => {
    await (await runtime.call('/api/connectors/composite/pair', { method: 'POST' })).arrayBuffer();
    const [line, ...more] = linesFor('pair');
    expect(more).toHaveLength(0);
    expect(line).toMatchObject({ level: 30, method: 'POST', path: '/api/connectors/composite/pair', connector: 'pair', status: 200 });
    expect(typeof line!['duration_ms']).toBe('number');
    const steps = line!['steps'] as { name: string; status: number; duration_ms: number }[];
    expect(steps.map((s) => [s.name, s.status])).toEqual([
      ['one', 200],
      ['two', 200],
    ]);
    expect(steps.every((s) => typeof s.duration_ms === 'number')).toBe(true);
  });

  it('logs failures with their scope and without secrets, upstream bodies or bearer tokens', async () => {
    await (await runtime.call('/api/connectors/teapot')).arrayBuffer();
    await (await runtime.call('/api/connectors/leaky-template')).arrayBuffer();
    await (await runtime.call('/api/connectors/teapot', { headers: { Authorization: 'Bearer abc.def.ghi' } })).arrayBuffer();
    // A regular connector passes the upstream's 418 through: logged with its status, no failure scope.
    expect(linesFor('teapot')[0]).toMatchObject({ status: 418, request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(linesFor('teapot')[0]).not.toHaveProperty('scope');
    const leaky = linesFor('leaky-template')[0]!;
    expect(leaky).toMatchObject({ status: 422, scope: 'Configuration (template rendering)' });
    // the detail names the slot and quotes the template source, never the error's own message
    // (which quoted the secret and a token)
    expect(String(leaky['detail'])).toBe("Template rendering failed (type-error) in header 'X-Broken': {{ boom }}");
    const all = runtime.logText();
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(all).not.toContain('abc.def.ghi');
    const refused = runtime.logs.filter((l) => l['status'] === 401);
    expect(refused.length).toBeGreaterThan(0);
  });

  it('warns about a missing secret by name only', async () => {
    await (await runtime.call('/api/connectors/missing-secret')).arrayBuffer();
    const warning = runtime.logs.find((l) => l['event'] === 'missing-secret');
    expect(warning).toMatchObject({ level: 40, secret: 'absent' });
  });
});

describe('createRuntimeLogger', () => {
  it('scrubs every line it writes, whatever field carries the value', () => {
    const written: string[] = [];
    const { logger } = createRuntimeLogger({ destination: { write: (l) => written.push(l) }, redact: createRedactor(['s3cr3t-value']) });
    logger.info({ nested: { note: 'has s3cr3t-value inside' }, authorization: 'Bearer xyz' }, 'message with s3cr3t-value');
    logger.info({ headers: { authorization: 'Basic dXNlcjpwYXNz' } }, 'headers');
    const text = written.join('');
    expect(text).not.toContain('s3cr3t-value');
    expect(text).not.toContain('xyz');
    expect(text).not.toContain('dXNlcjpwYXNz');
    expect(written).toHaveLength(2);
  });

  it('respects the level', () => {
    const written: string[] = [];
    const { logger } = createRuntimeLogger({ level: 'warn', destination: { write: (l) => written.push(l) } });
    logger.info({}, 'dropped');
    logger.warn({}, 'kept');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!)).toMatchObject({ msg: 'kept' });
  });
});
