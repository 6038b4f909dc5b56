// Entry point of the `conduit` CLI: picks the sub-command module and hands it the remaining argv.
// Each command lives in ./commands/<name>.ts and exports `run(argv): Promise<number>` (the exit code).

const COMMANDS = ['check', 'build', 'serve', 'run', 'render', 'init', 'schema'] as const;
type CommandName = (typeof COMMANDS)[number];

interface CommandModule {
  run(argv: readonly string[]): Promise<number>;
}

const USAGE = `usage: conduit <command> [options]

commands:
  check    validate a registry and report every problem (--registry DIR --format human|json|github --secrets FILE)
  build    check, emit generated/ and bundle dist/server.mjs (--registry DIR --out DIR)
  serve    compile the registry and serve it (--port N --host H ...)
  run      execute one connector once and print the response (PERMALINK --payload JSON --query k=v --user JSON)
  render   render templates: JSON lines in, JSON lines out
  init     scaffold a registry with a commented example
  schema   print the registry JSON Schema (for editors)`;

function isCommand(name: string | undefined): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name ?? '');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 1 : 0;
  }
  if (!isCommand(name)) {
    process.stderr.write(`conduit: unknown command '${name}'\n\n${USAGE}\n`);
    return 1;
  }
  const command = (await import(`./commands/${name}.ts`)) as CommandModule;
  return command.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
