// What the request id on the wire costs (issue 12: the added request id and timing split may cost
// at most 2%). The 3-step composite of bench/runtime, compiled once and served twice by plain node:
// as built, and from a copy of the bundle patched to send no `X-Request-ID` (on the response and
// on the three upstream requests). Everything else (ids made, timing split measured, both timing
// headers) is the same in both, so the difference is what the header costs in node:http and
// undici; the JavaScript that makes ids and timing headers shows in a CPU profile instead
// (bench/runtime.ts --cpu-prof: requestIdOf, randomUUID and the timing builders).
// Each of --pairs fresh pairs of server processes (started in alternating order) is measured in
// alternating rounds; the figure is the median over pairs of the with/without ratio of server CPU
// per request (and of throughput). Not part of `npm run bench`: a question answered once, not a
// target tracked.
//
//   node --import tsx bench/request-id-cost.ts [--pairs 4] [--rounds 6] [--duration 3] [--same]
//
// --same serves the unpatched bundle twice (an A/A run): the spread between two processes of the
// same code is the noise floor of the figure. Each server process keeps its own JIT decisions for
// its whole life, so alternating rounds do not average that part away.
//
// The patch fails loudly when the bundle's code no longer has the two places it edits.
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { buildRegistryBundle } from './build-registry-bundle.js';
import { fmt, numberFlag, startServer, stopServer, type ChildServer, type LoadRequest } from './closed-loop.js';
import { LoadGenerator } from './load-generator.js';
import { median } from './rounds.js';
import { measureBundlePair } from './bundle-pair.js';
import { CALLER_PAYLOAD, REPORT_BODY } from './runtime/scenario.js';
import { PERMALINK, writeRegistry } from './runtime/registry.js';

const PATCHES: readonly (readonly [from: string, to: string])[] = [
  // runtime/server/connector-reply.ts replyOf
  ['const headers = { [REQUEST_ID_HEADER]: requestId };', 'const headers = {};'],
  // runtime/http/client.ts: the flat header list given to undici
  ['flat[2 * pairs.length] = "x-request-id";\n    flat[2 * pairs.length + 1] = requestId;', 'flat.length = 2 * pairs.length;'],
];

function withoutRequestId(bundleFile: string, same: boolean): string {
  let text = readFileSync(bundleFile, 'utf8');
  for (const [from, to] of PATCHES) {
    if (!text.includes(from)) throw new Error(`request-id-cost: the bundle no longer contains ${JSON.stringify(from)}`);
    if (!same) text = text.replace(from, to);
  }
  const patched = bundleFile.replace(/\.mjs$/, '-without-request-id.mjs');
  writeFileSync(patched, text);
  return patched;
}

const argv = process.argv.slice(2);
const pairs = numberFlag(argv, '--pairs', 4, 1);
const rounds = numberFlag(argv, '--rounds', 6, 1);
const durationS = numberFlag(argv, '--duration', 3);
const same = argv.includes('--same');
const NAMES = ['with', 'without'] as const;
type Name = (typeof NAMES)[number];
const base = import.meta.url;

interface PairResult {
  readonly cpu: number;
  readonly rps: number;
}

const REQUEST: LoadRequest = { path: `/api/connectors/composite/${PERMALINK}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: CALLER_PAYLOAD, expectBody: REPORT_BODY };

/** One pair of fresh server processes, started in `order`: the with/without ratios. */
async function measurePair(bundles: Readonly<Record<Name, string>>, order: readonly Name[], upstream: ChildServer, generator: LoadGenerator): Promise<PairResult> {
  const figures = await measureBundlePair(bundles, order, generator, { request: REQUEST, helpers: [upstream], connections: 32, rounds, durationS });
  return { cpu: (figures.with.cpuUsPerRequest ?? NaN) / (figures.without.cpuUsPerRequest ?? NaN) - 1, rps: 1 - figures.with.rps / figures.without.rps };
}

const upstream = await startServer('./runtime/upstream-server.ts', base, {});
const bundle = await buildRegistryBundle(await writeRegistry(`http://127.0.0.1:${upstream.port}`));
try {
  const bundles = { with: bundle, without: withoutRequestId(bundle, same) };
  const generator = await LoadGenerator.start();
  const results: PairResult[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    // A server process keeps its JIT decisions for life, and the second one started measured
    // cheaper in A/A runs: fresh pairs, started in alternating order.
    results.push(await measurePair(bundles, pair % 2 === 0 ? NAMES : [...NAMES].reverse(), upstream, generator));
  }
  await generator.stop();
  const pct = (n: number): string => `${fmt(100 * n, 1)}%`;
  process.stdout.write(`${same ? 'A/A run (both servers send the request id): ' : ''}request id on the wire, 3-step composite, 32 connections, ${pairs} process pairs x ${rounds} rounds x ${durationS}s\n`);
  results.forEach((r, i) => process.stdout.write(`  pair ${i + 1}: ${pct(r.cpu)} server CPU per request, ${pct(r.rps)} throughput\n`));
  process.stdout.write(`  median: ${pct(median(results.map((r) => r.cpu)))} server CPU per request, ${pct(median(results.map((r) => r.rps)))} throughput\n`);
} finally {
  await stopServer(upstream);
  await rm(path.dirname(bundle), { recursive: true, force: true });
}
