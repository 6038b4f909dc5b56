// A bundled-server stand-in for tests: serves a one-connector registry through runServerFromCli
// (flags, CONDUIT_* env, signals) in its own process. The connector `slow` calls
// $TEST_UPSTREAM_URL. Exits with runServerFromCli's code.
import { runServerFromCli } from '../../../runtime/main.js';
import type { CompiledRegistry } from '../../../runtime/connector.js';

const target = process.env['TEST_UPSTREAM_URL'] ?? 'https://127.0.0.1:9/unused';
const registry: CompiledRegistry = {
  connectors: [
    {
      kind: 'regular',
      name: 'slow',
      permalink: 'slow',
      id: null,
      method: 'GET',
      pathParams: [],
      readsRequestBody: false,
      steps: [
        {
          name: 'slow',
          index: 0,
          method: 'GET',
          url: { kind: 'static', href: target, origin: new URL(target).origin },
          headers: [],
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
  secretNames: [],
};

process.exitCode = await runServerFromCli(registry, process.argv.slice(2), process.env);
