// zod schemas of regular connectors, composite connectors and their steps (SPEC §1). Objects are
// strict: an unknown field is an error (almost always a typo that would otherwise be ignored).
//
// Bookkeeping fields of Gainsight-style `connectors_registry.json` files: the files published by
// that platform's users carry `path_parameters: [{"key": "sys_id"}]` on regular connectors (the
// admin UI's declaration of `{{ pathParams.sys_id }}`). Conduit accepts it so such files compile
// unchanged, checks its shape, and derives the real path parameters from the URL template; an
// entry the URL never reads is a warning (`path-parameter-unused`). It is refused on steps, as on
// the reference platform. `id` and `permalink`, which exported files also carry, are real fields.
import { z } from 'zod';
import { authenticationSchema } from './auth-schema.js';
import { SLUG_PATTERN } from './slug.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** RFC 9110 token characters: what a header field name may contain. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const template = z.string().describe('A Jinja2 template');
const slug = z.string().regex(SLUG_PATTERN).describe('Lower-case letters and digits, hyphen-separated');

const keyValueFields = {
  value: template,
  overridable: z.boolean().optional().describe('The caller may replace the value (default false)'),
};

export const headerSchema = z.strictObject({
  key: z.string().min(1).regex(HEADER_NAME_PATTERN).describe('Header name'),
  ...keyValueFields,
});

export const queryParameterSchema = z.strictObject({
  key: z.string().min(1).describe('Query parameter name'),
  ...keyValueFields,
});

export const pathParameterSchema = z.strictObject({
  key: z.string().min(1).describe('Name read as {{ pathParams.NAME }} in the URL'),
});

const requestFields = {
  url: template.describe('https:// URL template; the scheme must be literal'),
  headers: z.array(headerSchema).optional(),
  query_parameters: z.array(queryParameterSchema).optional(),
  authentication: authenticationSchema.optional(),
  request_body: template.optional().describe('Body sent for POST/PUT/PATCH'),
  response_body: template.optional().describe('Transforms the upstream response'),
  response_content_type: z.string().optional().describe('Overrides the Content-Type of the response'),
};

const identityFields = {
  name: z.string().min(1).describe('Unique connector name'),
  permalink: slug.optional().describe('Unique; derived from the name when absent'),
  id: z.number().int().nonnegative().optional().describe('Unique numeric id; the connector is also addressed by it'),
};

export const regularConnectorSchema = z.strictObject({
  ...identityFields,
  method: z.enum(HTTP_METHODS).describe('The caller must use the same method'),
  ...requestFields,
  path_parameters: z.array(pathParameterSchema).optional().describe('Gainsight bookkeeping: declared path parameters'),
});

export const stepSchema = z.strictObject({
  name: slug.describe('Unique within the connector; steps.<name> in later templates'),
  method: z.enum(HTTP_METHODS).optional().describe('Default GET'),
  ...requestFields,
});

export const compositeConnectorSchema = z.strictObject({
  ...identityFields,
  steps: z.array(stepSchema).min(1),
});

export type RegularConnector = z.infer<typeof regularConnectorSchema>;
export type CompositeConnector = z.infer<typeof compositeConnectorSchema>;
export type Step = z.infer<typeof stepSchema>;
export type KeyValue = z.infer<typeof headerSchema>;

export const REGULAR_CONNECTOR_FIELDS: readonly string[] = Object.keys(regularConnectorSchema.shape);
export const COMPOSITE_CONNECTOR_FIELDS: readonly string[] = Object.keys(compositeConnectorSchema.shape);
export const STEP_FIELDS: readonly string[] = Object.keys(stepSchema.shape);
export const KEY_VALUE_FIELDS: readonly string[] = Object.keys(headerSchema.shape);
