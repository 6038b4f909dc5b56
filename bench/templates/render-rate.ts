// How the template benchmark times a render function, the same on both sides.

/** Renders per second over about `ms` milliseconds. */
export function opsPerSecond(render: () => string, ms: number): number {
  let iterations = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(ms * 1_000_000));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 500; i++) sink += render().length;
    iterations += 500;
    elapsed = process.hrtime.bigint() - start;
  }
  if (sink === 0) throw new Error('renders produced nothing');
  return (iterations * 1e9) / Number(elapsed);
}

/** Renders before the first timed round, so both sides are measured optimised. */
export const WARMUP_RENDERS = 3000;
