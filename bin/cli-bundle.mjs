// The CLI is TypeScript with no separate build step. Loading it through tsx costs ~0.4 s of CPU on
// every start (each of ~130 modules is resolved and transformed through a loader thread), which
// is most of what a small `conduit check` does. So the CLI runs from an esbuild bundle kept in
// node_modules/.cache/conduit-cli/ (never in git), made on first use and remade whenever any of
// its inputs changed: every source file esbuild read, the listing of every folder they sit in (a
// new file can change what an import resolves to), package.json, tsconfig.json, the package.json
// of each inlined dependency, this file, and the esbuild version. The check reads and hashes those
// files on each start (a few ms). CONDUIT_CLI_FROM_SOURCE=1 skips all of it (tsx loads the sources).
//
// Plain JavaScript on purpose: it runs before anything can load TypeScript.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';

const MANIFEST_VERSION = 2;
/** The modules of the CLI's bundle, by output name: the CLI, and the worker of a parallel check. */
export const CLI_ENTRIES = { main: 'cli/main.ts', 'check-worker': 'compiler/check-worker.ts' };
/** Superseded bundles older than this are removed; younger ones may still be in use by a running CLI. */
const STALE_BUILD_MS = 60 * 60 * 1000;
/**
 * Dependencies bundled into the CLI (pure JavaScript, needed by every check): loading their ~200
 * modules one by one from node_modules took ~50 ms of each start. Every other package stays
 * external, loaded from node_modules by the commands that need it (ts-morph and esbuild by build).
 */
const INLINE_PACKAGES = ['yaml', 'zod'];
/** Always part of the key: they change how esbuild reads the sources, or what it inlines. */
const EXTRA_INPUTS = ['package.json', 'tsconfig.json', ...INLINE_PACKAGES.map((name) => `node_modules/${name}/package.json`)];
/** Inlined CommonJS code (yaml) requires Node built-ins: give the ES module bundle a require. */
const REQUIRE_BANNER = "import { createRequire as __conduitCliRequire } from 'node:module'; const require = __conduitCliRequire(import.meta.url);";

function hashOf(data) {
  return createHash('sha256').update(data).digest('base64url');
}

function readOrNull(file) {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

function listingHash(dir) {
  try {
    return hashOf(readdirSync(dir).sort().join('\n'));
  } catch {
    return null;
  }
}

/** This file is part of the key too: how it bundles decides what the bundle is. */
function bundlerHash() {
  return hashOf(readFileSync(fileURLToPath(import.meta.url)));
}

function sameInputs(root, manifest) {
  if (manifest === null || manifest.version !== MANIFEST_VERSION || typeof manifest.dir !== 'string') return false;
  if (manifest.bundler !== bundlerHash()) return false;
  for (const [rel, hash] of Object.entries(manifest.files)) {
    const data = readOrNull(path.join(root, rel));
    if ((data === null ? null : hashOf(data)) !== hash) return false;
  }
  for (const [dir, hash] of Object.entries(manifest.dirs)) {
    if (listingHash(path.join(root, dir)) !== hash) return false;
  }
  return true;
}

function esbuildVersionOf(root) {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules/esbuild/package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

function readManifest(cacheDir) {
  try {
    return JSON.parse(readFileSync(path.join(cacheDir, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Reads every project source for esbuild, so the fingerprint holds the hashes of the very bytes
 * that were bundled (a file saved during the build makes the next start rebuild).
 * A bundle is one file per module graph, so `import.meta.url` would name the bundle instead of
 * the source file (code that finds files next to itself, such as the runtime entry the build
 * command bundles, would look in the cache). Each source that reads import.meta gets its own
 * file's values substituted, in the syntax tree (a string that mentions import.meta is untouched).
 */
function sourcePlugin(esbuild, root, seen) {
  return {
    name: 'conduit-cli-sources',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const parts = args.path.split('/');
        const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        return INLINE_PACKAGES.includes(name) ? undefined : { external: true };
      });
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        const rel = path.relative(root, args.path);
        if (rel.startsWith('..') || rel.split(path.sep).includes('node_modules')) return undefined;
        const bytes = readFileSync(args.path);
        const posix = rel.split(path.sep).join('/');
        seen.files.set(posix, hashOf(bytes));
        const dir = path.posix.dirname(posix);
        if (!seen.dirs.has(dir)) seen.dirs.set(dir, listingHash(path.join(root, dir)));
        const source = bytes.toString('utf8');
        const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
        if (!source.includes('import.meta')) return { contents: source, loader };
        const result = await esbuild.transform(source, {
          loader,
          sourcefile: args.path,
          define: {
            'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
            'import.meta.filename': JSON.stringify(args.path),
            'import.meta.dirname': JSON.stringify(path.dirname(args.path)),
          },
        });
        return { contents: result.code, loader: 'js' };
      });
    },
  };
}

async function buildBundle(root, entries, cacheDir) {
  const esbuild = await import('esbuild');
  // Unique per process and thread: CLIs (and a check's worker) starting together may all build.
  const writer = `${process.pid}-${threadId}`;
  const outDir = path.join(cacheDir, `build-${writer}-${Date.now().toString(36)}`);
  // Hashed before the build: a change made while esbuild runs then shows at the next start.
  const extras = Object.fromEntries(EXTRA_INPUTS.map((rel) => [rel, readOrNull(path.join(root, rel))]).map(([rel, data]) => [rel, data === null ? null : hashOf(data)]));
  const seen = { files: new Map(), dirs: new Map() };
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: REQUIRE_BANNER },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    logLevel: 'silent',
    plugins: [sourcePlugin(esbuild, root, seen)],
  });
  const manifest = {
    version: MANIFEST_VERSION,
    bundler: bundlerHash(),
    esbuild: esbuild.version,
    files: { ...extras, ...Object.fromEntries([...seen.files].sort(([a], [b]) => (a < b ? -1 : 1))) },
    dirs: Object.fromEntries([...seen.dirs].sort(([a], [b]) => (a < b ? -1 : 1))),
    dir: path.basename(outDir),
    entries,
  };
  // Written whole then renamed: a CLI starting at the same moment reads the old or the new one.
  const temp = path.join(cacheDir, `manifest.${writer}.tmp`);
  writeFileSync(temp, `${JSON.stringify(manifest)}\n`);
  renameSync(temp, path.join(cacheDir, 'manifest.json'));
  return manifest;
}

function removeStaleBuilds(cacheDir, keep) {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith('build-') || name === keep) continue;
    const dir = path.join(cacheDir, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs > STALE_BUILD_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another CLI removed it first.
    }
  }
}

/**
 * The file URL of the bundled module `name` of `entries` ({output name: source path relative to
 * `root`}), building the bundle when the cached one is missing or stale; null when no bundle can
 * be made (no esbuild, read-only node_modules, a build error), so the caller falls back to loading
 * the sources through tsx.
 */
export async function bundledEntry({ root, entries, name, cacheDir = path.join(root, 'node_modules', '.cache', 'conduit-cli') }) {
  try {
    let manifest = readManifest(cacheDir);
    const esbuildVersion = esbuildVersionOf(root);
    if (esbuildVersion === null || !(name in entries)) return null;
    const fresh =
      manifest !== null &&
      manifest.esbuild === esbuildVersion &&
      JSON.stringify(manifest.entries) === JSON.stringify(entries) &&
      sameInputs(root, manifest) &&
      existsSync(path.join(cacheDir, manifest.dir, `${name}.mjs`));
    if (!fresh) {
      mkdirSync(cacheDir, { recursive: true });
      manifest = await buildBundle(root, entries, cacheDir);
      removeStaleBuilds(cacheDir, manifest.dir);
    }
    return pathToFileURL(path.join(cacheDir, manifest.dir, `${name}.mjs`)).href;
  } catch {
    return null;
  }
}

/**
 * Runs the CLI module `name` of CLI_ENTRIES in this thread: from the bundle, or from its source
 * through tsx when there is no bundle or CONDUIT_CLI_FROM_SOURCE=1.
 */
export async function importCliModule(name) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const entry = process.env.CONDUIT_CLI_FROM_SOURCE === '1' ? null : await bundledEntry({ root, entries: CLI_ENTRIES, name });
  if (entry !== null) return import(entry);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(root, CLI_ENTRIES[name])).href);
}
