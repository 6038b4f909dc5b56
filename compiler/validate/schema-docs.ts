// Descriptions and $defs names of the registry schemas, for the exported JSON Schema. Kept in a
// private zod registry (not zod's global one, which refuses an id registered twice, e.g. when a
// test runner evaluates this module again in the same process).
import { z } from 'zod';

export const schemaDocs = z.registry<{ id?: string; description?: string }>();

/** Attaches a description (and, for reusable definitions, a $defs name) to a schema; returns it. */
export function documented<T extends z.ZodType>(schema: T, description: string, id?: string): T {
  schemaDocs.add(schema, id === undefined ? { description } : { id, description });
  return schema;
}
