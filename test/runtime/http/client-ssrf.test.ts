// The SSRF guard end to end: literal hosts are refused before any connection, host names are
// checked after DNS resolution on every new connection (DNS rebinding), http:// needs the flag.
// A real HTTPS upstream on 127.0.0.1 proves refused requests never reached it.
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient } from '../../../runtime/http/client.js';
import type { UpstreamClient } from '../../../runtime/http/types.js';
import { echo, startUpstream, testCa, type Upstream } from '../../support/upstream/index.js';
import { failureOf, send } from './helpers.js';

/** A resolver answering `answers` in turn (the last repeats), counting the names it was asked for. */
function resolver(...answers: (readonly LookupAddress[])[]): LookupFunction & { readonly asked: string[] } {
  const asked: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    const answer = answers[Math.min(asked.length, answers.length - 1)]!;
    asked.push(hostname);
    if (options.all) callback(null, [...answer]);
    else callback(null, answer[0]!.address, answer[0]!.family);
  };
  return Object.assign(lookup, { asked });
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

let upstream: Upstream;
let client: UpstreamClient;

beforeAll(async () => {
  upstream = await startUpstream({ tls: true, routes: { '/echo': echo() } });
});
afterAll(() => upstream.close());
afterEach(() => client?.close());

describe('literal addresses in URLs (refused before connecting)', () => {
  it.each([
    ['https://127.0.0.1:PORT/echo', 'loopback'],
    ['https://[::1]:PORT/echo', 'loopback'],
    ['https://[::ffff:127.0.0.1]:PORT/echo', 'loopback'],
    ['https://localhost:PORT/echo', 'loopback'],
    ['https://10.0.0.1/x', 'private'],
    ['https://169.254.169.254/latest/meta-data/', 'metadata'],
    ['https://100.100.100.200/x', 'cgnat'],
    ['https://[fe80::1]/x', 'link-local'],
    ['https://0.0.0.0:PORT/x', 'unspecified'],
  ] as const)('%s is refused as %s', async (template, range) => {
    client = createUpstreamClient({ ca: testCa });
    const before = upstream.connectionCount;
    const error = await failureOf(send(client, template.replace('PORT', String(upstream.port))));
    expect(error.kind).toBe('blocked-address');
    expect(error.message).toBe(`upstream address is in a forbidden range (${range})`);
    expect(upstream.connectionCount).toBe(before);
  });

  it('allows the loopback literal with allowInsecureUpstreams', async () => {
    client = createUpstreamClient({ ca: testCa, allowInsecureUpstreams: true });
    expect((await send(client, upstream.url('/echo'))).status).toBe(200);
  });
});

describe('host names (checked after DNS resolution, on every new connection)', () => {
  it('refuses a name that resolves to 127.0.0.1, without connecting', async () => {
    const lookup = resolver([v4('127.0.0.1')]);
    client = createUpstreamClient({ ca: testCa, lookup });
    const before = upstream.connectionCount;
    const error = await failureOf(send(client, `https://rebind.test:${upstream.port}/echo`));
    expect(error.kind).toBe('blocked-address');
    expect(error.message).toBe('upstream address is in a forbidden range (loopback)');
    expect(lookup.asked).toEqual(['rebind.test']);
    expect(upstream.connectionCount).toBe(before);
  });

  it('allows the same name with allowInsecureUpstreams (and still uses the given resolver)', async () => {
    const lookup = resolver([v4('127.0.0.1')]);
    client = createUpstreamClient({ ca: testCa, lookup, allowInsecureUpstreams: true });
    const res = await send(client, `https://rebind.test:${upstream.port}/echo`);
    expect(res.status).toBe(200);
    expect(lookup.asked).toEqual(['rebind.test']);
  });

  it.each([
    [[v4('169.254.169.254')], 'metadata'],
    [[v4('10.1.2.3')], 'private'],
    [[v6('::1')], 'loopback'],
    [[v6('::ffff:127.0.0.1')], 'loopback'],
    [[v4('93.184.216.34'), v4('127.0.0.1')], 'loopback'],
  ] as const)('refuses an answer of %j as %s', async (answer, range) => {
    client = createUpstreamClient({ ca: testCa, lookup: resolver(answer) });
    const error = await failureOf(send(client, `https://rebind.test:${upstream.port}/echo`));
    expect([error.kind, error.message]).toEqual(['blocked-address', `upstream address is in a forbidden range (${range})`]);
  });

  it('checks the answer of each new connection: a name that rebinds to loopback is refused then', async () => {
    // First answer: a public (documentation) address that cannot be reached here; second: loopback.
    const lookup = resolver([v4('192.0.2.10')], [v4('127.0.0.1')]);
    client = createUpstreamClient({ ca: testCa, lookup, timeoutMs: 300 });
    const before = upstream.connectionCount;
    const first = await failureOf(send(client, `https://rebind.test:${upstream.port}/echo`));
    expect(first.kind).not.toBe('blocked-address');
    const second = await failureOf(send(client, `https://rebind.test:${upstream.port}/echo`));
    expect(second.kind).toBe('blocked-address');
    expect(lookup.asked).toEqual(['rebind.test', 'rebind.test']);
    expect(upstream.connectionCount).toBe(before);
  });
});

describe('scheme', () => {
  it('refuses http:// without the flag, before resolving the name', async () => {
    const lookup = resolver([v4('127.0.0.1')]);
    client = createUpstreamClient({ lookup });
    const error = await failureOf(send(client, `http://rebind.test:${upstream.port}/echo`));
    expect(error.kind).toBe('blocked-address');
    expect(error.message).toBe('upstream URL must use https (http is allowed only with --allow-insecure-upstreams)');
    expect(lookup.asked).toEqual([]);
  });

  it('allows http:// with the flag', async () => {
    const plain = await startUpstream({ routes: { '/echo': echo() } });
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    try {
      expect((await send(client, plain.url('/echo'))).status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
