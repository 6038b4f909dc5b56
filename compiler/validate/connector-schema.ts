// zod schemas of regular connectors, composite connectors and their steps (SPEC §1, v2). Objects
// are strict so that zod names every unknown field; the validator reports those as warnings and
// drops them from the model (the reference platform ignores them, so definitions pasted from its
// code mode compile), and `--strict` makes them errors.
//
// `path_parameters` rows ({key, value?, overridable?}) declare the `{{ pathParams.KEY }}` of a
// regular connector's URL; both directions are checked after template analysis (a declared key
// the URL never reads, a pathParams.X that is not declared). Steps have none (SPEC §1).
// Length limits and unique keys are checked on the source text by ./field-limits.ts and
// ./duplicate-keys.ts, not here, so their messages can say which limit and which earlier row.
import { z } from 'zod';
import { authenticationSchema } from './auth-schema.js';
import { documented } from './schema-docs.js';
import { SLUG_PATTERN } from './slug.js';

/** How a composite runs its steps (issue 17): strictly in order, or as their step references allow. */
export const EXECUTION_MODES = ['sequential', 'parallel'] as const;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** RFC 9110 token characters: what a header field name may contain. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A fresh schema per field, so each carries its own description. */
const template = (description: string) => documented(z.string(), description);
const slug = (description: string) => documented(z.string().regex(SLUG_PATTERN), `${description} (lower-case letters and digits, hyphen-separated)`);
const method = (description: string) => documented(z.enum(HTTP_METHODS), description);

const keyValueFields = () => ({
  value: template('A Jinja2 template (hdr slot: get_secret() is allowed)'),
  overridable: documented(z.boolean(), 'The caller may replace the value (default false)').optional(),
});

export const headerSchema = documented(
  z.strictObject({ key: documented(z.string().min(1, { abort: true }).regex(HEADER_NAME_PATTERN), 'Header name'), ...keyValueFields() }),
  'A request header',
  'Header',
);

export const queryParameterSchema = documented(
  z.strictObject({ key: documented(z.string().min(1), 'Query parameter name'), ...keyValueFields() }),
  'A query parameter',
  'QueryParameter',
);

export const pathParameterSchema = documented(
  z.strictObject({
    key: documented(z.string().min(1), 'Name read as {{ pathParams.NAME }} in the URL'),
    value: documented(z.string(), 'Configured value (reference bookkeeping)').optional(),
    overridable: documented(z.boolean(), 'Reference bookkeeping (default false)').optional(),
  }),
  'A path parameter the caller sends in X-Path-Params',
  'PathParameter',
);

const requestFields = () => ({
  url: template('https:// URL template; the scheme must be literal'),
  headers: z.array(headerSchema).optional(),
  query_parameters: z.array(queryParameterSchema).optional(),
  authentication: authenticationSchema.optional(),
  request_body: template('Template of the body sent for POST/PUT/PATCH (body slot)').optional(),
  response_body: template('Template transforming the upstream response (resp slot)').optional(),
  response_content_type: documented(z.string(), 'Overrides the Content-Type of the response').optional(),
});

const identityFields = () => ({
  name: documented(z.string().min(1), 'Unique connector name'),
  permalink: slug('Unique; derived from the name when absent').optional(),
  id: documented(z.number().int().nonnegative(), 'Unique numeric id; the connector is also addressed by it').optional(),
});

export const regularConnectorSchema = documented(
  z.strictObject({
    ...identityFields(),
    method: method('The caller must use the same method (default GET)').optional(),
    ...requestFields(),
    path_parameters: documented(z.array(pathParameterSchema), 'Path parameters the URL reads as {{ pathParams.KEY }}').optional(),
  }),
  'A regular connector: one HTTPS call',
  'RegularConnector',
);

export const stepSchema = documented(
  z.strictObject({
    name: slug('Unique within the connector; steps.<name> in later templates'),
    method: method('HTTP method (default GET)').optional(),
    ...requestFields(),
    when: template(
      "A Jinja2 expression without braces (body slot variables); when false the step is skipped and steps.<name>.skipped is true. Not allowed on the last step",
    ).optional(),
  }),
  'One call of a composite connector',
  'Step',
);

export const compositeConnectorSchema = documented(
  z.strictObject({
    ...identityFields(),
    execution: documented(
      z.enum(EXECUTION_MODES),
      'sequential (default): each step waits for the previous one; parallel: each step starts as soon as the steps it reads have finished',
    ).optional(),
    steps: z.array(stepSchema).min(1),
  }),
  'A composite connector: an ordered chain of calls; the caller always uses POST',
  'CompositeConnector',
);

export type RegularConnector = z.infer<typeof regularConnectorSchema>;
export type CompositeConnector = z.infer<typeof compositeConnectorSchema>;
export type Step = z.infer<typeof stepSchema>;
export type KeyValue = z.infer<typeof headerSchema>;

export const REGULAR_CONNECTOR_FIELDS: readonly string[] = Object.keys(regularConnectorSchema.shape);
export const COMPOSITE_CONNECTOR_FIELDS: readonly string[] = Object.keys(compositeConnectorSchema.shape);
export const STEP_FIELDS: readonly string[] = Object.keys(stepSchema.shape);
export const KEY_VALUE_FIELDS: readonly string[] = Object.keys(headerSchema.shape);
export const PATH_PARAMETER_FIELDS: readonly string[] = Object.keys(pathParameterSchema.shape);
