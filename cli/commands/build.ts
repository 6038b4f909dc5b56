// `conduit build [--registry DIR] [--out DIR] [--server-file FILE] [--no-bundle] [--allow-insecure-upstreams]`
// check -> emit generated/ -> bundle dist/server.mjs. Exit code 0 on success, 1 when check finds errors.
import { build } from '../../compiler/build.js';
import { ALLOW_INSECURE_UPSTREAMS_FLAG, FORMAT_FLAG, HELP_FLAG, parseCommandArgs, REGISTRY_FLAG } from '../args.js';
import { formatDiagnostics, type DiagnosticFormat } from '../print-diagnostics.js';

const USAGE = `usage: conduit build [--registry DIR] [--out DIR] [--server-file FILE] [--no-bundle] [--format human|json|github]

  --registry DIR               registry folder (default: registry, env CONDUIT_REGISTRY)
  --out DIR                    where generated modules go (default: generated)
  --server-file FILE           the deployable bundle (default: dist/server.mjs); start it with node FILE
  --no-bundle                  emit generated modules only
  --format human|json|github   how problems are printed (default: human)
  --allow-insecure-upstreams   accept http:// and private hosts (local development and tests only)`;

const FLAGS = {
  registry: REGISTRY_FLAG,
  out: { type: 'string', default: 'generated' },
  'server-file': { type: 'string', default: 'dist/server.mjs' },
  'no-bundle': { type: 'boolean' },
  format: FORMAT_FLAG,
  'allow-insecure-upstreams': ALLOW_INSECURE_UPSTREAMS_FLAG,
  help: HELP_FLAG,
} as const;

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('build', USAGE, argv, FLAGS);
  if (!args.ok) return args.exitCode;
  const { values } = args;
  const result = await build({
    registryDir: values.registry,
    outDir: values.out,
    serverFile: values['no-bundle'] ? null : values['server-file'],
    allowInsecureUpstreams: values['allow-insecure-upstreams'],
  });
  const format = values.format as DiagnosticFormat;
  if (!result.ok) {
    process.stdout.write(formatDiagnostics(result.diagnostics, format));
    return 1;
  }
  if (result.diagnostics.length > 0) process.stdout.write(formatDiagnostics(result.diagnostics, format));
  if (format === 'human') {
    const { files, timings: t } = result;
    const bundled = values['no-bundle'] ? '' : `, bundled ${values['server-file']}`;
    process.stdout.write(
      `built ${result.connectorCount} connectors into ${values.out}/ (${files.written} written, ${files.unchanged} unchanged, ${files.removed} removed)${bundled}\n` +
        `  check ${t.checkMs} ms, emit ${t.emitMs} ms, write ${t.writeMs} ms, bundle ${t.bundleMs} ms\n`,
    );
  }
  return 0;
}
