// How the template benchmark times a render function, the same on both sides: renders per second
// of this process's CPU time, not of wall-clock time, so that other processes on a shared
// machine taking the CPU away mid-measurement do not count against whichever engine was running.
// (Each side measures while the other side's thread waits, so the process's CPU time is the
// measuring thread's, plus V8's own background work for it.)

/** Renders per CPU second over about `ms` milliseconds of wall-clock time. */
export function opsPerSecond(render: () => string, ms: number): number {
  let iterations = 0;
  let sink = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(ms * 1_000_000));
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 500; i++) sink += render().length;
    iterations += 500;
  }
  const cpu = process.cpuUsage(cpuStart);
  if (sink === 0) throw new Error('renders produced nothing');
  return (iterations * 1e6) / Math.max(1, cpu.user + cpu.system);
}

/** Renders before the first timed round, so both sides are measured optimised. */
export const WARMUP_RENDERS = 3000;
