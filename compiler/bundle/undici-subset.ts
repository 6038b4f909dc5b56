// The runtime imports a few classes from undici, but undici's index module loads everything it
// has (fetch, WebSocket, cookies, mocks, caches): in a bundled server that is ~600 KB of code to
// parse and tens of milliseconds of start-up. This esbuild plugin points the runtime's `undici`
// imports at the modules that define what it uses. An import of anything else fails the bundle
// with esbuild's "No matching export" naming this subset: add the module here.
import type { Plugin } from 'esbuild';

/** Export name -> undici module defining it (CommonJS, `module.exports = Thing`). */
const SUBSET: Readonly<Record<string, string>> = {
  Agent: 'undici/lib/dispatcher/agent.js',
  Client: 'undici/lib/dispatcher/client.js',
  Dispatcher: 'undici/lib/dispatcher/dispatcher.js',
  Pool: 'undici/lib/dispatcher/pool.js',
  errors: 'undici/lib/core/errors.js',
};

const NAMESPACE = 'conduit-undici-subset';

export function undiciSubset(resolveDir: string): Plugin {
  return {
    name: NAMESPACE,
    setup(build) {
      // Only Conduit's own imports: undici's modules require each other by relative paths.
      build.onResolve({ filter: /^undici$/ }, (args) =>
        args.importer.includes('node_modules') ? undefined : { path: 'undici', namespace: NAMESPACE },
      );
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
        contents: Object.entries(SUBSET)
          .map(([name, module]) => `export { default as ${name} } from '${module}';`)
          .join('\n'),
        resolveDir,
        loader: 'js',
      }));
    },
  };
}
