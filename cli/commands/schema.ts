// `conduit schema`: prints the registry JSON Schema (for editors), generated from the same zod
// schemas `conduit check` validates with. `conduit schema > registry.schema.json` refreshes the
// copy at the repository root.
import { registryJsonSchemaText } from '../../compiler/validate/json-schema.js';
import { HELP_FLAG, parseCommandArgs } from '../args.js';

const USAGE = 'usage: conduit schema   (prints the registry JSON Schema; redirect it to a file)';

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('schema', USAGE, argv, { help: HELP_FLAG });
  if (!args.ok) return args.exitCode;
  process.stdout.write(registryJsonSchemaText());
  return 0;
}
