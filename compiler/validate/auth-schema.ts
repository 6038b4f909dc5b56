// zod schemas of `authentication: {type, config}` for each type of SPEC §4. Every config value is
// a template (hdr slot) except the enums `in` and `client_auth` and the number `expires_in`.
import { z } from 'zod';
import { documented } from './schema-docs.js';
import { hasTemplateMarkers } from './template-markers.js';

export const AUTH_TYPES = ['none', 'apikey', 'oauth_client_credentials', 'jwt', 'oauth_jwt_bearer'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const JWT_ALGORITHMS = [
  'HS256', 'HS384', 'HS512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'EdDSA',
] as const;

/** Default JWT lifetime in seconds (SPEC §4). */
export const DEFAULT_JWT_EXPIRES_IN = 300;

/** A config value: a template in the hdr slot (get_secret() allowed). A fresh schema per field. */
const template = (description = 'A Jinja2 template (hdr slot: get_secret() is allowed)') => documented(z.string(), description);

/** A literal algorithm is checked now; a templated one when it renders. */
const algorithm = () =>
  documented(
    z.string().refine((text) => hasTemplateMarkers(text) || (JWT_ALGORITHMS as readonly string[]).includes(text), {
      params: { code: 'auth-invalid-algorithm' },
    }),
    `One of ${JWT_ALGORITHMS.join(', ')}, or a template that renders one`,
  );

const expiresIn = () => documented(z.number().int().positive(), 'Token lifetime in seconds (default 300)').optional();

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JWT claims and header fields: JSON values whose strings are templates. */
export const jsonValueSchema: z.ZodType<JsonValue> = documented(
  z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)])),
  'A JSON value; its strings are templates',
  'JsonValue',
);
const jsonObject = (description: string) => documented(z.record(z.string(), jsonValueSchema), description);

export const noneAuthSchema = z.strictObject({
  type: z.literal('none'),
  config: z.strictObject({}).optional(),
});

export const apikeyAuthSchema = z.strictObject({
  type: z.literal('apikey'),
  config: z.strictObject({
    key: template('Header or query parameter name (a template)'),
    value: template(),
    in: documented(z.enum(['header', 'query']), 'Send the pair as a header or as a query parameter'),
  }),
});

export const oauthClientCredentialsAuthSchema = z.strictObject({
  type: z.literal('oauth_client_credentials'),
  config: z.strictObject({
    token_url: template('Token endpoint URL (https)'),
    client_id: template(),
    client_secret: template(),
    scope: template().optional(),
    audience: template().optional(),
    client_auth: documented(z.enum(['body', 'basic']), 'How client credentials reach the token endpoint (default body)').optional(),
  }),
});

export const jwtAuthSchema = z.strictObject({
  type: z.literal('jwt'),
  config: z.strictObject({
    key: template('PEM private key, or the shared secret for HS* algorithms'),
    algorithm: algorithm(),
    claims: jsonObject('JWT claims; iat and exp are added'),
    expires_in: expiresIn(),
    headers: jsonObject('Extra JWT header fields').optional(),
    header_name: template('Request header carrying the token (default Authorization)').optional(),
    prefix: template("Text before the token (default 'Bearer ')").optional(),
  }),
});

export const oauthJwtBearerAuthSchema = z.strictObject({
  type: z.literal('oauth_jwt_bearer'),
  config: z.strictObject({
    token_url: template('Token endpoint URL (https)'),
    key: template('PEM private key, or the shared secret for HS* algorithms'),
    algorithm: algorithm(),
    claims: jsonObject('Assertion claims (iss, sub, aud, ...); iat and exp are added'),
    expires_in: expiresIn(),
    scope: template().optional(),
  }),
});

export const authenticationSchema = documented(
  z.discriminatedUnion('type', [noneAuthSchema, apikeyAuthSchema, oauthClientCredentialsAuthSchema, jwtAuthSchema, oauthJwtBearerAuthSchema]),
  'How the call authenticates: {type, config} (SPEC §4)',
  'Authentication',
);

export type Authentication = z.infer<typeof authenticationSchema>;

/** Config fields of each type that are templates (string leaves included for claims/headers). */
export const AUTH_TEMPLATE_FIELDS: Readonly<Record<AuthType, readonly string[]>> = {
  none: [],
  apikey: ['key', 'value'],
  oauth_client_credentials: ['token_url', 'client_id', 'client_secret', 'scope', 'audience'],
  jwt: ['key', 'algorithm', 'claims', 'headers', 'header_name', 'prefix'],
  oauth_jwt_bearer: ['token_url', 'key', 'algorithm', 'claims', 'scope'],
};

/** Every config field of each type (for "did you mean" on unknown fields). */
export const AUTH_CONFIG_FIELDS: Readonly<Record<AuthType, readonly string[]>> = {
  none: [],
  apikey: Object.keys(apikeyAuthSchema.shape.config.shape),
  oauth_client_credentials: Object.keys(oauthClientCredentialsAuthSchema.shape.config.shape),
  jwt: Object.keys(jwtAuthSchema.shape.config.shape),
  oauth_jwt_bearer: Object.keys(oauthJwtBearerAuthSchema.shape.config.shape),
};

export function isAuthType(value: unknown): value is AuthType {
  return typeof value === 'string' && (AUTH_TYPES as readonly string[]).includes(value);
}
