// The secret-scan wiring of startTestRuntime: canary secrets are in every test runtime's store,
// and what a test sees through the helper (log lines, status lines and headers, error bodies)
// is recorded for the whole-run scan, while the canaries themselves never show up in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../../runtime/secrets/types.js';
import { ALL_CANARY_VALUES, findSecretLeaks, SECRET_CANARIES } from '../secret-canaries/index.js';
import { CAPTURE_DIR } from '../secret-canaries/leak-recorder.js';
import { startUpstream, echo, respond, type Upstream } from '../upstream/index.js';
import { composite, header, regular, registryOf, tpl } from './connectors.js';
import { CANARY_SECRETS, recordedForSecretScan, startTestRuntime, type TestRuntime } from './start-runtime.js';

const OWN_SECRET = 'own-test-secret-value-42';
const ownSecrets: SecretStore = { get: (name) => (name === 'own' ? OWN_SECRET : undefined), allValues: () => [OWN_SECRET] };

/** A header template reading a secret by name, as a compiled `{{ get_secret('NAME') }}` would. */
const secretHeader = (name: string) => header('X-Key', tpl(`{{ get_secret('${name}') }}`, (_v, env) => env.getSecret(name) ?? '', true));

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '/echo': echo(), '/fail': respond({ status: 500, body: 'upstream diagnostics' }) } });
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'canary', url: upstream.url('/echo'), headers: [secretHeader('canary_api_key')] }),
      regular({ permalink: 'own', url: upstream.url('/echo'), headers: [secretHeader('own')] }),
      // A composite step's upstream 500 is a 502 envelope (a regular connector would pass the 500 through: SPEC §5 v2).
      composite({ permalink: 'failing', steps: [{ name: 'failing', url: upstream.url('/fail'), headers: [secretHeader('canary_special_chars')] }] }),
    ),
    { debug: true, dependencies: { secrets: ownSecrets } },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

describe('startTestRuntime feeds the whole-run secret scan', () => {
  it('holds every canary secret by name, below a store the test injects', async () => {
    expect(Object.values(CANARY_SECRETS).sort()).toEqual([...ALL_CANARY_VALUES].sort());
    expect((await runtime.call('/api/connectors/canary')).status).toBe(200);
    expect((await runtime.call('/api/connectors/own')).status).toBe(200);
    const sent = upstream.requests.map((r) => r.headers['x-key']);
    expect(sent).toEqual([SECRET_CANARIES.apiKey, OWN_SECRET]);
  });

  it('records status lines, headers (X-Debug-Request too), error bodies and log lines, with no secret in them', async () => {
    const res = await runtime.call('/api/connectors/composite/failing', { method: 'POST' });
    expect(res.status).toBe(502);
    const envelope = (await res.json()) as { errors: { scope: string } };
    expect(envelope.errors.scope).toBe("Composite step 'failing' (index 0): Downstream (HTTP error)");

    const captured = recordedForSecretScan().captured;
    const sources = new Set(captured.map((c) => c.source));
    expect(sources).toEqual(new Set(['runtime log', 'response head (200)', 'response head (502)', 'error body (502)']));
    const head = captured.find((c) => c.source === 'response head (502)')!.text;
    expect(head).toMatch(/^HTTP 502 Bad Gateway\n/);
    expect(head).toContain("x-debug-request: [{\"name\":\"failing\"");
    expect(head).toContain("{{ get_secret('canary_special_chars') }}");
    expect(captured.find((c) => c.source === 'error body (502)')!.text).toBe(JSON.stringify(envelope));
    expect(captured.some((c) => c.source === 'runtime log' && c.text.includes('"connector":"failing"'))).toBe(true);
    // Success bodies echo the credential the upstream was sent: they are not recorded.
    expect(captured.some((c) => c.text.includes('"x-key"'))).toBe(false);

    expect(findSecretLeaks(captured, [...ALL_CANARY_VALUES, OWN_SECRET])).toEqual([]);
  });

  it('declares the secrets a test configured, so the scan looks for them too', () => {
    const declared = readFileSync(join(CAPTURE_DIR, `secrets-${process.pid}.json-lines`), 'utf8');
    expect(declared.split('\n').filter(Boolean).map((l) => JSON.parse(l) as string)).toContain(OWN_SECRET);
  });
});
