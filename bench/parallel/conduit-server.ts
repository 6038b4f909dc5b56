// The Conduit side of the parallel-steps benchmark: ./scenario.ts compiled by the real compiler
// (compileAndLoad, as `conduit serve` does) and served by the bundle's startServer, logs to
// /dev/null. Prints {"port":N} once listening.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { serveCompiledRegistry } from '../serve-compiled-registry.js';
import os from 'node:os';
import path from 'node:path';
import { registryYaml } from './scenario.js';

const registryDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-parallel-'));
await writeFile(path.join(registryDir, 'fan-out.yaml'), registryYaml(`http://127.0.0.1:${process.env['BENCH_UPSTREAM_PORT']}`));
await serveCompiledRegistry(registryDir);
