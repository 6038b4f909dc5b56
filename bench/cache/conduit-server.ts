// The Conduit side of the cache benchmark: the real runtime (startServer) serving the catalog
// connector with the response cache on (in memory, or in Redis with BENCH_REDIS_URL) or off
// (BENCH_CACHE=off). Logs and metrics stay on (to /dev/null). Prints {"port":N}.
import pino from 'pino';
import type { CompiledRegistry } from '../../runtime/connector.js';
import { startServer } from '../../runtime/main.js';
import { API_KEY, PERMALINK, RESOURCE_PATH } from './scenario.js';

const url = `http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}${RESOURCE_PATH}`;
const registry: CompiledRegistry = {
  secretNames: [],
  connectors: [
    {
      kind: 'regular',
      name: PERMALINK,
      permalink: PERMALINK,
      id: null,
      method: 'GET',
      pathParams: [],
      readsRequestBody: false,
      steps: [
        {
          name: PERMALINK,
          index: 0,
          method: 'GET',
          url: { kind: 'static', href: url, origin: new URL(url).origin },
          headers: [{ key: 'X-Api-Key', matchKey: 'x-api-key', value: API_KEY, overridable: false }],
          queryParameters: [],
          authentication: { type: 'none' },
          requestBody: '',
          responseBody: null,
          responseContentType: null,
          cacheable: true,
        },
      ],
    },
  ],
};

const redisUrl = process.env['BENCH_REDIS_URL'];
const server = await startServer(registry, {
  host: '127.0.0.1',
  port: 0,
  allowInsecureUpstreams: true,
  env: {},
  ...(process.env['BENCH_CACHE'] === 'off' ? { cacheMaxBytes: 0 } : {}),
  ...(redisUrl === undefined ? {} : { redisUrl }),
  dependencies: { logDestination: pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }) },
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
