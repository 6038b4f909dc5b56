// The runtime's public surface: what generated handler modules and the bundled server import
// (as `conduit/runtime`). Nothing here imports from compiler/.
export type * from './connector.js';
export type * from './template/types.js';
export { TemplateRenderError } from './template/types.js';
