// `npm start`: builds the demo registry and the SDK, starts the demo stack (demo upstream, bundled
// runtime, widget page), prints where to look, and runs until Ctrl-C (SIGINT), SIGTERM or SIGHUP,
// which stop every server and the runtime process before the demo exits.
// Exit codes: 0 stopped by a signal, 1 could not start or the runtime died, 2 bad options.
// Only light modules up front: the compiler and the SDK build load TypeScript (seconds), which a
// bad option or a taken port should not wait for.
import { DEMO_USAGE, parseDemoOptions } from './demo-options.js';
import type { DemoStack } from './demo-stack.js';
import { displayPath } from './display-path.js';
import { takenPorts } from './port-check.js';

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];


function banner(stack: DemoStack, built: string): string {
  return [
    '',
    'Conduit demo',
    `  ${built}`,
    `  demo upstream (OAuth token endpoint + JSON API): ${stack.upstreamUrl}  (TLS by the demo CA in demo/tls)`,
    `  runtime (pid ${stack.runtimePid}): ${stack.runtimeCommand}`,
    '',
    '  NOTE: --allow-insecure-upstreams is on for this demo only, because the demo upstream listens on',
    '        127.0.0.1 (a loopback address the runtime refuses otherwise). Never use it in production.',
    '',
    `  Open the demo page: ${stack.pageUrl}`,
    '  Try a connector from a shell:',
    `    ${stack.curl.line}`,
    '',
    '  Runtime log lines follow (the runtime writes them in batches). Ctrl-C stops everything.',
    '',
  ].join('\n');
}

const portsInUse = (ports: readonly (number | undefined)[]) =>
  `port ${ports.join(', ')} ${ports.length === 1 ? 'is' : 'are'} in use; choose others with --port, --runtime-port or --upstream-port`;

function describeStartError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return portsInUse([(error as { port?: number }).port]);
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const parsed = parseDemoOptions(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    err(parsed.errors.map((e) => `demo: ${e}\n`).join('') + `\n${DEMO_USAGE}\n`);
    return 2;
  }
  const { options } = parsed;
  if (options.help) {
    out(`${DEMO_USAGE}\n`);
    return 0;
  }

  // Signals are ours from the start: stopping half-way must not leave a runtime process behind.
  let signalled: NodeJS.Signals | null = null;
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => (signalled = signal);
  for (const signal of SIGNALS) process.on(signal, () => onSignal(signal));

  const taken = await takenPorts([options.pagePort, options.runtimePort, options.upstreamPort]);
  if (taken.length > 0) {
    err(`demo: cannot start: ${portsInUse(taken)}\n`);
    return 1;
  }

  const { buildDemo, demoBuildPaths } = await import('./build-demo.js');
  const { startDemoStack } = await import('./demo-stack.js');
  const { formatRuntimeLine } = await import('./runtime-log.js');
  const paths = demoBuildPaths(options.registryDir, options.buildDir);
  out(`demo: building ${displayPath(paths.registryDir)}/ and the widget SDK…\n`);
  const built = await buildDemo(paths);
  if (!built.ok) {
    err(built.report);
    err(`demo: not starting: ${displayPath(paths.registryDir)}/ has errors (see above)\n`);
    return 1;
  }
  if (built.warnings !== '') out(built.warnings);
  if (signalled !== null) return 0;

  let stack: DemoStack;
  try {
    stack = await startDemoStack({
      serverFile: paths.serverFile,
      sdkDir: paths.sdkDir,
      pagePort: options.pagePort,
      runtimePort: options.runtimePort,
      upstreamPort: options.upstreamPort,
      onRuntimeLine: (line) => out(`runtime | ${formatRuntimeLine(line)}\n`),
    });
  } catch (error) {
    err(`demo: cannot start: ${describeStartError(error)}\n`);
    return 1;
  }
  if (signalled !== null) {
    await stack.close();
    return 0;
  }

  const builtLine =
    `built ${built.connectorCount} connectors from ${displayPath(paths.registryDir)}/ into ${displayPath(paths.generatedDir)}/ and ` +
    `${displayPath(paths.serverFile)}; ${built.sdkBuilt ? 'built the SDK into' : 'the SDK is up to date in'} ${displayPath(paths.sdkDir)}/ (${built.ms} ms)`;
  out(banner(stack, builtLine));

  const reason = await new Promise<{ signal: NodeJS.Signals } | { runtimeExit: string }>((resolve) => {
    onSignal = (signal) => resolve({ signal });
    void stack.runtimeExited.then((exit) => resolve({ runtimeExit: exit.signal ?? `code ${exit.code}` }));
  });
  if ('signal' in reason) {
    out(`\ndemo: ${reason.signal}: stopping the page server, the runtime and the demo upstream…\n`);
    await stack.close();
    out('demo: stopped\n');
    return 0;
  }
  err(`demo: the runtime exited unexpectedly (${reason.runtimeExit}); stopping the demo\n`);
  await stack.close();
  return 1;
}

const code = await main();
process.exitCode = code;
// Everything is closed by now; if some handle still holds the event loop, do not hang the terminal.
setTimeout(() => process.exit(code), 3_000).unref();
