// `conduit run PERMALINK [--payload JSON] [--query k=v]… [--path-param k=v]… [--user JSON] [server options]`
// Compiles the registry, executes one connector once (debug on) and prints the response, the
// per-step timing and the resolved request of every step. Exit code 0 when the connector
// succeeded, 1 when it answered an error (or the registry has errors), 2 for bad arguments.
import { compileAndLoad } from '../../build.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
// Pure module (no imports, no I/O): the same parser the runtime uses for these flags.
import { parseRunArguments, serverOptionsHelp } from '../../../runtime/options.js';
import type { ExecuteOnceResult } from '../../../runtime/main.js';
import { formatDiagnostics } from '../print-diagnostics.js';

const USAGE = `usage: conduit run PERMALINK [--payload JSON] [--query k=v]… [--path-param k=v]… [--user JSON] [options]

  --payload JSON       the caller's body (sent as application/json)
  --query k=v          a caller query parameter (repeatable)
  --path-param k=v     a path parameter of a regular connector (repeatable)
  --user JSON          user claims taken as verified, e.g. {"sub":"42","tenant_id":"acme"}

${serverOptionsHelp()}`;

const MAX_BODY_PRINT = 64 * 1024;

function printableBody(body: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, MAX_BODY_PRINT));
  const binary = text.includes('\uFFFD');
  if (binary) return `<${body.length} bytes of binary data>`;
  return body.length > MAX_BODY_PRINT ? `${text}\n… (${body.length - MAX_BODY_PRINT} more bytes)` : text;
}

export function formatRunResult(result: ExecuteOnceResult): string {
  const lines: string[] = [`HTTP ${result.status}`];
  for (const [name, value] of Object.entries(result.headers)) {
    if (name.toLowerCase() !== 'x-debug-request') lines.push(`${name}: ${value}`);
  }
  lines.push('', printableBody(result.body), '', 'steps:');
  for (const step of result.steps) {
    // Issue 17: parallel steps show where they started; a false `when` and a cancelled step say so.
    const notes = `${step.startMs === undefined ? '' : `  start +${step.startMs.toFixed(2)} ms`}${step.skipped ? '  skipped (when: false)' : ''}${step.cancelled ? '  cancelled' : ''}`;
    lines.push(`  ${String(step.index).padStart(2)}  ${step.name.padEnd(24)} ${String(step.statusCode ?? '-').padStart(4)}  ${step.durationMs.toFixed(2)} ms${notes}`);
  }
  lines.push(`  total ${result.totalMs.toFixed(2)} ms`, '', 'resolved requests (secrets shown as their templates):', JSON.stringify(result.debugRequest, null, 2), '');
  return lines.join('\n');
}

export async function run(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseRunArguments(argv, process.env);
  if (!parsed.ok) {
    process.stderr.write(parsed.errors.map((e) => `conduit run: ${e}\n`).join(''));
    return 2;
  }
  const loaded = await compileAndLoad(parsed.options.registryDir, { allowInsecureUpstreams: parsed.options.allowInsecureUpstreams });
  if (!loaded.ok || hasErrors(loaded.diagnostics)) {
    process.stderr.write(formatDiagnostics(loaded.diagnostics, 'human', { stream: process.stderr }));
    return 1;
  }
  const result = await loaded.module.executeOnce(
    loaded.registry,
    parsed.permalink,
    { payload: parsed.payload, query: parsed.query, pathParams: parsed.pathParams, user: parsed.user },
    parsed.options,
  );
  process.stdout.write(formatRunResult(result));
  return result.ok ? 0 : 1;
}
