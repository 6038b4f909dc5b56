// `conduit check` checks large registries on two threads (compiler/check-files-parallel.ts). What
// it reports must not depend on that: same diagnostics in the same order, same connector count,
// same secret uses, problems spanning files (duplicates) still found, and a worker that fails
// leaves its files to the main thread instead of losing them.
import { once } from 'node:events';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../../../bench/generate-registry.js';
import { checkRegistry } from '../../../compiler/check.js';
import {
  checkFilesInParallel,
  PARALLEL_MIN_CORES,
  PARALLEL_MIN_TEXT,
  problemsOfFile,
  shouldUseWorker,
  type CheckWorkerOutput,
} from '../../../compiler/check-files-parallel.js';
import { formatJson } from '../../../compiler/diagnostics/format-json.js';
import { readRegistrySources } from '../../../compiler/load/load-registry.js';
import { TemplateAnalysisCache } from '../../../compiler/analyse/analysis-cache.js';
import { runCli } from '../../cli/run-cli.js';

let root: string;
let dir: string;

// Problems in several files, one of them a duplicate whose first definition is in another file.
const BROKEN_YAML = `
  - name: Bench Connector 3
    steps:
      - name: only
        url: http://api.example.com/{{ steps.later.body }}
        request_body: "{{ get_secret('nope') }}"
`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'conduit-parallel-check-'));
  dir = path.join(root, 'registry');
  await generateRegistry(dir, { connectors: 100, stepsPerConnector: 3, perFile: 20 });
  const files = (await readdir(dir)).sort();
  for (const name of files.filter((n) => n.endsWith('.yaml')).slice(1, 4)) await appendFile(path.join(dir, name), BROKEN_YAML);
  await writeFile(path.join(dir, 'zz-not-yaml.yaml'), 'composite_connectors: [\n');
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a check on two threads', () => {
  it('reports exactly what the single-threaded check reports', async () => {
    const single = await checkRegistry(dir, { registry: false, parallel: 'never' });
    const parallel = await checkRegistry(dir, { registry: false, parallel: 'always' });
    const withRegistry = await checkRegistry(dir);
    expect(single.diagnostics.length).toBeGreaterThan(8);
    expect(new Set(single.diagnostics.map((d) => d.code))).toEqual(
      new Set(['duplicate-name', 'template-step-unknown', 'template-slot-not-allowed', 'url-not-https', 'yaml-syntax']),
    );
    expect(parallel).toEqual(single);
    expect(withRegistry.diagnostics).toEqual(single.diagnostics);
    expect(withRegistry.secretUses).toEqual(single.secretUses);
    expect(withRegistry.connectorCount).toBe(103);
    expect(single.connectorCount).toBe(103);
  }, 60_000);

  it('is what `conduit check` prints for a large registry', async () => {
    const single = await checkRegistry(dir, { registry: false, parallel: 'never' });
    const cli = await runCli(['check', '--registry', dir, '--format', 'json']);
    expect(cli.code).toBe(1);
    // The CLI prints paths relative to its cwd (the repository); the registry is outside it.
    expect(cli.stdout).toBe(formatJson(single.diagnostics));
  }, 60_000);

  it('has a worker that checks every file it claims, as the main thread would', async () => {
    const { sources } = await readRegistrySources(dir);
    const options = { allowInsecureUpstreams: false };
    const next = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(new URL('../../../bin/check-worker.mjs', import.meta.url), { workerData: { sources, options, next } });
    const [message] = (await once(worker, 'message')) as [CheckWorkerOutput];
    expect(message.files.map((f) => f.index)).toEqual(sources.map((_, i) => i));
    const analysis = new TemplateAnalysisCache();
    expect(message.files.map(({ index: _, ...problems }) => problems)).toEqual(sources.map((s) => problemsOfFile(s, options, analysis)));
  }, 60_000);

  it('checks the files of a worker that fails or exits without an answer on the main thread', async () => {
    const { sources } = await readRegistrySources(dir);
    const options = { allowInsecureUpstreams: false };
    const expected = await checkFilesInParallel(sources, options, new URL('data:text/javascript,'));
    for (const script of ['throw new Error("worker broke")', 'process.exit(3)', 'import("node:worker_threads").then(w => w.parentPort.postMessage({ files: [] }))']) {
      const files = await checkFilesInParallel(sources, options, new URL(`data:text/javascript,${encodeURIComponent(script)}`));
      expect(files).toEqual(expected);
    }
    expect(expected).toHaveLength(sources.length);
    expect(expected.flatMap((f) => f.entries)).toHaveLength(103);
  }, 60_000);

  it('is used for registries worth a second thread only', async () => {
    const { sources } = await readRegistrySources(dir);
    const total = sources.reduce((sum, s) => sum + s.text.length, 0);
    expect(total).toBeGreaterThan(PARALLEL_MIN_TEXT);
    expect(shouldUseWorker(sources, 'auto')).toBe(os.availableParallelism() >= PARALLEL_MIN_CORES);
    expect(shouldUseWorker(sources.slice(0, 1), 'auto')).toBe(false);
    expect(shouldUseWorker(sources.slice(0, 1), 'always')).toBe(false);
    const small = sources.slice(0, 2).map((s) => ({ ...s, text: s.text.slice(0, 1000) }));
    expect(shouldUseWorker(small, 'auto')).toBe(false);
    expect(shouldUseWorker(small, 'always')).toBe(true);
    expect(shouldUseWorker(sources, 'never')).toBe(false);
  });
});
