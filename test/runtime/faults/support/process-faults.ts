// Counts unhandled rejections and uncaught exceptions in this test process while a fault test
// file runs, so each file can assert that no upstream or caller behaviour produced one.
import { afterAll, beforeAll, expect } from 'vitest';

export interface ProcessFaults {
  readonly unhandledRejections: number;
  readonly uncaughtExceptions: number;
}

/** Registers the counters for the current test file and asserts they are zero after its last test. */
export function expectNoProcessFaults(): () => ProcessFaults {
  const counts = { unhandledRejections: 0, uncaughtExceptions: 0 };
  const onRejection = () => counts.unhandledRejections++;
  const onException = () => counts.uncaughtExceptions++;
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtExceptionMonitor', onException);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtExceptionMonitor', onException);
    expect(counts).toEqual({ unhandledRejections: 0, uncaughtExceptions: 0 });
  });
  return () => ({ ...counts });
}
