// The registry JSON Schema for editors, generated from the very zod schemas `conduit check` uses
// (so the two can never disagree). `conduit schema` prints it; registry.schema.json at the
// repository root holds a copy that a test keeps fresh.
import { z } from 'zod';
import { registryFileSchema } from './registry-file-schema.js';
import { schemaDocs } from './schema-docs.js';

export function registryJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(registryFileSchema, { target: 'draft-2020-12', io: 'input', metadata: schemaDocs }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Conduit registry file',
    description: 'A registry file: optional lists of regular connectors and composite connectors (see SPEC §1 and §4).',
    ...rest,
  };
}

/** The exact text of registry.schema.json: pretty-printed, with a final newline. */
export function registryJsonSchemaText(): string {
  return `${JSON.stringify(registryJsonSchema(), null, 2)}\n`;
}
