// The demo's build: the registry through the same pipeline as `conduit build` (check, emit the
// generated modules, bundle the deployable server) and the widget SDK's <script> bundle.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { build } from '../compiler/build.js';
import { formatDiagnostics } from '../cli/print-diagnostics.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { isSdkBuildFresh } from './sdk-freshness.js';

const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface DemoBuildPaths {
  readonly registryDir: string;
  /** Generated handler modules (`conduit build --out`). */
  readonly generatedDir: string;
  /** The bundled server the demo runs with node. */
  readonly serverFile: string;
  /** The built SDK (widget-sdk.iife.js). */
  readonly sdkDir: string;
}

/**
 * Where the demo builds: by default where `npm run build` and `npm run build:sdk` put things
 * (generated/, dist/server.mjs, sdk/dist); with a build folder, everything inside it, so a test
 * or a second demo never writes over the checkout's files.
 */
export function demoBuildPaths(registryDir: string, buildDir: string | null): DemoBuildPaths {
  const registry = path.resolve(registryDir);
  if (buildDir === null) {
    return {
      registryDir: registry,
      generatedDir: path.join(REPO_DIR, 'generated'),
      serverFile: path.join(REPO_DIR, 'dist', 'server.mjs'),
      sdkDir: path.join(REPO_DIR, 'sdk', 'dist'),
    };
  }
  const dir = path.resolve(buildDir);
  return { registryDir: registry, generatedDir: path.join(dir, 'generated'), serverFile: path.join(dir, 'server.mjs'), sdkDir: path.join(dir, 'sdk') };
}

export type DemoBuildResult =
  | {
      readonly ok: true;
      readonly connectorCount: number;
      /** False when the SDK in sdkDir was newer than its sources and was kept. */
      readonly sdkBuilt: boolean;
      readonly ms: number;
      readonly warnings: string;
    }
  /** `report`: the diagnostics as `conduit check` prints them. */
  | { readonly ok: false; readonly report: string };

export async function buildDemo(paths: DemoBuildPaths, stream: NodeJS.WriteStream = process.stdout): Promise<DemoBuildResult> {
  const started = performance.now();
  try {
    // The demo registry passes without --allow-insecure-upstreams: only the running demo needs it.
    const result = await build({ registryDir: paths.registryDir, outDir: paths.generatedDir, serverFile: paths.serverFile, allowInsecureUpstreams: false });
    if (!result.ok || hasErrors(result.diagnostics)) return { ok: false, report: formatDiagnostics(result.diagnostics, 'human', { stream }) };
    const sdkBuilt = !(await isSdkBuildFresh(paths.sdkDir));
    if (sdkBuilt) {
      // Loaded only now: it brings its own TypeScript, which a registry with errors does not need.
      const { buildSdk } = await import('../sdk/build.js');
      await buildSdk({ outDir: paths.sdkDir });
    }
    const warnings = result.diagnostics.length > 0 ? formatDiagnostics(result.diagnostics, 'human', { stream }) : '';
    return { ok: true, connectorCount: result.connectorCount, sdkBuilt, ms: Math.round(performance.now() - started), warnings };
  } finally {
    // esbuild keeps a service process for later builds; the demo builds once.
    await esbuild.stop();
  }
}
