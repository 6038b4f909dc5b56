// The worker thread of a parallel check (./check-files-parallel.ts): takes files from the shared
// counter until none is left, checks each, and posts what it found in one message.
import { parentPort, workerData } from 'node:worker_threads';
import { problemsOfFile, type CheckWorkerInput, type CheckWorkerOutput } from './check-files-parallel.js';
import { TemplateAnalysisCache } from './analyse/analysis-cache.js';

const { sources, options, next } = workerData as CheckWorkerInput;
const analysis = new TemplateAnalysisCache();
const files: CheckWorkerOutput['files'][number][] = [];
for (let index = Atomics.add(next, 0, 1); index < sources.length; index = Atomics.add(next, 0, 1)) {
  files.push({ index, ...problemsOfFile(sources[index]!, options, analysis) });
}
parentPort?.postMessage({ files } satisfies CheckWorkerOutput);
