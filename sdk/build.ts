// Builds the widget SDK: `npx tsx sdk/build.ts [--out DIR]` (default sdk/dist).
//   widget-sdk.iife.js  — for a <script> tag: sets window.WidgetServiceSDK (minified, with a source map)
//   widget-sdk.mjs      — ESM for bundlers and <script type="module">
//   widget-sdk.d.mts    — types of the ESM build; widget-sdk.iife.d.ts — the global, for typed script-tag widgets
//   types/              — the declarations both point at (tsc emitDeclarationOnly)
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';

const SDK_DIR = path.dirname(fileURLToPath(import.meta.url));
/** Browsers from 2020 on: optional chaining, nullish coalescing, no transpiled classes needed. */
const BROWSER_TARGET = ['es2020'];

export interface SdkBuildOptions {
  /** Default: sdk/dist. Emptied first. */
  readonly outDir?: string;
}

export interface SdkBuildResult {
  readonly iifeFile: string;
  readonly esmFile: string;
  readonly esmTypesFile: string;
  readonly iifeTypesFile: string;
  readonly iifeBytes: number;
}

export class SdkBuildError extends Error {
  override readonly name = 'SdkBuildError';
}

function emitDeclarations(typesDir: string): void {
  const configPath = path.join(SDK_DIR, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { outDir: typesDir, noEmit: false }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new SdkBuildError(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new SdkBuildError(`cannot read ${configPath}`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const result = program.emit();
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => SDK_DIR, getNewLine: () => '\n' };
    throw new SdkBuildError(`the SDK does not type-check:\n${ts.formatDiagnostics(errors, host)}`);
  }
}

export async function buildSdk(options: SdkBuildOptions = {}): Promise<SdkBuildResult> {
  const outDir = path.resolve(options.outDir ?? path.join(SDK_DIR, 'dist'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const common = { bundle: true, platform: 'browser', target: BROWSER_TARGET, logLevel: 'silent', legalComments: 'none' } as const;

  const iifeFile = path.join(outDir, 'widget-sdk.iife.js');
  await build({
    ...common,
    entryPoints: [path.join(SDK_DIR, 'src/iife-entry.ts')],
    format: 'iife',
    minify: true,
    sourcemap: 'linked',
    outfile: iifeFile,
  });
  const esmFile = path.join(outDir, 'widget-sdk.mjs');
  await build({ ...common, entryPoints: [path.join(SDK_DIR, 'src/index.ts')], format: 'esm', outfile: esmFile });

  emitDeclarations(path.join(outDir, 'types'));
  // The declarations are ES modules wherever dist/ is copied to.
  await writeFile(path.join(outDir, 'types/package.json'), '{ "type": "module" }\n');
  const esmTypesFile = path.join(outDir, 'widget-sdk.d.mts');
  await writeFile(esmTypesFile, "export * from './types/index.js';\n");
  const iifeTypesFile = path.join(outDir, 'widget-sdk.iife.d.ts');
  await writeFile(
    iifeTypesFile,
    [
      '// Types for the <script> build: declares the global `WidgetServiceSDK` (also `window.WidgetServiceSDK`).',
      '/// <reference path="./types/iife-entry.d.ts" />',
      "export type * from './types/index.js';",
      '',
    ].join('\n'),
  );

  return { iifeFile, esmFile, esmTypesFile, iifeTypesFile, iifeBytes: (await stat(iifeFile)).size };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex === -1 ? undefined : process.argv[outIndex + 1];
  try {
    const result = await buildSdk({ outDir });
    process.stdout.write(`sdk: ${path.relative(process.cwd(), result.iifeFile)} (${result.iifeBytes} bytes), ${path.relative(process.cwd(), result.esmFile)}, .d.ts\n`);
  } catch (error) {
    process.stderr.write(`sdk build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
