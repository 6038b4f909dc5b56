// The Conduit side of the runtime benchmark: the real runtime (startServer) serving a 3-step
// composite whose templates are small functions, as generated modules contain. Request logs
// and metrics stay on (written to /dev/null) so their cost is measured. Prints {"port":N}.
import pino from 'pino';
import type { CompiledConnector, CompiledRegistry, CompiledStep, CompiledTemplate } from '../../runtime/connector.js';
import { startServer } from '../../runtime/main.js';
import type { TemplateVars } from '../../runtime/template/types.js';

const upstream = `http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`;

function dict(value: unknown, key: string): unknown {
  return value instanceof Map ? value.get(key) : undefined;
}

function tpl(source: string, render: (vars: TemplateVars) => string): CompiledTemplate {
  return { source, usesSecret: false, render };
}

function step(partial: Partial<CompiledStep> & Pick<CompiledStep, 'name' | 'index' | 'url'>): CompiledStep {
  return {
    method: 'GET',
    headers: [],
    queryParameters: [],
    authentication: { type: 'none' },
    requestBody: '',
    responseBody: null,
    responseContentType: null,
    cacheable: false,
    ...partial,
  };
}

/** `steps.auth.body | from_json`, parsed once per request like a generated module would. */
function authJson(vars: TemplateVars): { token: string; team: string } {
  return JSON.parse(dict(dict(dict(vars, 'steps'), 'auth'), 'body') as string) as { token: string; team: string };
}

const connector: CompiledConnector = {
  kind: 'composite',
  name: 'team report',
  permalink: 'team-report',
  id: null,
  method: 'POST',
  pathParams: [],
  readsRequestBody: true,
  steps: [
    step({ name: 'auth', index: 0, url: { kind: 'static', href: `${upstream}/auth`, origin: upstream } }),
    step({
      name: 'team',
      index: 1,
      url: {
        kind: 'template',
        origin: upstream,
        template: tpl(`${upstream}/teams/{{ (steps.auth.body | from_json).team }}`, (v) => `${upstream}/teams/${authJson(v).team}`),
      },
      headers: [
        {
          key: 'Authorization',
          matchKey: 'authorization',
          overridable: false,
          value: tpl('Bearer {{ (steps.auth.body | from_json).token }}', (v) => `Bearer ${authJson(v).token}`),
        },
      ],
    }),
    step({
      name: 'report',
      index: 2,
      method: 'POST',
      url: { kind: 'static', href: `${upstream}/report`, origin: upstream },
      headers: [
        { key: 'X-Page', matchKey: 'x-page', overridable: false, value: tpl("{{ steps.team.headers['x-next-page'] }}", (v) => String(dict(dict(dict(dict(v, 'steps'), 'team'), 'headers'), 'x-next-page'))) },
        { key: 'Content-Type', matchKey: 'content-type', overridable: false, value: 'application/json' },
      ],
      requestBody: tpl('{"team": "{{ (steps.auth.body | from_json).team }}", "range": "{{ (request.body_text | from_json).range }}"}', (v) => {
        const payload = JSON.parse(dict(dict(v, 'request'), 'body_text') as string) as { range: string };
        return `{"team": "${authJson(v).team}", "range": "${payload.range}"}`;
      }),
    }),
  ],
};

const registry: CompiledRegistry = { connectors: [connector], secretNames: [] };

const server = await startServer(registry, {
  host: '127.0.0.1',
  port: 0,
  allowInsecureUpstreams: true,
  env: {},
  dependencies: { logDestination: pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }) },
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
