// Entry of the worker thread of a parallel `conduit check` (compiler/check-files-parallel.ts):
// runs compiler/check-worker.ts from the CLI's bundle (./cli-bundle.mjs), or through tsx when
// there is none, exactly as ./conduit.mjs runs the CLI.
import { fileURLToPath } from 'node:url';
import { bundledEntry, CLI_ENTRIES } from './cli-bundle.mjs';

const fromSource = process.env.CONDUIT_CLI_FROM_SOURCE === '1';
const entry = fromSource ? null : await bundledEntry({ root: fileURLToPath(new URL('..', import.meta.url)), entries: CLI_ENTRIES, name: 'check-worker' });
if (entry === null) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../compiler/check-worker.ts');
} else {
  await import(entry);
}
