// The runtime under soak, in its own process (started with --expose-gc): the real server
// (startServer) serving the 3-step composite of ./scenario.ts, its templates compiled by Conduit's
// template compiler, request logs and metrics on (logs to /dev/null). Counts unhandled rejections
// and uncaught exceptions instead of dying of them; answers `memory` requests (optionally after a
// full GC) and reports its counts when told to stop.
import pino from 'pino';
import { compileTemplate } from '../../compiler/template/compile-template.js';
import { parseTemplate } from '../../compiler/template/parse.js';
import type { CompiledConnector, CompiledStep, CompiledTemplate } from '../../runtime/connector.js';
import { startServer } from '../../runtime/main.js';
import { rt } from '../../runtime/template/helpers.js';
import type { TemplateFunction } from '../../runtime/template/types.js';
import type { ChildMessage, DriverMessage } from './scenario.js';

const counts = { unhandledRejections: 0, uncaughtExceptions: 0 };
process.on('unhandledRejection', () => counts.unhandledRejections++);
process.on('uncaughtException', () => counts.uncaughtExceptions++);

const upstream = `http://127.0.0.1:${process.env['SOAK_UPSTREAM_PORT']}`;
const timeoutMs = Number(process.env['SOAK_UPSTREAM_TIMEOUT_MS'] ?? 200);

function jinja(source: string): CompiledTemplate {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.error.message}`);
  const render = new Function('rt', `return ${compileTemplate(parsed.ast, { source }).code}`)(rt) as TemplateFunction;
  return { source, render, usesSecret: false };
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

const connector: CompiledConnector = {
  kind: 'composite',
  name: 'soak report',
  permalink: 'soak-report',
  id: null,
  method: 'POST',
  pathParams: [],
  readsRequestBody: true,
  steps: [
    step({ name: 'auth', index: 0, url: { kind: 'static', href: `${upstream}/auth`, origin: upstream } }),
    step({
      name: 'team',
      index: 1,
      url: { kind: 'template', origin: upstream, template: jinja(`${upstream}/teams/{{ (steps.auth.body | from_json).team }}`) },
      headers: [{ key: 'Authorization', matchKey: 'authorization', overridable: false, value: jinja('Bearer {{ (steps.auth.body | from_json).token }}') }],
    }),
    step({
      name: 'report',
      index: 2,
      method: 'POST',
      url: { kind: 'static', href: `${upstream}/report`, origin: upstream },
      requestBody: jinja("{{ {'team': (steps.auth.body | from_json).team, 'range': (request.body_text | from_json).range} | tojson }}"),
    }),
  ],
};

function send(message: ChildMessage): void {
  process.send?.(message);
}

const server = await startServer(
  { connectors: [connector], secretNames: [] },
  {
    host: '127.0.0.1',
    port: 0,
    allowInsecureUpstreams: true,
    upstreamTimeoutMs: timeoutMs,
    env: {},
    dependencies: { logDestination: pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }) },
  },
);

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: DriverMessage) => {
  if (message.type === 'memory') {
    if (message.gc && gc !== undefined) {
      // Twice: the first pass may only promote what the second frees.
      gc();
      gc();
    }
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed, external, arrayBuffers });
  } else if (message.type === 'stop') {
    void server.close().then(() => {
      send({ type: 'report', ...counts });
      process.disconnect();
    });
  }
});
send({ type: 'ready', port: server.port });
