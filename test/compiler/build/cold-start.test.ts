// The bundled server of a moderately sized registry (200 composite connectors x 3 steps) answers
// its first real connector request soon after the process starts. The bound here is generous (CI
// machines are slow and shared); bench/cold-start.ts measures the 1,000-connector targets.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { measureColdStart } from '../../../bench/cold-start/measure-cold-start.js';
import { addProbeConnector, PROBE_PATH } from '../../../bench/cold-start/probe-connector.js';
import { generateRegistry } from '../../../bench/generate-registry.js';
import { json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { buildOrThrow, removeScratch, scratchDir } from './temp-build.js';

const CONNECTORS = 200;
const FIRST_ANSWER_BOUND_MS = 5_000;

let work: string;
let bundle: string;
let upstream: Upstream;

beforeAll(async () => {
  work = await scratchDir('cold-start');
  upstream = await startUpstream({ routes: { [`GET ${PROBE_PATH}`]: json({ ok: true }) } });
  const registryDir = path.join(work, 'registry');
  await generateRegistry(registryDir, { connectors: CONNECTORS, stepsPerConnector: 3 });
  await addProbeConnector(registryDir);
  bundle = path.join(work, 'dist', 'server.mjs');
  await buildOrThrow({ registryDir, outDir: path.join(work, 'generated'), serverFile: bundle, allowInsecureUpstreams: true });
}, 60_000);

afterAll(async () => {
  await upstream?.close();
  await removeScratch(work);
});

it(`answers the first request of a ${CONNECTORS}-connector bundle quickly`, async () => {
  const run = await measureColdStart({ bundle, probeHost: `127.0.0.1:${upstream.port}`, idleMs: 200 });
  console.log(
    `cold start, ${CONNECTORS} connectors x 3 steps: first answer ${run.firstResponseMs.toFixed(0)} ms (server CPU ${run.cpuMs.toFixed(0)} ms), ` +
      `RSS ${run.rssAtFirstResponseMb.toFixed(0)} MB, idle ${run.idleRssMb.toFixed(0)} MB, peak ${run.peakRssMb.toFixed(0)} MB`,
  );
  expect(run.firstResponseMs).toBeLessThan(FIRST_ANSWER_BOUND_MS);
  expect(run.idleRssMb).toBeLessThan(300);
  expect(upstream.requests.at(-1)!.path).toBe(PROBE_PATH);
});
