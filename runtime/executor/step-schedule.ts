// `execution: parallel` (issue 17): each step of a composite starts as soon as the steps it reads
// (CompiledStep.dependsOn, decided at build time) have finished. The first failure stops the
// schedule: no new step starts and the steps in flight are cancelled (their upstream requests are
// aborted). Which failure answers the caller is decided afterwards by index, not by timing, so the
// error envelope is the same whichever step happened to fail first on the clock.
import type { CancelSignal } from '../http/types.js';
import type { PreparedStep } from './prepared-connector.js';

export interface ScheduledRun<O> {
  readonly outcome: O;
  /** Milliseconds from the start of the request to the start of this step. */
  readonly startMs: number;
  readonly durationMs: number;
  /** True when the step failed because the schedule cancelled it after another step's failure. */
  readonly cancelled: boolean;
}

export interface ScheduleHooks<O> {
  /** Runs one step; failures are outcomes. */
  run(step: PreparedStep): Promise<O>;
  /** The outcome of a step whose run threw something no failure mapping knows (a bug, not an upstream problem). */
  unexpected(step: PreparedStep, err: unknown): O;
  failed(outcome: O): boolean;
  /** After the schedule was cancelled: whether this failure is the cancellation itself rather than the step's own. */
  causedByCancel(outcome: O): boolean;
  /** A step finished without failing: publish its result before the steps that read it start. */
  finished(step: PreparedStep, outcome: O): void;
  /** Abort every upstream request in flight. */
  cancel(): void;
}

/**
 * Runs `steps` by their dependencies; resolves when every step that started has settled, with
 * each step's run by index (undefined: never started, because a failure stopped the schedule).
 * `origin` is the request's start (performance.now()).
 */
export function runByDependencies<O>(steps: readonly PreparedStep[], hooks: ScheduleHooks<O>, origin: number): Promise<(ScheduledRun<O> | undefined)[]> {
  const runs: (ScheduledRun<O> | undefined)[] = new Array(steps.length);
  const waitingFor = steps.map((s) => s.step.dependsOn?.length ?? 0);
  const readers: number[][] = steps.map(() => []);
  for (const s of steps) for (const dep of s.step.dependsOn ?? []) readers[dep]!.push(s.index);
  let stopped = false;
  let inFlight = 0;

  return new Promise((resolve) => {
    const start = (index: number) => {
      const step = steps[index]!;
      const startedAt = performance.now();
      inFlight++;
      const settled = (outcome: O) => {
        inFlight--;
        const failed = hooks.failed(outcome);
        const cancelled = failed && stopped && hooks.causedByCancel(outcome);
        runs[index] = { outcome, startMs: startedAt - origin, durationMs: performance.now() - startedAt, cancelled };
        if (failed && !stopped) {
          stopped = true;
          hooks.cancel();
        } else if (!failed && !stopped) {
          hooks.finished(step, outcome);
          // Readers are listed in index order, so ready steps start in index order too.
          for (const reader of readers[index]!) if (--waitingFor[reader]! === 0) start(reader);
        }
        if (inFlight === 0) resolve(runs);
      };
      hooks.run(step).then(settled, (err: unknown) => settled(hooks.unexpected(step, err)));
    };
    for (let i = 0; i < steps.length; i++) if (waitingFor[i] === 0) start(i);
    if (inFlight === 0) resolve(runs);
  });
}

/**
 * The signal the steps of one parallel execution share: aborted by the schedule on the first
 * failure, and whenever the caller's own signal aborts (the caller went away).
 */
export class ScheduleCancellation {
  private readonly controller = new AbortController();
  private readonly onCallerAbort = { handleEvent: () => this.cancel() };

  constructor(private readonly caller: CancelSignal | undefined) {
    if (caller?.aborted) this.cancel();
    else caller?.addEventListener('abort', this.onCallerAbort);
  }

  get signal(): CancelSignal {
    return this.controller.signal;
  }

  cancel(): void {
    if (this.controller.signal.aborted) return;
    // The caller's reason when it went away (a timeout stays a timeout), else a plain abort.
    const reason = this.caller?.aborted ? this.caller.reason : new Error('cancelled: another step of the composite failed');
    this.controller.abort(reason);
  }

  /** Stops listening to the caller's signal once the execution is over. */
  dispose(): void {
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }
}
