// `conduit serve --watch`: recompiles the registry folder on every change and swaps the new
// connectors into the running server in one step. A change that does not check clean (or cannot be
// served) changes nothing: the previous registry keeps serving and the diagnostics are printed.
// Changes arriving during a compile are folded into one more compile after it.
//
// Each new registry is bundled against the runtime bundle the server runs (imported, not bundled
// again): a reload costs the check, the emit and a small bundle, and old and new connectors share
// one runtime (same classes, same render limits).
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from '../compiler/build.js';
import { bundle } from '../compiler/bundle/bundle-server.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import type { CompiledRegistry } from '../runtime/connector.js';
import { formatDiagnostics } from './print-diagnostics.js';

export interface RegistryTarget {
  replaceRegistry(registry: CompiledRegistry): void;
}

export interface WatchOptions {
  readonly registryDir: string;
  readonly allowInsecureUpstreams: boolean;
  /** The bundle (file path) the server runs; new registries import `conduit/runtime` from it. */
  readonly runtimeBundle: string;
  /** Quiet time after the last change before compiling (editors write in several steps). Default 50 ms. */
  readonly settleMs?: number;
  readonly report: (text: string) => void;
}

export interface RegistryWatcher {
  close(): void;
}

type Compiled = { readonly ok: true; readonly registry: CompiledRegistry } | { readonly ok: false };

async function compileRegistry(options: WatchOptions): Promise<Compiled> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-reload-'));
  try {
    const outDir = path.join(workDir, 'generated');
    const result = await build({ registryDir: options.registryDir, outDir, serverFile: null, allowInsecureUpstreams: options.allowInsecureUpstreams });
    if (result.diagnostics.length > 0) options.report(formatDiagnostics(result.diagnostics, 'human', { stream: process.stderr }));
    if (!result.ok || hasErrors(result.diagnostics)) return { ok: false };
    const file = path.join(workDir, 'registry.mjs');
    await bundle({
      entry: { source: "export { registry } from './index.ts';\n", resolveDir: outDir },
      outfile: file,
      sourcemap: false,
      runtimeModule: pathToFileURL(options.runtimeBundle).href,
    });
    const module = (await import(pathToFileURL(file).href)) as { registry: CompiledRegistry };
    return { ok: true, registry: module.registry };
  } finally {
    // Imported by now: nothing needs the files any more.
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Every folder under `dir` (itself included), skipping dot-folders. */
async function foldersUnder(dir: string): Promise<string[]> {
  const found = [dir];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory() && !entry.name.startsWith('.')) found.push(...(await foldersUnder(path.join(dir, entry.name))));
  }
  return found;
}

export function watchRegistry(target: RegistryTarget, options: WatchOptions): RegistryWatcher {
  const settleMs = options.settleMs ?? 50;
  let timer: NodeJS.Timeout | null = null;
  let compiling = false;
  let again = false;
  let closed = false;
  // One non-recursive watcher per folder: Node 20's recursive mode on Linux misses files replaced
  // by rename (how editors and `sed -i` save).
  const watchers = new Map<string, FSWatcher>();

  // One silent compile right away warms the compile path (module loading, JIT), so the first edit
  // goes live as fast as later ones; its result is not served.
  const warmedUp = compileRegistry({ ...options, report: () => undefined }).then(
    () => undefined,
    () => undefined,
  );

  const compile = async (): Promise<void> => {
    compiling = true;
    await warmedUp;
    const started = performance.now();
    try {
      const compiled = await compileRegistry(options);
      if (closed) return;
      if (!compiled.ok) {
        options.report('conduit serve: the registry has errors: still serving the previous version\n');
        return;
      }
      try {
        target.replaceRegistry(compiled.registry);
      } catch (err) {
        options.report(`conduit serve: ${err instanceof Error ? err.message : String(err)}: still serving the previous version\n`);
        return;
      }
      const ms = Math.round(performance.now() - started);
      options.report(`conduit serve: reloaded ${compiled.registry.connectors.length} connectors (${ms} ms)\n`);
    } catch (err) {
      options.report(`conduit serve: could not compile the registry: ${err instanceof Error ? err.message : String(err)}: still serving the previous version\n`);
    } finally {
      compiling = false;
      if (again && !closed) {
        again = false;
        void compile();
      }
    }
  };

  const changed = () => {
    if (closed) return;
    void watchFolders();
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (compiling) again = true;
      else void compile();
    }, settleMs);
  };

  /** Watches folders that appeared, forgets those that went. */
  const watchFolders = async (): Promise<void> => {
    const folders = new Set(await foldersUnder(options.registryDir));
    if (closed) return;
    for (const [folder, watcher] of watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, changed);
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(folder);
        });
        watchers.set(folder, watcher);
      } catch {
        // Gone between the listing and the watch.
      }
    }
  };

  void watchFolders();
  return {
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
