// `conduit run PERMALINK` executes one connector once and prints the response, the timing of each
// step and the resolved request of each step, with secret values shown as their template text.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo, json, respond, startUpstream, type Upstream } from '../support/upstream/index.js';
import { removeScratch, scratchDir, writeTree } from '../compiler/build/temp-build.js';
import { runCli } from './run-cli.js';

const API_KEY = 'run-command-api-key-4c8e1b7d';
let work: string;
let upstream: Upstream;
let registry: string;
let secretsFile: string;

beforeAll(async () => {
  work = await scratchDir('cli-run');
  upstream = await startUpstream({
    routes: { 'GET /v1/account': json({ id: 'acc-9', plan: 'gold' }), '/v1/broken': respond({ status: 500, body: 'upstream body never shown' }), '*': echo() },
  });
  const origin = `http://127.0.0.1:${upstream.port}`;
  registry = path.join(work, 'registry');
  secretsFile = path.join(work, 'secrets.json');
  await writeTree(work, {
    'secrets.json': JSON.stringify({ default: { api_key: API_KEY } }),
    'registry/chain.yaml': [
      'composite_connectors:',
      '  - name: Account Report',
      '    steps:',
      '      - name: account',
      `        url: ${origin}/v1/account`,
      '        authentication:',
      '          type: api_key',
      '          config: { key: X-API-Key, value: "{{ get_secret(\'api_key\') }}", in: header }',
      '      - name: report',
      '        method: POST',
      `        url: "${origin}/v1/report/{{ (steps.account.body | from_json).id }}"`,
      '        query_parameters:',
      '          - key: period',
      '            value: "{{ request.query_parameters.period }}"',
      '        request_body: "{{ {\'plan\': (steps.account.body | from_json).plan, \'by\': user.id, \'note\': (request.body_text | from_json).note} | tojson }}"',
      '        response_body: "{{ (response.body | from_json).path }}"',
      '        response_content_type: text/plain',
      '',
    ].join('\n'),
    'registry/broken.yaml': [
      'connectors:',
      '  - name: Broken',
      `    url: ${origin}/v1/broken`,
      '    method: GET',
      '  - name: Bad Url',
      '    url: "{{ get_variable(\'nowhere\') }}/x"',
      '',
    ].join('\n'),
    'payload.json': '{"note": "from a file"}',
  });
});
afterAll(async () => {
  await upstream?.close();
  await removeScratch(work);
});

const run = (args: readonly string[]) => runCli(['run', ...args, '--registry', registry, '--secrets', secretsFile, '--allow-insecure-upstreams']);

describe('conduit run', () => {
  it('prints the response, each step with its status and time, and the resolved requests with credentials masked', async () => {
    const result = await run(['account-report', '--payload', '{"note": "hi"}', '--query', 'period=2024-Q1', '--user', '{"sub": "u-3", "tenant_id": "t"}', '--verbose']);
    expect(result.code, result.stderr).toBe(0);
    const [head, afterBody] = result.stdout.split('\nsteps:\n');
    expect(head).toMatch(/^HTTP 200\n/);
    expect(head).toContain('Content-Type: text/plain');
    expect(head).toContain('\n/v1/report/acc-9\n');
    expect(afterBody).toMatch(/^ +0 +account +200 +\d+\.\d\d ms\n +1 +report +200 +\d+\.\d\d ms\n +total \d+\.\d\d ms\n/);

    const marker = 'rendered upstream requests (secrets shown as their templates):\n';
    const debugJson = afterBody!.slice(afterBody!.indexOf(marker) + marker.length);
    const steps = JSON.parse(debugJson) as { name: string; url: string; method: string; headers: [string, string][]; query_parameters: [string, string][]; request_body: string | null; authentication?: Record<string, unknown> }[];
    expect(steps.map((s) => [s.name, s.method, s.url])).toEqual([
      ['account', 'GET', `http://127.0.0.1:${upstream.port}/v1/account`],
      ['report', 'POST', `http://127.0.0.1:${upstream.port}/v1/report/acc-9`],
    ]);
    expect(steps[1]!.query_parameters).toEqual([['period', '2024-Q1']]);
    expect(JSON.parse(steps[1]!.request_body!)).toEqual({ plan: 'gold', by: 'u-3', note: 'hi' });
    // The upstream got the real key; the printout masks credential fields (SPEC §5 v2), never the value.
    expect(upstream.requests.find((r) => r.path === '/v1/account')!.headers['x-api-key']).toBe(API_KEY);
    expect(steps[0]!.authentication).toMatchObject({ type: 'api_key', key: 'X-API-Key', value: '**********', in: 'header' });
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
  });

  it('prints no rendered requests without --verbose', async () => {
    const result = await run(['account-report', '--payload', '{"note": "hi"}', '--user', '{"sub": "u-3"}']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('rendered upstream requests');
  });

  it('exits 1 when a regular connector answers the upstream 500 (passed through), and prints its timing split', async () => {
    const result = await run(['broken']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^HTTP 500\n/);
    expect(result.stdout).toMatch(/\n +0 +broken +500 +\d+\.\d\d ms\n/);
    expect(result.stdout).toMatch(/\n  internal [\d.]+ ms, external [\d.]+ ms \(127\.0\.0\.1\)\n/);
  });

  it('exits 1 with the error envelope when the connector fails', async () => {
    const result = await run(['bad-url']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^HTTP 422\n/);
    expect(result.stdout).toContain('"scope":"Configuration (template rendering)"');
  });

  it('runs a connector by name, reads --payload @FILE and prints one JSON document with --json', async () => {
    const result = await run(['Account Report', '--payload', `@${path.join(work, 'payload.json')}`, '--query', 'period=Q2', '--user', '{"sub": "u-4"}', '--json', '--verbose']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { ok: boolean; status: number; request_id: string; body: unknown; timing: { request_id: string; steps: unknown[] }; requests: { request_body: string }[] };
    expect(doc).toMatchObject({ ok: true, status: 200, body: '/v1/report/acc-9' });
    expect(doc.timing.request_id).toBe(doc.request_id);
    expect(doc.timing.steps).toHaveLength(2);
    expect(JSON.parse(doc.requests[1]!.request_body)).toMatchObject({ note: 'from a file' });
  });

  it('says `Connector "x" is not defined in this registry` for an unknown name, exit 1', async () => {
    const result = await run(['no-such-connector']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Connector "no-such-connector" is not defined in this registry');
  });

  it('refuses an unreadable --payload @FILE with exit 2', async () => {
    const result = await run(['account-report', '--payload', '@/nonexistent/payload.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read --payload @/nonexistent/payload.json');
  });
});
