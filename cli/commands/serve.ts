// `conduit serve [server options]`: compiles the registry with the same pipeline as `build`
// (refusing to start when check finds errors) and serves it. Flags and CONDUIT_* variables are
// those of the bundled server (`node dist/server.mjs --help` lists them).
import path from 'node:path';
import { compileAndLoad } from '../../compiler/build.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
// Pure module (no imports, no I/O): the same option parser as the bundled server, read here only
// to learn which registry to compile and whether insecure upstreams are allowed.
import { parseServerOptions, serverOptionsHelp } from '../../runtime/options.js';
import { formatDiagnostics } from '../print-diagnostics.js';
import { watchRegistry, type RegistryWatcher } from '../watch-registry.js';

const WATCH_HELP = '  --watch                            recompile on every registry change and swap the connectors in (development)';
const USAGE = `usage: conduit serve [options]\n\n${serverOptionsHelp()}\n${WATCH_HELP}`;

export async function run(args: readonly string[]): Promise<number> {
  let argv = args;
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // --watch belongs to this command, not to the server options.
  const watching = argv.includes('--watch');
  if (watching) argv = argv.filter((arg) => arg !== '--watch');
  const parsed = parseServerOptions(argv, process.env);
  if (!parsed.ok) {
    process.stderr.write(parsed.errors.map((e) => `conduit serve: ${e}\n`).join(''));
    return 2;
  }
  const { registryDir, allowInsecureUpstreams, workers } = parsed.options;
  if (watching && workers !== 1) {
    process.stderr.write('conduit serve: --watch serves from one process: leave out --workers\n');
    return 2;
  }
  // Workers run the compiled bundle from a temp folder: the registry is compiled once, here.
  // --watch keeps the bundle on disk too: reloaded registries import the runtime from it.
  const loaded = await compileAndLoad(registryDir, { allowInsecureUpstreams, workerEntry: workers !== 1 || watching });
  if (!loaded.ok || hasErrors(loaded.diagnostics)) {
    process.stderr.write(formatDiagnostics(loaded.diagnostics, 'human', { stream: process.stderr }));
    process.stderr.write('conduit serve: not starting: the registry has errors\n');
    return 1;
  }
  if (loaded.diagnostics.length > 0) process.stderr.write(formatDiagnostics(loaded.diagnostics, 'human', { stream: process.stderr }));
  let watcher: RegistryWatcher | null = null;
  try {
    return await loaded.module.runServerFromCli(loaded.registry, argv, process.env, {
      ...(loaded.workerEntry === null ? {} : { workerEntry: loaded.workerEntry }),
      ...(watching && loaded.workerEntry !== null
        ? {
            onServing: (server) => {
              const runtimeBundle = path.join(path.dirname(loaded.workerEntry!), 'registry.mjs');
              watcher = watchRegistry(server, { registryDir, allowInsecureUpstreams, runtimeBundle, report: (text) => process.stderr.write(text) });
              process.stderr.write(`conduit serve: watching ${registryDir} for changes\n`);
            },
          }
        : {}),
    });
  } finally {
    (watcher as RegistryWatcher | null)?.close();
    await loaded.dispose();
  }
}
