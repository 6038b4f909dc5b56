// How many server processes `--workers` asks for: a number, or 'auto' for one per CPU the
// process may use.
import { availableParallelism } from 'node:os';

export function resolveWorkerCount(workers: number | 'auto'): number {
  return workers === 'auto' ? Math.max(1, availableParallelism()) : workers;
}
