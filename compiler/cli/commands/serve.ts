// `conduit serve [server options]`: compiles the registry with the same pipeline as `build`
// (refusing to start when check finds errors) and serves it. Flags and CONDUIT_* variables are
// those of the bundled server (`node dist/server.mjs --help` lists them).
import { compileAndLoad } from '../../build.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
// Pure module (no imports, no I/O): the same option parser as the bundled server, read here only
// to learn which registry to compile and whether insecure upstreams are allowed.
import { parseServerOptions, serverOptionsHelp } from '../../../runtime/options.js';
import { formatDiagnostics } from '../print-diagnostics.js';

const USAGE = `usage: conduit serve [options]\n\n${serverOptionsHelp()}`;

export async function run(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseServerOptions(argv, process.env);
  if (!parsed.ok) {
    process.stderr.write(parsed.errors.map((e) => `conduit serve: ${e}\n`).join(''));
    return 2;
  }
  const { registryDir, allowInsecureUpstreams, workers } = parsed.options;
  // Workers run the compiled bundle from a temp folder: the registry is compiled once, here.
  const loaded = await compileAndLoad(registryDir, { allowInsecureUpstreams, workerEntry: workers !== 1 });
  if (!loaded.ok || hasErrors(loaded.diagnostics)) {
    process.stderr.write(formatDiagnostics(loaded.diagnostics, 'human', { stream: process.stderr }));
    process.stderr.write('conduit serve: not starting: the registry has errors\n');
    return 1;
  }
  if (loaded.diagnostics.length > 0) process.stderr.write(formatDiagnostics(loaded.diagnostics, 'human', { stream: process.stderr }));
  try {
    return await loaded.module.runServerFromCli(
      loaded.registry,
      argv,
      process.env,
      loaded.workerEntry === null ? {} : { workerEntry: loaded.workerEntry },
    );
  } finally {
    await loaded.dispose();
  }
}
