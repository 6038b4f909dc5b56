// Entry of the worker thread of a parallel `conduit check` (compiler/check-files-parallel.ts):
// runs compiler/check-worker.ts the way ./conduit.mjs runs the CLI, from the CLI's bundle.
import { importCliModule } from './cli-bundle.mjs';

await importCliModule('check-worker');
