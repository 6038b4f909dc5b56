// The parallel step schedule on its own (runtime/executor/step-schedule.ts): start order by
// dependencies, the stop on the first failure, cancelled runs, a run that throws, and the shared
// cancellation signal following the caller's. Steps here are timers, not HTTP (the HTTP path is
// covered end to end in parallel-steps.test.ts).
import { describe, expect, it } from 'vitest';
import type { CompiledStep } from '../../../runtime/connector.js';
import type { PreparedStep } from '../../../runtime/executor/prepared-connector.js';
import { runByDependencies, ScheduleCancellation, type ScheduleHooks } from '../../../runtime/executor/step-schedule.js';

type Outcome = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly name: string; readonly cause: 'own' | 'cancel' };

function steps(dependsOn: readonly (readonly number[])[]): PreparedStep[] {
  return dependsOn.map((deps, index) => ({ name: `s${index}`, index, isLast: index === dependsOn.length - 1, step: { dependsOn: deps } as unknown as CompiledStep }) as PreparedStep);
}

/** Hooks whose steps take `ms[i]` and fail when `fails[i]`; cancel() makes the steps in flight settle as cancelled. */
function timedHooks(ms: readonly number[], fails: readonly boolean[] = []) {
  const events: string[] = [];
  const inFlight = new Map<number, (o: Outcome) => void>();
  const hooks: ScheduleHooks<Outcome> = {
    run: (step) =>
      new Promise<Outcome>((resolve) => {
        events.push(`start ${step.name}`);
        inFlight.set(step.index, resolve);
        setTimeout(() => {
          inFlight.delete(step.index);
          resolve(fails[step.index] ? { ok: false, name: step.name, cause: 'own' } : { ok: true, name: step.name });
        }, ms[step.index]);
      }),
    unexpected: (step) => ({ ok: false, name: step.name, cause: 'own' }),
    failed: (o) => !o.ok,
    causedByCancel: (o) => !o.ok && o.cause === 'cancel',
    finished: (step) => events.push(`done ${step.name}`),
    cancel: () => {
      events.push('cancel');
      for (const [index, resolve] of inFlight) resolve({ ok: false, name: `s${index}`, cause: 'cancel' });
      inFlight.clear();
    },
  };
  return { hooks, events };
}

describe('runByDependencies', () => {
  it('starts each step when the steps it reads are done, in index order among the ready ones', async () => {
    const { hooks, events } = timedHooks([30, 10, 5, 5]);
    const runs = await runByDependencies(steps([[], [], [0, 1], [1]]), hooks, performance.now());
    expect(events).toEqual(['start s0', 'start s1', 'done s1', 'start s3', 'done s3', 'done s0', 'start s2', 'done s2']);
    expect(runs.map((r) => r!.outcome.ok)).toEqual([true, true, true, true]);
    expect(runs[2]!.startMs).toBeGreaterThanOrEqual(runs[0]!.startMs + runs[0]!.durationMs - 1);
  });

  it('stops at the first failure: cancels the steps in flight and starts no new one', async () => {
    const { hooks, events } = timedHooks([50, 10, 5], [false, true, false]);
    const runs = await runByDependencies(steps([[], [], [0]]), hooks, performance.now());
    expect(events).toEqual(['start s0', 'start s1', 'cancel']);
    expect(runs[0]).toMatchObject({ cancelled: true, outcome: { ok: false, cause: 'cancel' } });
    expect(runs[1]).toMatchObject({ cancelled: false, outcome: { ok: false, cause: 'own' } });
    expect(runs[2]).toBeUndefined();
  });

  it('turns a run that throws into its step outcome instead of hanging', async () => {
    const { hooks } = timedHooks([5, 5]);
    const throwing: ScheduleHooks<Outcome> = { ...hooks, run: (step) => (step.index === 0 ? Promise.reject(new Error('bug')) : hooks.run(step)) };
    const runs = await runByDependencies(steps([[], []]), throwing, performance.now());
    expect(runs[0]).toMatchObject({ cancelled: false, outcome: { ok: false, name: 's0', cause: 'own' } });
  });
});

describe('ScheduleCancellation', () => {
  it('aborts its signal when the caller aborts, keeping the caller reason, and stops listening on dispose', () => {
    const caller = new AbortController();
    const cancellation = new ScheduleCancellation(caller.signal);
    expect(cancellation.signal.aborted).toBe(false);
    const reason = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    caller.abort(reason);
    expect(cancellation.signal.aborted).toBe(true);
    expect(cancellation.signal.reason).toBe(reason);
    cancellation.dispose();

    const later = new AbortController();
    const disposed = new ScheduleCancellation(later.signal);
    disposed.dispose();
    later.abort();
    expect(disposed.signal.aborted).toBe(false);
  });

  it('starts aborted when the caller already went away, and cancel() aborts with its own reason', () => {
    const gone = new AbortController();
    gone.abort();
    expect(new ScheduleCancellation(gone.signal).signal.aborted).toBe(true);
    const own = new ScheduleCancellation(undefined);
    own.cancel();
    expect(own.signal.aborted).toBe(true);
    expect((own.signal.reason as Error).message).toContain('another step of the composite failed');
  });
});
