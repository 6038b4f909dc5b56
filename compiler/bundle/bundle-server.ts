// Bundle stage: esbuild joins the runtime and the generated modules into one ESM file.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { packageSubsets } from './package-subsets.js';

/** Where `conduit/runtime` (imported by generated code) lives in this checkout. */
export const RUNTIME_ENTRY = fileURLToPath(new URL('../../runtime/index.ts', import.meta.url));

const runtimeAlias: esbuild.Plugin = {
  name: 'conduit-runtime',
  setup(build) {
    build.onResolve({ filter: /^conduit\/runtime$/ }, () => ({ path: RUNTIME_ENTRY }));
  },
};

function externalRuntime(moduleUrl: string): esbuild.Plugin {
  return {
    name: 'conduit-runtime-external',
    setup(build) {
      build.onResolve({ filter: /^conduit\/runtime$/ }, () => ({ path: moduleUrl, external: true }));
    },
  };
}

// CommonJS dependencies bundled into ESM still call require() for Node built-ins.
const REQUIRE_SHIM = "import { createRequire as __conduitCreateRequire } from 'node:module'; const require = __conduitCreateRequire(import.meta.url);";

export interface BundleRequest {
  /** A module file to bundle, or inline source resolved from `resolveDir`. */
  readonly entry: { readonly file: string } | { readonly source: string; readonly resolveDir: string };
  readonly outfile: string;
  readonly sourcemap?: boolean;
  /** Less to read and parse at start-up (the deployable bundle of a large registry is megabytes). */
  readonly minifyWhitespace?: boolean;
  /**
   * A module already loaded that provides `conduit/runtime` (file URL): imported from, not bundled.
   * `serve --watch` bundles each new registry against the runtime it is serving with.
   */
  readonly runtimeModule?: string;
}

export async function bundle(request: BundleRequest): Promise<void> {
  const entry =
    'file' in request.entry
      ? { entryPoints: [request.entry.file] }
      : { stdin: { contents: request.entry.source, resolveDir: request.entry.resolveDir, loader: 'ts' as const, sourcefile: 'entry.ts' } };
  await esbuild.build({
    ...entry,
    outfile: request.outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: request.sourcemap ?? true,
    // Whitespace only: names stay readable in stack traces; the source map maps back to the files.
    minifyWhitespace: request.minifyWhitespace ?? false,
    legalComments: 'none',
    logLevel: 'silent',
    banner: { js: REQUIRE_SHIM },
    plugins: [request.runtimeModule === undefined ? runtimeAlias : externalRuntime(request.runtimeModule), ...packageSubsets(path.dirname(RUNTIME_ENTRY))],
  });
}
