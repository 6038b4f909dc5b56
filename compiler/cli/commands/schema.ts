// `conduit schema`: prints the registry JSON Schema (for editors), generated from the same zod
// schemas `conduit check` validates with. `conduit schema > registry.schema.json` refreshes the
// copy at the repository root.
import { registryJsonSchemaText } from '../../validate/json-schema.js';
import { parseArgs } from '../args.js';

const USAGE = 'usage: conduit schema   (prints the registry JSON Schema; redirect it to a file)';

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, { help: { type: 'boolean', short: 'h' } });
  if (!args.ok) {
    process.stderr.write(`conduit schema: ${args.error}\n\n${USAGE}\n`);
    return 1;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  process.stdout.write(registryJsonSchemaText());
  return 0;
}
