// The per-origin concurrency bound (--max-concurrent-per-origin) under a burst: requests beyond it
// are refused at once with 502 "Downstream (network/external service)" saying the upstream is
// overloaded, without ever reaching the upstream; other origins are unaffected; and the slots
// come back when the held requests finish.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composite, regular, registryOf } from '../../support/runtime/connectors.js';
import { startTestRuntime, type TestRuntime } from '../../support/runtime/start-runtime.js';
import { custom, json, startUpstream, type Upstream } from '../../support/upstream/index.js';
import { expectEnvelope } from './support/envelope.js';
import { expectNoProcessFaults } from './support/process-faults.js';

expectNoProcessFaults();

const LIMIT = 4;
const BURST = 12;
const OVERLOADED = 'The upstream service is overloaded: too many concurrent requests to it from this server';

let busy: Upstream;
let other: Upstream;
let runtime: TestRuntime;
/** Responses the busy upstream holds until the test releases them. */
const held: ServerResponse[] = [];

function releaseHeld(): void {
  for (const res of held.splice(0)) res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"released":true}');
}

beforeAll(async () => {
  busy = await startUpstream({ routes: { '/gate': custom(({ res }) => held.push(res), 'held until released'), '/quick': json({ quick: true }) } });
  other = await startUpstream({ routes: { '/other': json({ other: true }) } });
  runtime = await startTestRuntime(
    registryOf(
      regular({ permalink: 'gate', url: busy.url('/gate') }),
      regular({ permalink: 'quick', url: busy.url('/quick') }),
      regular({ permalink: 'other', url: other.url('/other') }),
      composite({ permalink: 'chain', steps: [{ name: 'elsewhere', url: other.url('/other') }, { name: 'busy', url: busy.url('/quick') }] }),
    ),
    { maxConcurrentPerOrigin: LIMIT },
  );
});

afterAll(async () => {
  releaseHeld();
  await runtime?.close();
  await busy?.close();
  await other?.close();
});

describe('a burst beyond the per-origin bound', () => {
  it(`lets ${LIMIT} through, refuses the rest at once with a 502 that says the upstream is overloaded`, async () => {
    const burst = Array.from({ length: BURST }, () => runtime.call('/api/connectors/gate'));
    // The refusals come back while the admitted requests are still held by the upstream.
    await busy.waitForRequests(LIMIT);
    const settled: Response[] = [];
    const refusals = burst.map((p) => p.then((res) => (res.status === 502 ? settled.push(res) : undefined)));
    await expect.poll(() => settled.length, { timeout: 5_000 }).toBe(BURST - LIMIT);
    for (const res of settled) {
      const errors = await expectEnvelope(res, 502, 'Downstream (network/external service)');
      expect(errors.message).toBe(OVERLOADED);
    }
    // Only the admitted ones reached the upstream.
    expect(busy.requests.filter((r) => r.path === '/gate')).toHaveLength(LIMIT);

    // Meanwhile another origin is served normally, and this origin is still full.
    expect((await runtime.call('/api/connectors/other')).status).toBe(200);
    const chain = await runtime.call('/api/connectors/composite/chain', { method: 'POST' });
    const errors = await expectEnvelope(chain, 502, "Composite step 'busy' (index 1): Downstream (network/external service)");
    expect(errors.message).toBe(OVERLOADED);

    releaseHeld();
    const all = await Promise.all(burst);
    await Promise.all(refusals);
    expect(all.map((r) => r.status).sort()).toEqual([...Array<number>(LIMIT).fill(200), ...Array<number>(BURST - LIMIT).fill(502)]);
    expect(runtime.logs.filter((l) => l['connector'] === 'gate' && l['status'] === 502).map((l) => l['detail'])).toEqual(
      Array<string>(BURST - LIMIT).fill(`too many concurrent requests to this upstream (limit ${LIMIT})`),
    );
  });

  it('gives the slots back: once the held requests finished, the origin serves the full bound again', async () => {
    const again = Array.from({ length: LIMIT }, () => runtime.call('/api/connectors/quick'));
    expect((await Promise.all(again)).map((r) => r.status)).toEqual(Array<number>(LIMIT).fill(200));
    expect((await runtime.call('/api/connectors/composite/chain', { method: 'POST' })).status).toBe(200);
  });
});
