// Payloads that the connector's own templates cannot use: malformed JSON, JSON nested deeper than
// any renderer follows, bytes that are not UTF-8, an empty body. Read with
// `request.body_text | from_json` (composite) or `body_text | from_json` (regular), each is a 422
// "Configuration (template rendering)" for that step, with no upstream call and nothing of the
// payload in the answer; `body_text` is None for invalid UTF-8 while `body_raw` keeps every byte.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composite, regular, registryOf, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, json, startUpstream, type EchoedRequest, type Upstream } from '../../support/upstream/index.js';
import { compileToFunction } from '../../template/harness.js';
import { expectEnvelope } from './support/envelope.js';
import { expectNoProcessFaults } from './support/process-faults.js';

expectNoProcessFaults();

/** A template compiled by Conduit's own compiler, as a generated module holds it. */
const jinja = (source: string) => tpl(source, compileToFunction(source));

const PAYLOAD_MARKER = 'payload-marker-7QzX';
const RENDERING_PARSE = "Composite step 'parse' (index 0): Configuration (template rendering)";

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({ routes: { '/echo': echo(), '/healthy': json({ ok: true }) } });
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'healthy', url: upstream.url('/healthy') }),
      composite({
        permalink: 'parse',
        steps: [
          {
            name: 'parse',
            method: 'POST',
            url: upstream.url('/echo'),
            requestBody: jinja("{{ {'name': (request.body_text | from_json).name} | tojson }}"),
          },
        ],
      }),
      composite({
        permalink: 'inspect',
        steps: [
          {
            name: 'inspect',
            method: 'POST',
            url: upstream.url('/echo'),
            requestBody: jinja("{{ {'text_is_none': request.body_text is none, 'raw': request.body_raw | base64_encode} | tojson }}"),
          },
        ],
      }),
      regular({
        permalink: 'regular-parse',
        method: 'POST',
        url: upstream.url('/echo'),
        requestBody: jinja("{{ (body_text | from_json).name }}"),
      }),
      regular({
        permalink: 'regular-inspect',
        method: 'POST',
        url: upstream.url('/echo'),
        requestBody: jinja("{{ body_text is none }} {{ body_raw | base64_encode }} {{ body_raw[:2] }} {{ body_raw | length }}"),
      }),
    ),
  );
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

afterEach(async () => {
  const res = await runtime.call('/api/connectors/healthy');
  expect(res.status).toBe(200);
});

function post(path: string, body: string | Uint8Array, contentType = 'application/json'): Promise<Response> {
  return runtime.call(path, { method: 'POST', headers: { 'content-type': contentType }, body });
}

const NESTED_DEPTH = 200_000;

describe('payloads a from_json template cannot read: 422 for the step, no upstream call', () => {
  it.each([
    ['truncated JSON', `{"name": "${PAYLOAD_MARKER}`, /\(value-error\)/],
    ['not JSON at all', `${PAYLOAD_MARKER} <html>`, /\(value-error\)/],
    ['JSON with a raw control character', `{"name": "${PAYLOAD_MARKER}\u0001"}`, /\(value-error\)/],
    ['an empty body (body_text is None)', '', /\(type-error\)/],
    [`arrays nested ${NESTED_DEPTH} deep`, `${'['.repeat(NESTED_DEPTH)}"${PAYLOAD_MARKER}"${']'.repeat(NESTED_DEPTH)}`, /\(recursion\)/],
    [`objects nested ${NESTED_DEPTH / 2} deep`, `${'{"a":'.repeat(NESTED_DEPTH / 2)}"${PAYLOAD_MARKER}"${'}'.repeat(NESTED_DEPTH / 2)}`, /\(recursion\)/],
  ])('%s', async (_name, payload, message) => {
    const before = upstream.requests.length;
    const res = await post('/api/connectors/composite/parse', payload);
    const text = await res.clone().text();
    const errors = await expectEnvelope(res, 422, RENDERING_PARSE);
    expect(errors.message).toMatch(/^A template of this step failed to render/);
    expect(errors.message).toMatch(message);
    expect(text).not.toContain(PAYLOAD_MARKER);
    expect(upstream.requests.length).toBe(before);
  });

  it('invalid UTF-8 bytes: body_text is None, so from_json fails with a type error', async () => {
    const res = await post('/api/connectors/composite/parse', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    const errors = await expectEnvelope(res, 422, RENDERING_PARSE);
    expect(errors.message).toBe('A template of this step failed to render (type-error)');
  });

  it('the same for a regular connector reading body_text, without the step prefix', async () => {
    const before = upstream.requests.length;
    await expectEnvelope(await post('/api/connectors/regular-parse', '{"name": '), 422, 'Configuration (template rendering)');
    await expectEnvelope(await post('/api/connectors/regular-parse', Buffer.from([0xc3, 0x28])), 422, 'Configuration (template rendering)');
    expect(upstream.requests.length).toBe(before);
  });

  it('still renders a well-formed payload (the failures above are the payloads, not the template)', async () => {
    const res = await post('/api/connectors/composite/parse', '{"name": "Ada"}');
    expect(res.status).toBe(200);
    expect(((await res.json()) as EchoedRequest).body).toBe('{"name": "Ada"}');
  });
});

describe('non-UTF-8 payloads reach templates as None, with every byte in body_raw', () => {
  const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41, 0xc3, 0x28]);

  it('composite: request.body_text is None, request.body_raw is the base64 of the bytes', async () => {
    const res = await post('/api/connectors/composite/inspect', bytes, 'application/octet-stream');
    expect(res.status).toBe(200);
    const sent = JSON.parse(((await res.json()) as EchoedRequest).body) as { text_is_none: boolean; raw: string };
    expect(sent).toEqual({ text_is_none: true, raw: bytes.toString('base64') });
  });

  it('regular: body_text is None, body_raw is the base64 of the bytes', async () => {
    const res = await post('/api/connectors/regular-inspect', bytes, 'application/octet-stream');
    expect(res.status).toBe(200);
    // body_raw is Python bytes: base64_encode takes them as they are, slicing and length as Python.
    expect(((await res.json()) as EchoedRequest).body).toBe(`True ${bytes.toString('base64')} b&#39;\\x00\\xff&#39; 7`);
  });

  it('a valid UTF-8 payload is text, not None', async () => {
    const res = await post('/api/connectors/composite/inspect', 'zażółć', 'text/plain');
    const sent = JSON.parse(((await res.json()) as EchoedRequest).body) as { text_is_none: boolean; raw: string };
    expect(sent).toEqual({ text_is_none: false, raw: Buffer.from('zażółć').toString('base64') });
  });
});
