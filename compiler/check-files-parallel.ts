// Checks registry files on two threads when the caller needs only the problems (`conduit check`)
// and the machine has cores to spare (see PARALLEL_MIN_CORES):
// this thread and one worker take files from a shared counter until none is left, so the split
// follows how long each file takes (the worker starts later: it loads the compiler first).
// The result does not depend on which thread checked a file: files are independent, results are
// put back in file order, and a worker that cannot start or fails leaves its files to this thread.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SecretUse } from './analyse/analyse-template.js';
import { checkRegistryFile, type FileCheckOptions } from './check-file.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import type { RegistrySource } from './load/load-registry.js';
import { TemplateAnalysisCache } from './analyse/analysis-cache.js';
import type { ConnectorEntry } from './validate/validate-file.js';

/** What a check of one file reports, without the analysed templates (they stay in their thread). */
export interface FileProblems {
  readonly diagnostics: readonly Diagnostic[];
  readonly entries: readonly ConnectorEntry[];
  readonly secretUses: readonly SecretUse[];
}

/** workerData of compiler/check-worker.ts. */
export interface CheckWorkerInput {
  readonly sources: readonly RegistrySource[];
  readonly options: FileCheckOptions;
  /** Index of the next unclaimed file, shared by both threads (Atomics.add). */
  readonly next: Int32Array;
}

/** The one message of compiler/check-worker.ts: the files it checked. */
export interface CheckWorkerOutput {
  readonly files: readonly (FileProblems & { readonly index: number })[];
}

/** Below this much registry text, starting a worker (~0.1 s of loading) costs more than it saves. */
export const PARALLEL_MIN_TEXT = 256 * 1024;

/**
 * A worker costs CPU of its own (loading the compiler, compiling hot code again, a second heap to
 * collect): on 1,000 connectors about 1.2 s of CPU on top of ~3 s. With two cores the second one
 * is already busy with the garbage collector's helper threads, and a check on two threads measured
 * slower than on one (2.2 s vs 2.4-3.1 s wall, shared 2-core machine), so it takes more cores.
 */
export const PARALLEL_MIN_CORES = 4;

export type Parallelism = 'auto' | 'always' | 'never';

export function shouldUseWorker(sources: readonly RegistrySource[], parallel: Parallelism): boolean {
  if (parallel !== 'auto') return parallel === 'always' && sources.length > 1;
  if (sources.length < 2 || os.availableParallelism() < PARALLEL_MIN_CORES) return false;
  return sources.reduce((sum, s) => sum + s.text.length, 0) >= PARALLEL_MIN_TEXT;
}

export function problemsOfFile(source: RegistrySource, options: FileCheckOptions, analysis: TemplateAnalysisCache): FileProblems {
  const checked = checkRegistryFile(source, options, analysis);
  return { diagnostics: checked.diagnostics, entries: checked.connectors.map((c) => c.entry), secretUses: checked.secretUses };
}

// The worker runs through the CLI's launcher, so it uses the CLI's bundle when there is one.
const WORKER_ENTRY = new URL('../bin/check-worker.mjs', import.meta.url);

function startWorker(entry: URL, input: CheckWorkerInput): Promise<CheckWorkerOutput['files']> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(entry, { workerData: input, stdout: false, stderr: false });
    } catch {
      resolve([]);
      return;
    }
    worker.unref();
    let settled = false;
    const settle = (files: CheckWorkerOutput['files']) => {
      if (settled) return;
      settled = true;
      resolve(files);
    };
    worker.once('message', (message: CheckWorkerOutput) => settle(message.files));
    // Whatever went wrong there, the files it claimed are checked here (an error in the compiler
    // itself then surfaces on this thread, as it would without a worker).
    worker.once('error', () => settle([]));
    worker.once('exit', () => settle([]));
  });
}

/** `workerEntry` is for tests (a worker that fails); the default runs compiler/check-worker.ts. */
export async function checkFilesInParallel(
  sources: readonly RegistrySource[],
  options: FileCheckOptions,
  workerEntry: URL = WORKER_ENTRY,
): Promise<FileProblems[]> {
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const fromWorker = startWorker(workerEntry, { sources, options, next });
  const results: (FileProblems | undefined)[] = new Array<FileProblems | undefined>(sources.length);
  const analysis = new TemplateAnalysisCache();
  for (let index = Atomics.add(next, 0, 1); index < sources.length; index = Atomics.add(next, 0, 1)) {
    results[index] = problemsOfFile(sources[index]!, options, analysis);
  }
  for (const { index, ...problems } of await fromWorker) results[index] = problems;
  return sources.map((source, index) => results[index] ?? problemsOfFile(source, options, analysis));
}
