// Failures become UpstreamErrors of the right kind, over HTTP and HTTPS, and no message ever
// repeats a request header, body or query value.
import type { LookupFunction } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient } from '../../../runtime/http/client.js';
import type { UpstreamClient, UpstreamClientOptions } from '../../../runtime/http/types.js';
import {
  closedPort,
  hang,
  invalidChunked,
  resetAfterHeaders,
  resetMidBody,
  sizedBody,
  startUpstream,
  testCa,
  type Upstream,
} from '../../support/upstream/index.js';
import { failureOf, send } from './helpers.js';

const failingRoutes = {
  '/reset-after-headers': resetAfterHeaders(),
  '/reset-mid-body': resetMidBody({ totalBytes: 100_000, sentBytes: 50_000 }),
  '/invalid-chunked': invalidChunked(),
  '/hang': hang(),
  '/large': sizedBody(2000),
};

let plain: Upstream;
let secure: Upstream;
let client: UpstreamClient;

beforeAll(async () => {
  plain = await startUpstream({ routes: failingRoutes });
  secure = await startUpstream({ tls: true, routes: failingRoutes });
});
afterAll(async () => {
  await plain.close();
  await secure.close();
});
afterEach(() => client?.close());

const servers = () =>
  [
    ['http', plain],
    ['https', secure],
  ] as const;

describe.each(['http', 'https'] as const)('broken answers over %s', (scheme) => {
  const server = () => servers().find(([name]) => name === scheme)![1];

  it('a reset after the headers is a network error', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: testCa });
    const error = await failureOf(send(client, server().url('/reset-after-headers')));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^upstream connection closed unexpectedly \((UND_ERR_SOCKET|ECONNRESET)\)$/);
  });

  it('a reset in the middle of the body is a network error', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: testCa });
    const error = await failureOf(send(client, server().url('/reset-mid-body')));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^upstream connection closed unexpectedly \((UND_ERR_SOCKET|ECONNRESET)\)$/);
  });

  it('invalid chunked encoding is a network error', async () => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, ca: testCa });
    const error = await failureOf(send(client, server().url('/invalid-chunked')));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^upstream sent an invalid HTTP response( \(HPE_[A-Z_]+\))?$/);
  });
});

describe('unreachable upstreams', () => {
  it('a refused connection is a network error', async () => {
    const port = await closedPort();
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const error = await failureOf(send(client, `http://127.0.0.1:${port}/x`));
    expect(error.kind).toBe('network');
    expect(error.message).toBe('upstream refused the connection (ECONNREFUSED)');
  });

  it('a name that does not resolve is a network error', async () => {
    const notFound: LookupFunction = (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    client = createUpstreamClient({ lookup: notFound });
    const error = await failureOf(send(client, 'https://no-such-host.example/x'));
    expect(error.kind).toBe('network');
    expect(error.message).toBe('upstream host name could not be resolved (ENOTFOUND)');
  });

  it('an unparseable URL is a network error', async () => {
    client = createUpstreamClient({});
    const error = await failureOf(send(client, 'https://exa mple.com/'));
    expect([error.kind, error.message]).toEqual(['network', 'upstream URL is not a valid URL']);
  });
});

describe('requests undici refuses to send', () => {
  it.each([
    ['a header value with CR/LF', [['X-Injected', 'a\r\nX-Evil: 1']]],
    ['a header name that is not a token', [['Bad Name', 'x']]],
    ['a hop-by-hop header undici manages itself', [['Transfer-Encoding', 'chunked']]],
  ] as const)('%s is a network error that does not echo the header', async (_what, headers) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true });
    const before = plain.requests.length;
    const error = await failureOf(send(client, plain.url('/hang'), { headers }));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^upstream request is invalid: bad method, path or header \(UND_ERR_INVALID_ARG\)$/);
    expect(error.message).not.toContain(headers[0][1]);
    expect(plain.requests.length).toBe(before);
  });
});

describe('error messages never carry request data', () => {
  const secretHeader = 'Bearer header-canary-7f3a9';
  const secretBody = 'body-canary-2c81d';
  const secretQuery = 'query-canary-95be0';

  const scenarios: readonly (readonly [string, () => Promise<string>, UpstreamClientOptions])[] = [
    ['reset', async () => plain.url('/reset-mid-body'), {}],
    ['invalid response', async () => plain.url('/invalid-chunked'), {}],
    ['timeout', async () => plain.url('/hang'), { timeoutMs: 100 }],
    ['too large', async () => plain.url('/large'), { maxResponseBytes: 10 }],
    ['refused', async () => `http://127.0.0.1:${await closedPort()}/x`, {}],
    ['TLS failure', async () => secure.url('/hang'), {}],
  ];

  it.each(scenarios)('%s', async (_name, url, options) => {
    client = createUpstreamClient({ allowInsecureUpstreams: true, ...options });
    const error = await failureOf(
      send(client, `${await url()}?api_key=${secretQuery}`, {
        method: 'POST',
        headers: [['Authorization', secretHeader]],
        body: secretBody,
      }),
    );
    const text = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`;
    for (const secret of [secretHeader, secretBody, secretQuery]) expect(text).not.toContain(secret);
  });
});
