// Some dependencies' index modules load everything the package has, and in a bundled server all
// of it is parsed and run at start-up:
// - undici's index loads fetch, WebSocket, cookies, mocks and caches (~600 KB of code, tens of
//   milliseconds) while the runtime uses a few dispatcher classes;
// - prom-client's index loads the Pushgateway (node:https, node:zlib), Summary (tdigest,
//   bintrees) and the cluster aggregator (node:cluster), none of which the runtime uses.
// These esbuild plugins point the runtime's imports of such a package at the modules that define
// what it uses. An import of anything else fails the bundle with esbuild's "No matching export"
// naming the subset: add the module here.
import type { Plugin } from 'esbuild';

/** Export name -> the module defining it (CommonJS, `module.exports = Thing`). */
type Subset = Readonly<Record<string, string>>;

const UNDICI: Subset = {
  Agent: 'undici/lib/dispatcher/agent.js',
  Client: 'undici/lib/dispatcher/client.js',
  Dispatcher: 'undici/lib/dispatcher/dispatcher.js',
  Pool: 'undici/lib/dispatcher/pool.js',
  errors: 'undici/lib/core/errors.js',
};

const PROM_CLIENT: Subset = {
  Counter: 'prom-client/lib/counter.js',
  Gauge: 'prom-client/lib/gauge.js',
  Histogram: 'prom-client/lib/histogram.js',
  Registry: 'prom-client/lib/registry.js',
  collectDefaultMetrics: 'prom-client/lib/defaultMetrics.js',
};

function packageSubset(name: string, subset: Subset, resolveDir: string): Plugin {
  const namespace = `conduit-${name}-subset`;
  const bare = new RegExp(`^${name.replace(/[-/]/g, '\\$&')}$`);
  return {
    name: namespace,
    setup(build) {
      // Only Conduit's own imports: the package's modules require each other by relative paths.
      build.onResolve({ filter: bare }, (args) => (args.importer.includes('node_modules') ? undefined : { path: name, namespace }));
      build.onLoad({ filter: /.*/, namespace }, () => ({
        contents: Object.entries(subset)
          .map(([exported, module]) => `export { default as ${exported} } from '${module}';`)
          .join('\n'),
        resolveDir,
        loader: 'js',
      }));
    },
  };
}

/**
 * undici's HTTP/2 client module loads node:http2 at start-up (~10 ms) although it only runs when
 * a dispatcher is created with `allowH2` or `useH2c`, which the runtime never does (upstreams are
 * spoken to over HTTP/1.1, ALPN `http/1.1` only). The bundle gets a stand-in that says so.
 */
const NO_HTTP2 = `module.exports = function connectH2() {
  throw new Error('HTTP/2 to upstreams is not bundled: the Conduit runtime never sets allowH2 or useH2c');
};`;

function withoutUndiciHttp2(): Plugin {
  return {
    name: 'conduit-undici-without-http2',
    setup(build) {
      build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
        /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer) ? { path: 'client-h2', namespace: 'conduit-undici-without-http2' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'conduit-undici-without-http2' }, () => ({ contents: NO_HTTP2, loader: 'js' }));
    },
  };
}

/** The plugins, resolving package paths from `resolveDir` (the runtime's folder). */
export function packageSubsets(resolveDir: string): Plugin[] {
  return [packageSubset('undici', UNDICI, resolveDir), withoutUndiciHttp2(), packageSubset('prom-client', PROM_CLIENT, resolveDir)];
}
