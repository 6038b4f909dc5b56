// A composite connector run through the real server against real HTTPS upstreams (test CA).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, composite, header, query, registryOf, text, tpl } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { echo, json, respond, startUpstream, type EchoedRequest, type Upstream } from '../../support/upstream/index.js';

// Not valid UTF-8 (0xff, 0xfe and a lone continuation byte): templates see None.
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x80, 0x00, 0x01]);

let upstream: Upstream;
let runtime: TestRuntime;

beforeAll(async () => {
  upstream = await startUpstream({
    tls: true,
    routes: {
      'GET /users/7': json({ id: 7, name: 'Ada', team: 'engine' }, { headers: { 'X-Request-Id': 'req-1' } }),
      'GET /teams/engine': json({ members: 3 }, { headers: { 'X-Next-Cursor': 'cursor-99' } }),
      'POST /members': echo(),
      'GET /image.png': respond({ headers: { 'Content-Type': 'image/png' }, body: BINARY }),
      'POST /describe': echo(),
      'GET /status-created': respond({ status: 201, headers: { 'Content-Type': 'text/csv' }, body: 'a,b\n1,2\n' }),
    },
  });
  const u = (path: string) => upstream.url(path);
  const registry = registryOf(
    composite({
      permalink: 'user-team-members',
      id: 31,
      steps: [
        {
          name: 'fetch-user',
          url: tpl("https://…/users/{{ request.query_parameters.user }}", (v) => u(`/users/${text(at(v, 'request', 'query_parameters', 'user'))}`)),
        },
        {
          name: 'team',
          // step 2 reads step 1's JSON (hyphenated name: steps['fetch-user'])
          url: tpl("https://…/teams/{{ (steps['fetch-user'].body | from_json).team }}", (v) => {
            const user = JSON.parse(text(at(v, 'steps', 'fetch-user', 'body'))) as { team: string };
            return u(`/teams/${user.team}`);
          }),
        },
        {
          name: 'list-members',
          method: 'POST',
          url: u('/members'),
          // step 3 reads a response header of step 2 (lower-cased keys)
          headers: [
            header('X-Cursor', tpl("{{ steps.team.headers['x-next-cursor'] }}", (v) => text(at(v, 'steps', 'team', 'headers', 'x-next-cursor')))),
            header('X-First-Status', tpl("{{ steps['fetch-user'].status_code }}", (v) => text(at(v, 'steps', 'fetch-user', 'status_code')))),
            header('X-User-Request-Id', tpl("{{ steps['fetch-user'].headers['x-request-id'] }}", (v) => text(at(v, 'steps', 'fetch-user', 'headers', 'x-request-id')))),
          ],
          query: [query('page', '1')],
          requestBody: tpl('{"team": "{{ ... }}", "payload": {{ request.body_text }}}', (v) => {
            const user = JSON.parse(text(at(v, 'steps', 'fetch-user', 'body'))) as { team: string };
            return `{"team": "${user.team}", "payload": ${text(at(v, 'request', 'body_text'))}}`;
          }),
        },
      ],
    }),
    composite({
      permalink: 'binary-chain',
      steps: [
        { name: 'image', url: u('/image.png') },
        {
          name: 'describe',
          method: 'POST',
          url: u('/describe'),
          headers: [header('X-Image-Body', tpl('{{ steps.image.body }}', (v) => text(at(v, 'steps', 'image', 'body'))))],
        },
        { name: 'image-again', url: u('/image.png') },
      ],
    }),
    composite({
      permalink: 'transformed',
      steps: [
        {
          name: 'first',
          url: u('/users/7'),
          responseBody: tpl('{{ (response.body | from_json).name }}', (v) => (JSON.parse(text(at(v, 'response', 'body'))) as { name: string }).name),
          // not the last step: ignored
          responseContentType: 'application/x-ignored',
        },
        {
          name: 'second',
          method: 'POST',
          url: u('/describe'),
          requestBody: tpl('name={{ steps.first.body }}', (v) => `name=${text(at(v, 'steps', 'first', 'body'))}`),
          responseBody: tpl('{{ response.status_code }}:{{ (response.body|from_json).body }}', (v) => {
            const echoed = JSON.parse(text(at(v, 'response', 'body'))) as EchoedRequest;
            return `${text(at(v, 'response', 'status_code'))}:${echoed.body}`;
          }),
          responseContentType: 'text/x-summary',
        },
      ],
    }),
    composite({ permalink: 'created', steps: [{ name: 'only', url: u('/status-created') }] }),
  );
  runtime = await startTestRuntime(registry);
});

afterAll(async () => {
  await runtime?.close();
  await upstream?.close();
});

function requestsTo(path: string) {
  return upstream.requests.filter((r) => r.path === path);
}

describe('composite connector: three steps in order', () => {
  it('feeds step 1 JSON into step 2 and a step 2 header into step 3, and answers with step 3', async () => {
    const before = upstream.requests.length;
    const res = await runtime.call('/api/connectors/composite/user-team-members?user=7', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'hi' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const echoed = (await res.json()) as EchoedRequest;
    expect(echoed.path).toBe('/members');
    expect(echoed.query).toEqual([['page', '1']]);
    expect(echoed.headers['x-cursor']).toBe('cursor-99');
    expect(echoed.headers['x-first-status']).toBe('200');
    expect(echoed.headers['x-user-request-id']).toBe('req-1');
    expect(JSON.parse(echoed.body)).toEqual({ team: 'engine', payload: { note: 'hi' } });
    // A rendered JSON body gets a JSON content type when none is configured.
    expect(echoed.headers['content-type']).toBe('application/json');

    // strictly in order, one request per step
    const sent = upstream.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(sent).toEqual(['GET /users/7', 'GET /teams/engine', 'POST /members']);
  });

  it('reports Server-Timing and X-Connector-Timing per step', async () => {
    const res = await runtime.call('/api/connectors/composite/user-team-members?user=7', { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    const serverTiming = res.headers.get('server-timing')!;
    expect(serverTiming).toMatch(
      /^step\.fetch-user;dur=[\d.]+;desc="Step: fetch-user", step\.team;dur=[\d.]+;desc="Step: team", step\.list-members;dur=[\d.]+;desc="Step: list-members", total;dur=[\d.]+;desc="Total"$/,
    );
    const timing = JSON.parse(res.headers.get('x-connector-timing')!) as {
      steps: { name: string; index: number; status_code: number; duration_ms: number }[];
      total_ms: number;
    };
    expect(timing.steps.map((s) => [s.name, s.index, s.status_code])).toEqual([
      ['fetch-user', 0, 200],
      ['team', 1, 200],
      ['list-members', 2, 200],
    ]);
    const sum = timing.steps.reduce((total, s) => total + s.duration_ms, 0);
    expect(timing.total_ms).toBeGreaterThanOrEqual(sum - 0.05);
    await res.arrayBuffer();
  });

  it('is addressable by its numeric id', async () => {
    const res = await runtime.call('/api/connectors/composite/31?user=7', { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as EchoedRequest).path).toBe('/members');
  });

  it('passes the last step status code through', async () => {
    const res = await runtime.call('/api/connectors/composite/created', { method: 'POST' });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(await res.text()).toBe('a,b\n1,2\n');
  });
});

describe('composite connector: binary bodies', () => {
  it('gives templates None for a binary body and passes binary bytes through when last', async () => {
    const before = requestsTo('/describe').length;
    const res = await runtime.call('/api/connectors/composite/binary-chain', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(BINARY);
    const described = requestsTo('/describe')[before]!;
    expect(described.headers['x-image-body']).toBe('None');
  });
});

describe('composite connector: response_body and response_content_type', () => {
  it('stores the response_body result as steps.<name>.body and honours response_content_type on the last step only', async () => {
    const res = await runtime.call('/api/connectors/composite/transformed', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-summary');
    // step 2 received step 1's transformed body; its own response_body produced the answer
    expect(await res.text()).toBe('200:name=Ada');
  });
});
