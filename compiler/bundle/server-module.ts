// The shape of a bundle produced for `serve`/`run`: the compiled registry plus the runtime's
// entry points, from the same bundle so there is exactly one copy of the runtime in the process.
import type { CompiledRegistry } from '../../runtime/connector.js';
import type { executeOnce, runServerFromCli } from '../../runtime/main.js';

export interface ServerModule {
  readonly registry: CompiledRegistry;
  readonly runServerFromCli: typeof runServerFromCli;
  readonly executeOnce: typeof executeOnce;
}
