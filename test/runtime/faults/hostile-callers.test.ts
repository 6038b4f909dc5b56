// Callers that misbehave on the wire, over raw sockets: a request head or body dripped slowly
// (slowloris), a connection that never says anything, bodies and headers over the limits, broken
// chunked framing, garbage. Each gets the exact status and a `Request` envelope within a bounded
// time, the connection is closed, no upstream is called for a request that never completed, and
// the server keeps serving other callers meanwhile and afterwards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composite, regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { envelopeOf } from './support/envelope.js';
import { expectNoProcessFaults } from './support/process-faults.js';
import { rawExchange, type RawAnswer } from './support/raw-http.js';

const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;
const KEEP_ALIVE_TIMEOUT_MS = 600;
/** How late node's connection check (every 100 ms at these settings) and a busy machine may make a drop. */
const SLACK_MS = 700;
const MAX_BODY = 1024 * 1024;
/** Node 20 closes an idle keep-alive connection this long after keepAliveTimeout. */
const NODE_KEEP_ALIVE_BUFFER_MS = 1_000;

expectNoProcessFaults();

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '/echo': echo(), '/healthy': json({ ok: true }) } });
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'healthy', url: upstream.url('/healthy') }),
      composite({ permalink: 'post', steps: [{ name: 'send', method: 'POST', url: upstream.url('/echo') }] }),
    ),
    { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS },
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

afterEach(async () => {
  const res = await runtime.call('/api/connectors/healthy');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
});

const COMPOSITE = 'POST /api/connectors/composite/post HTTP/1.1\r\nHost: conduit.test\r\n';

/** The answer is a closed connection carrying exactly this status and a `Request` envelope. */
function expectRefusal(answer: RawAnswer, status: number, message: RegExp): void {
  expect({ status: answer.status, contentType: answer.headers['content-type'], closed: answer.closedByServer, timedOut: answer.timedOut }).toEqual({
    status,
    contentType: 'application/json',
    closed: true,
    timedOut: false,
  });
  const errors = envelopeOf(answer.body);
  expect(errors.scope).toBe('Request');
  expect(errors.message).toMatch(message);
  // Never a stack trace or node's own wording.
  expect(answer.raw).not.toMatch(/\bat .+:\d+:\d+|Error:/);
}

/** Healthy requests made while a hostile caller holds its connection: all answered, and quickly. */
async function healthyMeanwhile(count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await runtime.call('/api/connectors/healthy');
    expect(res.status).toBe(200);
    times.push(performance.now() - started);
  }
  return times;
}

describe('slow callers are dropped with 408 while others are served', () => {
  it('drops a request head dripped one header a time (slowloris) after the headers timeout', async () => {
    const slowloris = rawExchange(runtime.port, { send: COMPOSITE, drip: { bytes: 'X-Padding: a\r\n', everyMs: 40 }, untilClosed: true, timeoutMs: 10_000 });
    const times = await healthyMeanwhile(5);
    const answer = await slowloris;
    expectRefusal(answer, 408, /not received in time/);
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(answer.elapsedMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    // It kept dripping the whole time: the drop is the timeout, not a pause.
    expect(answer.drippedBytes).toBeGreaterThan(0);
    expect(Math.max(...times)).toBeLessThan(HEADERS_TIMEOUT_MS);
  });

  it('drops fifty slowloris connections at once and serves others meanwhile', async () => {
    const slow = Array.from({ length: 50 }, () =>
      rawExchange(runtime.port, { send: COMPOSITE, drip: { bytes: 'X-A: b\r\n', everyMs: 50 }, untilClosed: true, timeoutMs: 10_000 }),
    );
    await healthyMeanwhile(5);
    for (const answer of await Promise.all(slow)) expectRefusal(answer, 408, /not received in time/);
  });

  it('drops a connection that never sends a byte after the headers timeout', async () => {
    const answer = await rawExchange(runtime.port, { untilClosed: true, timeoutMs: 10_000 });
    expectRefusal(answer, 408, /not received in time/);
    expect(answer.elapsedMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
  });

  it('drops a body dripped slowly after the request timeout, and never calls the upstream', async () => {
    const before = upstream.requests.length;
    const answer = await rawExchange(runtime.port, {
      send: `${COMPOSITE}Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
      drip: { bytes: '"a":1,', everyMs: 40 },
      untilClosed: true,
      timeoutMs: 10_000,
    });
    expectRefusal(answer, 408, /not received in time/);
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(answer.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
    expect(upstream.requests.length).toBe(before);
    // The dropped request is logged as abandoned, not as a failure of the connector.
    await expect.poll(() => runtime.logs.some((l) => l['connector'] === 'post' && l['status'] === 499)).toBe(true);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout, without a word', async () => {
    const answer = await rawExchange(runtime.port, {
      send: 'GET /api/connectors/healthy HTTP/1.1\r\nHost: conduit.test\r\n\r\n',
      untilClosed: true,
      timeoutMs: 10_000,
    });
    expect(answer.status).toBe(200);
    expect(answer.closedByServer).toBe(true);
    expect(answer.raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    // The response announces the timeout (in whole seconds, rounded down) so clients leave first;
    // node itself closes a second later (its fixed buffer against that race).
    expect(answer.headers['keep-alive']).toBe(`timeout=${Math.floor(KEEP_ALIVE_TIMEOUT_MS / 1000)}`);
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 50);
    expect(answer.elapsedMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + NODE_KEEP_ALIVE_BUFFER_MS + SLACK_MS);
  });
});

describe('requests over the limits', () => {
  it('answers 413 to a declared body over 1 MiB before reading it', async () => {
    const answer = await rawExchange(runtime.port, { send: `${COMPOSITE}Content-Length: ${MAX_BODY + 1}\r\n\r\n`, untilClosed: true, timeoutMs: 5_000 });
    expectRefusal(answer, 413, new RegExp(`larger than ${MAX_BODY} bytes`));
  });

  it('answers 413 to a chunked body that grows past 1 MiB', async () => {
    const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
    const answer = await rawExchange(runtime.port, {
      send: `${COMPOSITE}Transfer-Encoding: chunked\r\n\r\n${chunk.repeat(17)}`,
      drip: { bytes: chunk, everyMs: 20 },
      untilClosed: true,
      timeoutMs: 5_000,
    });
    expectRefusal(answer, 413, new RegExp(`larger than ${MAX_BODY} bytes`));
  });

  it('answers 431 naming a header value over 8 KiB', async () => {
    const answer = await rawExchange(runtime.port, {
      send: `${COMPOSITE}X-Big: ${'v'.repeat(8 * 1024 + 1)}\r\nContent-Length: 0\r\n\r\n`,
      timeoutMs: 5_000,
    });
    expect(answer.status).toBe(431);
    const errors = envelopeOf(answer.body);
    expect(errors).toEqual({ scope: 'Request', message: "Header 'X-Big' is longer than 8192 bytes" });
  });

  it('answers 431 and closes when the whole head is over 64 KiB', async () => {
    const headers = Array.from({ length: 20 }, (_, i) => `X-Part-${i}: ${'v'.repeat(4000)}\r\n`).join('');
    const answer = await rawExchange(runtime.port, { send: `${COMPOSITE}${headers}\r\n`, untilClosed: true, timeoutMs: 5_000 });
    expectRefusal(answer, 431, /headers are too large/);
  });
});

describe('malformed requests', () => {
  it('answers 400 to a chunked body with a chunk size that is not hex, and never calls the upstream', async () => {
    const before = upstream.requests.length;
    const answer = await rawExchange(runtime.port, {
      send: `${COMPOSITE}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\nnot a chunk\r\n0\r\n\r\n`,
      untilClosed: true,
      timeoutMs: 5_000,
    });
    expectRefusal(answer, 400, /Malformed chunked request body/);
    expect(upstream.requests.length).toBe(before);
  });

  it('answers 400 to a chunked body cut off by the end of the connection, and never calls the upstream', async () => {
    const before = upstream.requests.length;
    const answer = await rawExchange(runtime.port, {
      send: `${COMPOSITE}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nwor`,
      endAfterSend: true,
      untilClosed: true,
      timeoutMs: 5_000,
    });
    expectRefusal(answer, 400, /Malformed chunked request body/);
    expect(upstream.requests.length).toBe(before);
  });

  it.each([
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n'],
    ['a header line without a colon', `${COMPOSITE}this is not a header\r\n\r\n`],
    ['both Content-Length and Transfer-Encoding', `${COMPOSITE}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['a negative Content-Length', `${COMPOSITE}Content-Length: -1\r\n\r\n`],
    ['a NUL byte in a header value', `${COMPOSITE}X-Bad: a\u0000b\r\n\r\n`],
  ])('answers 400 and closes on %s', async (_name, send) => {
    const answer = await rawExchange(runtime.port, { send, untilClosed: true, timeoutMs: 5_000 });
    expectRefusal(answer, 400, /Malformed/);
  });
});

describe('requests node would answer without the envelope', () => {
  it('answers 400 with the envelope to an HTTP/1.1 request without Host, and never calls the upstream', async () => {
    const before = upstream.requests.length;
    const answer = await rawExchange(runtime.port, { send: 'GET /api/connectors/healthy HTTP/1.1\r\n\r\n', untilClosed: true, timeoutMs: 5_000 });
    expectRefusal(answer, 400, /needs a Host header/);
    expect(upstream.requests.length).toBe(before);
  });

  it('still serves an HTTP/1.0 request without Host (the header is HTTP/1.1)', async () => {
    const answer = await rawExchange(runtime.port, { send: 'GET /api/connectors/healthy HTTP/1.0\r\n\r\n', untilClosed: true, timeoutMs: 5_000 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true });
  });

  it('answers 405 with the envelope and Allow to CONNECT, and closes', async () => {
    const answer = await rawExchange(runtime.port, { send: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', untilClosed: true, timeoutMs: 5_000 });
    expectRefusal(answer, 405, /CONNECT method is not supported/);
    expect(answer.headers.allow).toMatch(/GET/);
  });
});
