// zod schema of one registry file: a mapping with optional arrays `connectors` and
// `composite_connectors` (SPEC §1), plus `$schema` so JSON files can name the JSON Schema for
// editors, and `autoescape: false` to switch HTML autoescaping off for the file's templates. The loader validates the file shell first and each connector separately, so one bad
// connector never hides the problems of the others.
import { z } from 'zod';
import { compositeConnectorSchema, regularConnectorSchema } from './connector-schema.js';
import { documented } from './schema-docs.js';

export const registryFileSchema = z.strictObject({
  $schema: documented(z.string(), 'Editor hint: the JSON Schema this file follows').optional(),
  autoescape: documented(
    z.boolean(),
    "HTML autoescaping of this file's templates, as Jinja2's autoescape: on unless false (values printed with {{ }} are HTML-escaped unless marked safe)",
  ).optional(),
  connectors: documented(z.array(regularConnectorSchema), 'Regular connectors: one HTTPS call each').optional(),
  composite_connectors: documented(z.array(compositeConnectorSchema), 'Composite connectors: ordered chains of steps').optional(),
});

/** The same shape with the connectors left unchecked: validated one by one afterwards. */
export const registryFileShellSchema = z.strictObject({
  $schema: z.string().optional(),
  autoescape: z.boolean().optional(),
  connectors: z.array(z.unknown()).optional(),
  composite_connectors: z.array(z.unknown()).optional(),
});

export const REGISTRY_FILE_FIELDS: readonly string[] = Object.keys(registryFileSchema.shape);
