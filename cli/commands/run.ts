// `conduit run NAME [--payload JSON|@FILE] [--query k=v]… [--path-param k=v]… [--user JSON] [--verbose] [--json] [server options]`
// Compiles the registry, executes one connector once (debug on) and prints the response and its
// timing; --verbose adds the rendered upstream request of every step, --json prints one document.
// Exit code 0 when the connector succeeded, 1 when it answered an error (or the registry has
// errors, or the name is unknown: `Connector "x" is not defined in this registry`), 2 for bad arguments.
import { readFile } from 'node:fs/promises';
import { compileAndLoad } from '../../compiler/build.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { serverOptionsHelp } from '../../runtime/options.js';
import { parseRunArguments } from '../run-arguments.js';
import type { ExecuteOnceResult } from '../../runtime/main.js';
import { formatDiagnostics } from '../print-diagnostics.js';

const USAGE = `usage: conduit run NAME [--payload JSON|@FILE] [--query k=v]… [--path-param k=v]… [--user JSON] [--verbose] [--json] [options]

  NAME                 a connector's permalink, id or name (regular or composite)
  --payload JSON|@FILE the caller's body (sent as application/json); @FILE reads it from a file
  --query k=v          a caller query parameter (repeatable)
  --path-param k=v     a path parameter of a regular connector (repeatable)
  --user JSON          user claims taken as verified, e.g. {"sub":"42","tenant_id":"acme"}
  --verbose            also print the rendered upstream requests (secrets shown as their templates)
  --json               print one JSON document: status, headers, body, timing, error, requests

Exit code 0 when the connector answered 2xx/3xx, 1 otherwise (or when the registry has errors).

${serverOptionsHelp()}`;

const MAX_BODY_PRINT = 64 * 1024;

function printableBody(body: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, MAX_BODY_PRINT));
  const binary = text.includes('\uFFFD');
  if (binary) return `<${body.length} bytes of binary data>`;
  return body.length > MAX_BODY_PRINT ? `${text}\n… (${body.length - MAX_BODY_PRINT} more bytes)` : text;
}

function timingOf(result: ExecuteOnceResult): Record<string, unknown> | null {
  const header = result.headers['X-Connector-Timing'];
  if (header === undefined) return null;
  try {
    return JSON.parse(header) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function formatRunResult(result: ExecuteOnceResult, verbose = false): string {
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
  lines.push(`  total ${result.totalMs.toFixed(2)} ms`);
  const timing = timingOf(result);
  if (timing !== null && typeof timing['internal_ms'] === 'number') {
    const host = typeof timing['external_host'] === 'string' ? ` (${timing['external_host']})` : '';
    lines.push(`  internal ${String(timing['internal_ms'])} ms, external ${String(timing['external_ms'])} ms${host}`);
  }
  lines.push('');
  if (verbose) lines.push('rendered upstream requests (secrets shown as their templates):', JSON.stringify(result.debugRequest, null, 2), '');
  return lines.join('\n');
}

/** `--json`: the body parsed when it is JSON, else text. */
export function runResultJson(result: ExecuteOnceResult, verbose: boolean): string {
  const text = result.body.toString('utf8');
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  const document: Record<string, unknown> = {
    ok: result.ok,
    status: result.status,
    request_id: result.requestId,
    headers: Object.fromEntries(Object.entries(result.headers).filter(([name]) => name.toLowerCase() !== 'x-debug-request')),
    body,
    timing: timingOf(result),
    error: result.error,
  };
  if (verbose) document['requests'] = result.debugRequest;
  return `${JSON.stringify(document, null, 2)}\n`;
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
  let payload = parsed.payload;
  if (parsed.payloadFile !== null) {
    try {
      payload = await readFile(parsed.payloadFile, 'utf8');
    } catch (err) {
      process.stderr.write(`conduit run: cannot read --payload @${parsed.payloadFile}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}\n`);
      return 2;
    }
  }
  const loaded = await compileAndLoad(parsed.options.registryDir, { allowInsecureUpstreams: parsed.options.allowInsecureUpstreams });
  if (!loaded.ok || hasErrors(loaded.diagnostics)) {
    process.stderr.write(formatDiagnostics(loaded.diagnostics, 'human', { stream: process.stderr }));
    return 1;
  }
  const result = await loaded.module.executeOnce(
    loaded.registry,
    parsed.permalink,
    { payload, query: parsed.query, pathParams: parsed.pathParams, user: parsed.user },
    parsed.options,
  );
  if (result.status === 404 && result.steps.length === 0 && result.error?.scope === 'Request') {
    // Not an answer of the connector: the name is not in the registry.
    process.stderr.write(`${result.error.message}\n`);
    if (parsed.json) process.stdout.write(runResultJson(result, parsed.verbose));
    return 1;
  }
  process.stdout.write(parsed.json ? runResultJson(result, parsed.verbose) : formatRunResult(result, parsed.verbose));
  return result.ok ? 0 : 1;
}
