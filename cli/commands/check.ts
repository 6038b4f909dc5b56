// `conduit check [--registry DIR] [--format human|json|github] [--secrets FILE] [--strict]
//                [--allow-insecure-upstreams]`
// Validates the registry and prints every problem. Exit code 0 when there is no error (warnings
// allowed unless --strict), 1 otherwise.
import { checkRegistry } from '../../compiler/check.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { promoteWarnings } from '../../compiler/diagnostics/strict.js';
import { readSecretsFile, type SecretsPresence } from '../../compiler/load/secrets-file.js';
import { ALLOW_INSECURE_UPSTREAMS_FLAG, FORMAT_FLAG, HELP_FLAG, parseCommandArgs, REGISTRY_FLAG } from '../args.js';
import { explainConnector, formatExplanation } from '../explain-steps.js';
import { formatDiagnostics, type DiagnosticFormat } from '../print-diagnostics.js';

const USAGE = `usage: conduit check [--registry DIR] [--format human|json|github] [--secrets FILE] [--strict] [--allow-insecure-upstreams]
                     [--explain PERMALINK]

  --registry DIR               registry folder (default: registry, env CONDUIT_REGISTRY)
  --format human|json|github   output format (default: human)
  --secrets FILE               also report get_secret() names this secrets file lacks. The file is
                               JSON: {"default": {NAME: VALUE}, "tenants": {TENANT: {NAME: VALUE}}},
                               or a flat {NAME: VALUE}; a name is present when "default" has it or
                               every tenant section has it
  --strict                     report warnings (unknown fields, ...) as errors: exit 1 on any
  --allow-insecure-upstreams   accept http:// and private hosts (local development and tests only)
  --explain PERMALINK          also print the step dependency graph and critical path of that
                               composite (or regular) connector; with --format json the output is
                               {"diagnostics": [...], "explain": {...}}`;

const FLAGS = {
  registry: REGISTRY_FLAG,
  format: FORMAT_FLAG,
  secrets: { type: 'string', env: 'CONDUIT_SECRETS_FILE' },
  strict: { type: 'boolean', env: 'CONDUIT_STRICT' },
  'allow-insecure-upstreams': ALLOW_INSECURE_UPSTREAMS_FLAG,
  explain: { type: 'string' },
  help: HELP_FLAG,
} as const;

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('check', USAGE, argv, FLAGS);
  if (!args.ok) return args.exitCode;
  const { values } = args;
  let secrets;
  if (values.secrets !== undefined) {
    const read = await readSecretsFile(values.secrets);
    if (!read.ok) {
      process.stderr.write(`conduit check: ${read.message}\n`);
      return 1;
    }
    secrets = read.secrets;
  }
  if (values.explain !== undefined) {
    return explain(values.explain, values.registry, values.format as DiagnosticFormat, values['allow-insecure-upstreams'], values.strict, secrets);
  }
  // Only the problems are printed: no IR is assembled (and with cores to spare, two threads check).
  const result = await checkRegistry(values.registry, {
    registry: false,
    allowInsecureUpstreams: values['allow-insecure-upstreams'],
    ...(secrets === undefined ? {} : { secrets }),
  });
  const diagnostics = values.strict ? promoteWarnings(result.diagnostics) : result.diagnostics;
  process.stdout.write(formatDiagnostics(diagnostics, values.format as DiagnosticFormat, { connectorCount: result.connectorCount }));
  return hasErrors(diagnostics) ? 1 : 0;
}

async function explain(
  permalink: string,
  registryDir: string,
  format: DiagnosticFormat,
  allowInsecureUpstreams: boolean,
  strict: boolean,
  secrets: SecretsPresence | undefined,
): Promise<number> {
  // The graph comes from the assembled IR, so this check keeps it.
  const checked = await checkRegistry(registryDir, { allowInsecureUpstreams, ...(secrets === undefined ? {} : { secrets }) });
  const result = { ...checked, diagnostics: strict ? promoteWarnings(checked.diagnostics) : checked.diagnostics };
  const failed = (message: string) => {
    if (format === 'json') process.stdout.write(`${JSON.stringify({ diagnostics: result.diagnostics, explain: null, error: message }, null, 2)}\n`);
    else process.stdout.write(formatDiagnostics(result.diagnostics, format, { connectorCount: result.connectorCount }));
    process.stderr.write(`conduit check: ${message}\n`);
    return 1;
  };
  if (result.registry === null) return failed(`cannot explain '${permalink}': the registry has errors`);
  const connectors = result.registry.connectors;
  // Composites first: `--explain` is about step graphs, and the two kinds have separate namespaces.
  const connector =
    connectors.find((c) => c.kind === 'composite' && c.permalink === permalink) ?? connectors.find((c) => c.permalink === permalink);
  if (connector === undefined) return failed(`no connector with permalink '${permalink}' in ${registryDir}`);
  const explanation = explainConnector(connector);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ diagnostics: result.diagnostics, explain: explanation }, null, 2)}\n`);
  } else {
    process.stdout.write(formatDiagnostics(result.diagnostics, format, { connectorCount: result.connectorCount }));
    process.stdout.write(`\n${formatExplanation(explanation)}`);
  }
  return hasErrors(result.diagnostics) ? 1 : 0;
}
