// SSRF (SPEC §1 URL rules) through the real server, without the development flag: literal private
// addresses, a host name that resolves to 127.0.0.1 (DNS rebinding) and the metadata address are
// refused with the network scope, and nothing reaches the local upstream.
import type { LookupFunction } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { at, composite, regular, registryOf, text, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, startUpstream, type Upstream } from '../../support/upstream/index.js';

let upstream: Upstream;
let strict: TestRuntime;

/** Resolves every name to 127.0.0.1, like a DNS record an attacker controls. */
const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if (typeof options === 'object' && options !== null && (options as { all?: boolean }).all) {
    (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  } else {
    (callback as (err: null, address: string, family: number) => void)(null, '127.0.0.1', 4);
  }
};

function ssrfRegistry(port: number) {
  return registryOf(
    regular({ permalink: 'loopback-literal', url: `https://127.0.0.1:${port}/echo` }),
    regular({ permalink: 'private-literal', url: 'https://10.1.2.3/echo' }),
    regular({ permalink: 'ipv6-mapped', url: `https://[::ffff:127.0.0.1]:${port}/echo` }),
    regular({ permalink: 'metadata', url: 'https://169.254.169.254/latest/meta-data/' }),
    regular({ permalink: 'rebind', url: `https://rebind.test:${port}/echo` }),
    regular({ permalink: 'plain-http', url: `http://rebind.test:${port}/echo` }),
    // A templated host is checked after rendering.
    composite({
      permalink: 'templated-host',
      steps: [{ name: 'go', url: tpl('https://{{ request.query_parameters.host }}/echo', (v) => `https://${text(at(v, 'request', 'query_parameters', 'host'))}/echo`) }],
    }),
  );
}

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '*': echo() } });
  strict = await startTestRuntime(ssrfRegistry(upstream.port), { allowInsecureUpstreams: false, dependencies: { lookup: toLoopback } });
});

afterAll(async () => {
  await strict?.close();
  await upstream?.close();
});

const NETWORK_SCOPE = 'Downstream (network/external service)';

afterEach(async () => {
  // Still answering after every refusal (no upstream is reachable without the flag: probe the server itself).
  const res = await strict.call('/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

describe('without --allow-insecure-upstreams', () => {
  for (const permalink of ['loopback-literal', 'private-literal', 'ipv6-mapped', 'metadata', 'rebind', 'plain-http']) {
    it(`refuses ${permalink} with 502 and the network scope, sending nothing`, async () => {
      const before = upstream.requests.length;
      const res = await strict.call(`/api/connectors/${permalink}`);
      expect(res.status).toBe(502);
      const envelope = (await res.json()) as { errors: { scope: string; message: string } };
      expect(envelope.errors.scope).toBe(NETWORK_SCOPE);
      expect(envelope.errors.message).toBe('The upstream address is not allowed');
      expect(upstream.requests.length).toBe(before);
    });
  }

  it('checks a templated host after rendering', async () => {
    for (const host of ['127.0.0.1', '169.254.169.254', '[::1]', '192.168.1.1', `rebind.test:${upstream.port}`]) {
      const res = await strict.call(`/api/connectors/composite/templated-host?host=${encodeURIComponent(host)}`, { method: 'POST' });
      expect(res.status, host).toBe(502);
      expect(((await res.json()) as { errors: { scope: string } }).errors.scope).toBe(`Composite step 'go' (index 0): ${NETWORK_SCOPE}`);
    }
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('with --allow-insecure-upstreams (development only)', () => {
  it('reaches the same name-resolved local upstream', async () => {
    const dev = await startTestRuntime(ssrfRegistry(upstream.port), { allowInsecureUpstreams: true, dependencies: { lookup: toLoopback } });
    try {
      const res = await dev.call('/api/connectors/rebind');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { path: string }).path).toBe('/echo');
    } finally {
      await dev.close();
    }
  });
});
