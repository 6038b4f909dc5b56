// The build pipeline: check -> emit -> write generated/ -> bundle dist/server.mjs.
// `conduit serve` and `conduit run` use the same pipeline and load the bundle they produced.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompiledRegistry } from '../runtime/connector.js';
import type { ServerModule } from './bundle/server-module.js';
import { bundle } from './bundle/bundle-server.js';
import { checkRegistry } from './check.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { emitRegistry } from './emit/emit-registry.js';
import { writeGenerated, type WriteSummary } from './emit/write-generated.js';

export interface BuildOptions {
  readonly registryDir: string;
  /** Where generated modules go (default `generated`). */
  readonly outDir: string;
  /** The deployable bundle (default `dist/server.mjs`); null to skip bundling. */
  readonly serverFile: string | null;
  readonly allowInsecureUpstreams?: boolean;
}

export interface BuildTimings {
  readonly checkMs: number;
  readonly emitMs: number;
  readonly writeMs: number;
  readonly bundleMs: number;
}

export type BuildResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly ok: true;
      readonly diagnostics: readonly Diagnostic[];
      readonly connectorCount: number;
      readonly files: WriteSummary;
      readonly timings: BuildTimings;
    };

export async function build(options: BuildOptions): Promise<BuildResult> {
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return Math.round(ms);
  };
  const checked = await checkRegistry(options.registryDir, { allowInsecureUpstreams: options.allowInsecureUpstreams ?? false });
  const checkMs = lap();
  if (checked.registry === null) return { ok: false, diagnostics: checked.diagnostics };
  const files = emitRegistry(checked.registry, { registryDir: options.registryDir });
  const emitMs = lap();
  const summary = await writeGenerated(options.outDir, files);
  const writeMs = lap();
  if (options.serverFile !== null) {
    await bundle({ entry: { file: path.resolve(options.outDir, 'server.ts') }, outfile: options.serverFile, minifyWhitespace: true });
  }
  const bundleMs = lap();
  return {
    ok: true,
    diagnostics: checked.diagnostics,
    connectorCount: checked.registry.connectors.length,
    files: summary,
    timings: { checkMs, emitMs, writeMs, bundleMs },
  };
}

export type LoadResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly ok: true;
      readonly diagnostics: readonly Diagnostic[];
      readonly module: ServerModule;
      readonly registry: CompiledRegistry;
      /** With `workerEntry`: a script serving this bundle, for `serve --workers` (null otherwise). */
      readonly workerEntry: string | null;
      /** Removes what was kept on disk for the workers (a no-op without `workerEntry`). */
      dispose(): Promise<void>;
    };

export interface LoadOptions {
  readonly allowInsecureUpstreams?: boolean;
  /** Keep the bundle on disk with a script that serves it, so `serve --workers N` forks workers that do not compile again. */
  readonly workerEntry?: boolean;
}

/** A worker of `serve --workers`: serves the bundle next to it with the flags it was given. */
const WORKER_ENTRY_SOURCE =
  "import { registry, runServerFromCli } from './registry.mjs';\nprocess.exitCode = await runServerFromCli(registry, process.argv.slice(2), process.env);\n";

/**
 * Compiles a registry into a private temp folder and imports the bundle, so `serve` and `run`
 * execute exactly what `build` would deploy (one copy of the runtime, shared by handlers and server).
 */
export async function compileAndLoad(registryDir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-'));
  const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
  let keep = false;
  try {
    const outDir = path.join(workDir, 'generated');
    const result = await build({ registryDir, outDir, serverFile: null, allowInsecureUpstreams: options.allowInsecureUpstreams ?? false });
    if (!result.ok) return result;
    const bundleFile = path.join(workDir, 'registry.mjs');
    await bundle({
      entry: { source: "export { registry } from './index.ts';\nexport * from 'conduit/runtime';\n", resolveDir: outDir },
      outfile: bundleFile,
    });
    const module = (await import(pathToFileURL(bundleFile).href)) as ServerModule;
    let workerEntry: string | null = null;
    if (options.workerEntry === true) {
      workerEntry = path.join(workDir, 'serve-worker.mjs');
      await writeFile(workerEntry, WORKER_ENTRY_SOURCE);
      keep = true;
    }
    return {
      ok: true,
      diagnostics: result.diagnostics,
      module,
      registry: module.registry,
      workerEntry,
      dispose: () => (keep ? removeWorkDir() : Promise.resolve()),
    };
  } finally {
    // The bundle is loaded into memory by now; only workers would need it on disk.
    if (!keep) await removeWorkDir();
  }
}
