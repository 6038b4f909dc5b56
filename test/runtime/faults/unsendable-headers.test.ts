// Header rows that cannot go on the wire: a configured name that is not an HTTP token (checked
// once, when the step is prepared, and failing the step every time it runs), a rendered value
// with a line break, a rendered value over the 8 KiB limit. Each is a 422 rendering failure of
// its step, before any upstream call, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composite, header, registryOf, regular, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { expectEnvelope } from './support/envelope.js';

let upstream: Upstream;
let runtime: TestRuntime;

const rendered = (value: string) => tpl('{{ x }}', () => value);

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '*': json({ ok: true }) } });
  const step = (headers: ReturnType<typeof header>[]) => [{ name: 'send', url: upstream.url('/x'), headers }];
  runtime = await startTestRuntime(
    registryOf(
      composite({ permalink: 'bad-name', steps: step([header('X-Fine', rendered('a')), header('Bad Name', rendered('b'))]) }),
      composite({ permalink: 'line-break', steps: step([header('X-Split', rendered('a\r\nX-Injected: 1'))]) }),
      composite({ permalink: 'too-long', steps: step([header('X-Long', rendered('v'.repeat(8 * 1024 + 1)))]) }),
      regular({ permalink: 'healthy', url: upstream.url('/ok') }),
    ),
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

const SCOPE = "Composite step 'send' (index 0): Configuration (template rendering)";

describe('unsendable header rows', () => {
  it.each([
    ['bad-name', "header name 'Bad Name' is not a valid HTTP header name"],
    ['line-break', "header 'X-Split' rendered a value with a line break or control character"],
    ['too-long', "header 'X-Long' rendered a value over 8192 bytes"],
  ])('%s fails its step before any upstream call, on every request', async (permalink, message) => {
    const before = upstream.requests.length;
    for (let i = 0; i < 2; i++) {
      const errors = await expectEnvelope(await runtime.call(`/api/connectors/composite/${permalink}`, { method: 'POST' }), 422, SCOPE);
      expect(errors.message).toBe(message);
    }
    expect(upstream.requests.length).toBe(before);
    expect((await runtime.call('/api/connectors/healthy')).status).toBe(200);
  });
});
