// The Conduit side of the regular-connector benchmark: the connector of ./scenario.ts written as
// registry YAML, compiled by the real compiler in a process of its own (check, emit, esbuild
// bundle: ../serve-compiled-registry.ts) and served by the bundle's own startServer in this
// process, with logging at `error` (to /dev/null) and metrics on. Prints {"port":N} once listening.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { serveCompiledRegistry } from '../serve-compiled-registry.js';
import os from 'node:os';
import path from 'node:path';
import { API_VERSION, API_VERSION_HEADER, PERMALINK, UPSTREAM_PATH } from './scenario.js';

const origin = `http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`;
const yaml = `connectors:
  - name: Item List
    permalink: ${PERMALINK}
    url: "${origin}${UPSTREAM_PATH}"
    method: GET
    headers:
      - key: ${API_VERSION_HEADER}
        value: "${API_VERSION}"
    query_parameters:
      - key: limit
        value: "20"
      - key: sort
        value: name
`;

const registryDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-regular-'));
await writeFile(path.join(registryDir, 'items.yaml'), yaml);
await serveCompiledRegistry(registryDir, { logLevel: 'error', keepAliveTimeoutMs: 60_000 });
