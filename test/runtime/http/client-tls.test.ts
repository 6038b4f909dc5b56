// HTTPS upstreams: the `ca` option adds the test CA on top of the system store; without it, or
// with a name the certificate does not cover, the TLS handshake fails as a network error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient } from '../../../runtime/http/client.js';
import type { UpstreamClient } from '../../../runtime/http/types.js';
import { echo, startUpstream, testCa, type EchoedRequest, type Upstream } from '../../support/upstream/index.js';
import { failureOf, send } from './helpers.js';

/** Resolves every name to 127.0.0.1 (in both lookup forms node:net uses). */
const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

let upstream: Upstream;
let client: UpstreamClient;

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '/echo': echo() } });
});
afterAll(() => upstream.close());
afterEach(() => client?.close());

describe('HTTPS upstreams', () => {
  it('trusts a server certificate signed by the CA given as `ca`', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: testCa });
    const res = await send(client, upstream.url('/echo?x=1'), { method: 'POST', body: 'over tls' });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body.toString()) as EchoedRequest;
    expect([seen.url, seen.body]).toEqual(['/echo?x=1', 'over tls']);
  });

  it('accepts `ca` as a list of PEM certificates', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: [testCa] });
    expect((await send(client, upstream.url('/echo'))).status).toBe(200);
  });

  it('keeps the certificates of NODE_EXTRA_CA_CERTS trusted when `ca` adds others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conduit-extra-ca-'));
    const file = join(dir, 'extra.pem');
    writeFileSync(file, testCa);
    const saved = process.env['NODE_EXTRA_CA_CERTS'];
    process.env['NODE_EXTRA_CA_CERTS'] = file;
    try {
      // `ca` holds an unrelated public root: the test CA is trusted only through NODE_EXTRA_CA_CERTS.
      client = createUpstreamClient({ allowInsecureUpstreams: true, ca: rootCertificates[0]! });
      expect((await send(client, upstream.url('/echo'))).status).toBe(200);
    } finally {
      if (saved === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
      else process.env['NODE_EXTRA_CA_CERTS'] = saved;
      rmSync(dir, { recursive: true });
    }
  });

  it('trusts only what was configured: an unrelated `ca` does not make the test CA trusted', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: rootCertificates[0]! });
    expect((await failureOf(send(client, upstream.url('/echo')))).kind).toBe('network');
  });

  it('fails the handshake as a network error without the test CA', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const error = await failureOf(send(client, upstream.url('/echo')));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^upstream TLS connection failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)$/);
  });

  it('verifies the host name: a name the certificate covers passes, another fails', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: testCa, lookup: toLoopback });
    expect((await send(client, `https://upstream.test:${upstream.port}/echo`)).status).toBe(200);
    const error = await failureOf(send(client, `https://not-in-the-cert.test:${upstream.port}/echo`));
    expect(error.kind).toBe('network');
    expect(error.message).toBe('upstream TLS connection failed (ERR_TLS_CERT_ALTNAME_INVALID)');
  });

  it('keeps TLS connections alive across requests', async () => {
    const server = await startUpstream({ tls: true, routes: { '/echo': echo() } });
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: testCa });
    try {
      for (let i = 0; i < 3; i++) {
        await send(client, server.url('/echo'));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(server.connectionCount).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('reaches an IPv6 literal ([::1]) with the insecure flag', async () => {
    const server = await startUpstream({ tls: true, host: '::1', routes: { '/echo': echo() } });
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: testCa });
    try {
      expect(server.origin).toBe(`https://[::1]:${server.port}`);
      const res = await send(client, server.url('/echo'));
      expect(res.status).toBe(200);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
