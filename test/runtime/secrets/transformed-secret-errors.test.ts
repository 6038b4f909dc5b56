// A value derived from get_secret (upper, lower, reverse, slice, base64, concatenation) is never
// quoted by an error: not in the 422/502 envelope, not in any response header, not in a log line.
// The exact-value redactor cannot see these forms, so render errors of hdr-slot templates are
// rebuilt from the template's source text (runtime/executor/secret-safe-render.ts).
// The tokens' own failures (signing, token request) never quote rendered values either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../compiler/template/compile-template.js';
import { parseTemplate } from '../../../compiler/template/parse.js';
import type { CompiledAuth, CompiledConnector, CompiledTemplate } from '../../../runtime/connector.js';
import { rt } from '../../../runtime/template/helpers.js';
import type { TemplateFunction } from '../../../runtime/template/types.js';
import { header, query, regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { findSecretLeaks, SECRET_CANARIES } from '../../support/secret-canaries/index.js';
import { closedPort, echo, respond, startUpstream, type Upstream } from '../../support/upstream/index.js';

/** A real template, compiled by Conduit's compiler, marked as the compiler marks get_secret users. */
function secretTemplate(source: string): CompiledTemplate {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const render = new Function('rt', `return ${compileTemplate(parsed.ast, { source }).code}`)(rt) as TemplateFunction;
  return { source, usesSecret: true, render };
}

const SECRET = SECRET_CANARIES.apiKey;
const S = "get_secret('canary_api_key')";
const TRANSFORMS: Readonly<Record<string, { readonly expr: string; readonly value: string }>> = {
  upper: { expr: `(${S} | upper)`, value: SECRET.toUpperCase() },
  lower: { expr: `(${S} | lower)`, value: SECRET.toLowerCase() },
  reverse: { expr: `(${S} | reverse)`, value: [...SECRET].reverse().join('') },
  slice: { expr: `${S}[1:]`, value: SECRET.slice(1) },
  base64: { expr: `(${S} | base64_encode)`, value: Buffer.from(SECRET).toString('base64') },
  concat: { expr: `('pre-' ~ ${S} ~ '-post')`, value: `pre-${SECRET}-post` },
};
/** Every form a leak could take: the secret and each transform of it (the scan adds JSON/URL/base64 forms). */
const FORMS = [SECRET, ...Object.values(TRANSFORMS).map((t) => t.value)];

/** Template error paths of the hdr slot, each quoting the rendered value in its raw message. */
const RENDER_ERRORS: Readonly<Record<string, (expr: string) => string>> = {
  'undefined attribute': (e) => `{{ ${e}.nope.deeper }}`,
  'bad filter argument': (e) => `{{ ${e} | filesizeformat }}`,
  'int conversion': (e) => `{{ '%d' % ${e} }}`,
  'float conversion': (e) => `{{ '%.2f' % ${e} }}`,
  'format error': (e) => `{{ '{:d}'.format(${e}) }}`,
};

let upstream: Upstream;
let runtime: TestRuntime;
let deadPort: number;
const cases: { readonly permalink: string; readonly label: string; readonly expect: 422 | 502 }[] = [];

function connectors(): CompiledConnector[] {
  const out: CompiledConnector[] = [];
  const add = (label: string, status: 422 | 502, spec: Parameters<typeof regular>[0]) => {
    cases.push({ permalink: spec.permalink, label, expect: status });
    out.push(regular(spec));
  };
  let n = 0;
  for (const [tName, t] of Object.entries(TRANSFORMS)) {
    for (const [eName, make] of Object.entries(RENDER_ERRORS)) {
      const source = make(t.expr);
      add(`${eName} / ${tName} in a header`, 422, { permalink: `h${n}`, url: upstream.url('/ok'), headers: [header('X-Key', secretTemplate(source))] });
      add(`${eName} / ${tName} in a query value`, 422, { permalink: `q${n}`, url: upstream.url('/ok'), query: [query('key', secretTemplate(source))] });
      const apiKey: CompiledAuth = { type: 'api_key', key: 'X-Key', value: secretTemplate(source), in: 'header' };
      add(`${eName} / ${tName} in api_key auth`, 422, { permalink: `a${n}`, url: upstream.url('/ok'), auth: apiKey });
      n++;
    }
    const obj = { kind: 'object', entries: [] } as const;
    const jwtAlg: CompiledAuth = { type: 'jwt', privateKey: secretTemplate(`{{ ${S} }}`), algorithm: secretTemplate(`{{ ${t.expr} }}`), claims: obj, jwtHeaders: obj };
    add(`jwt templated algorithm / ${tName}`, 422, { permalink: `ja${n}`, url: upstream.url('/ok'), auth: jwtAlg });
    const jwtKey: CompiledAuth = { type: 'jwt', privateKey: secretTemplate(`{{ ${t.expr} }}`), algorithm: 'RS256', claims: obj, jwtHeaders: obj };
    add(`jwt templated key / ${tName}`, 422, { permalink: `jk${n}`, url: upstream.url('/ok'), auth: jwtKey });
    const refused: CompiledAuth = {
      type: 'oauth_client_credentials',
      tokenUrl: upstream.url('/token-refused'),
      clientId: secretTemplate(`{{ ${t.expr} }}`),
      clientSecret: secretTemplate(`{{ ${t.expr} }}`),
      scope: null,
      audience: null,
      clientAuth: 'body',
    };
    add(`token request refused / ${tName}`, 502, { permalink: `tr${n}`, url: upstream.url('/ok'), auth: refused });
    const unreachable: CompiledAuth = {
      type: 'oauth_client_credentials',
      tokenUrl: secretTemplate(`http://127.0.0.1:${deadPort}/token/{{ ${t.expr} }}`),
      clientId: 'app',
      clientSecret: secretTemplate(`{{ ${t.expr} }}`),
      scope: null,
      audience: null,
      clientAuth: 'basic',
    };
    add(`token endpoint unreachable / ${tName}`, 502, { permalink: `tu${n}`, url: upstream.url('/ok'), auth: unreachable });
  }
  for (const [tName, t] of Object.entries(TRANSFORMS)) {
    // Successes under --debug: X-Debug-Request shows these values as their template text.
    const value = secretTemplate(`{{ ${t.expr} }}`);
    out.push(regular({ permalink: `ok-${tName}`, url: upstream.url('/ok'), headers: [header('X-Key', value)], query: [query('key', value)], auth: { type: 'api_key', key: 'X-Auth', value, in: 'header' } }));
  }
  return out;
}

beforeAll(async () => {
  deadPort = await closedPort();
  // The token endpoint refuses and echoes nothing of the request but says so in its body.
  upstream = await startUpstream({ routes: { '/token-refused': respond({ status: 401, body: '{"error":"invalid_client"}' }), '*': echo() } });
  runtime = await startTestRuntime(registryOf(...connectors()), { debug: true });
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

describe('transformed secrets in error paths', () => {
  it('never quotes a secret or its transform in the envelope, a response header or a log line', async () => {
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) {
      const res = await runtime.call(`/api/connectors/${c.permalink}`, { method: 'GET' });
      const body = await res.text();
      expect(res.status, c.label).toBe(c.expect);
      const head = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
      const leaks = findSecretLeaks([{ source: `${c.label} body`, text: body }, { source: `${c.label} headers`, text: head }], FORMS);
      expect(leaks, c.label).toEqual([]);
    }
    const logLeaks = findSecretLeaks([{ source: 'log', text: runtime.logText() }], FORMS);
    expect(logLeaks).toEqual([]);
    // The failures were logged: the scan above read real lines.
    expect(runtime.logs.length).toBeGreaterThanOrEqual(cases.length);
  });

  it('shows transformed secrets in X-Debug-Request only as template text', async () => {
    for (const [tName, t] of Object.entries(TRANSFORMS)) {
      const res = await runtime.call(`/api/connectors/ok-${tName}`, { method: 'GET' });
      expect(res.status, tName).toBe(200);
      // The upstream echo really received the transformed value (the body is the upstream's, not Conduit's words).
      expect(await res.text(), tName).toContain(t.value.slice(0, 8));
      const debug = res.headers.get('x-debug-request') ?? '';
      expect(debug, tName).toContain(`{{ ${t.expr} }}`);
      const head = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
      expect(findSecretLeaks([{ source: `${tName} headers`, text: head }], FORMS), tName).toEqual([]);
    }
  });

  it('names the slot and quotes the template source with the stable code', async () => {
    const source = RENDER_ERRORS['undefined attribute']!(TRANSFORMS.reverse!.expr);
    const index = cases.findIndex((c) => c.label === 'undefined attribute / reverse in a header');
    const res = await runtime.call(`/api/connectors/${cases[index]!.permalink}`, { method: 'GET' });
    const envelope = (await res.json()) as { errors: { message: string } };
    // The envelope keeps SPEC §5's contract text; the log line carries slot, code and source.
    expect(envelope.errors.message).toBe('A template of this step failed to render (undefined)');
    expect(runtime.logs.map((line) => line['detail'])).toContain(`Template rendering failed (undefined) in header 'X-Key': ${source}`);
  });
});
