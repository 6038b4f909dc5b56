// The runtime's public surface: what generated handler modules and the bundled server import
// (as `conduit/runtime`). Nothing here imports from compiler/.
export type * from './connector.js';
export type * from './template/types.js';
export { TemplateRenderError } from './template/types.js';
// Compiled templates reach every helper through this one namespace.
export { rt } from './template/helpers.js';

// Entry points of the server (bundled dist/server.mjs, `conduit serve`, `conduit run`).
export { startServer, runServerFromCli, executeOnce, StartupError } from './main.js';
export type { StartServerOptions, RunningServer, RuntimeDependencies, ExecuteOnceInput, ExecuteOnceResult } from './main.js';
export { parseServerOptions, DEFAULT_SERVER_OPTIONS } from './options.js';
export type { ServerOptions } from './options.js';
