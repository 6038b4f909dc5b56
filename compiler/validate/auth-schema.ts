// zod schemas of `authentication: {type, config}` for each type of SPEC §4 (v2 names, as the
// reference platform documents them). Every config value is a template (hdr slot) except the
// enums `in` and `client_auth` and the number `token_ttl`. `apikey` is accepted forever as an
// alias of `api_key` (check says so with a warning, never an error).
import { z } from 'zod';
import { documented } from './schema-docs.js';
import { hasTemplateMarkers } from './template-markers.js';

export const AUTH_TYPES = ['none', 'api_key', 'apikey', 'oauth_client_credentials', 'jwt', 'oauth_jwt_bearer'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const JWT_ALGORITHMS = [
  'HS256', 'HS384', 'HS512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'EdDSA',
] as const;

/** `algorithm` when a jwt / oauth_jwt_bearer config leaves it out (SPEC §4). */
export const DEFAULT_JWT_ALGORITHM = 'RS256';

/** `token_ttl` of oauth_jwt_bearer when left out, in seconds (SPEC §4). */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

/** A config value: a template in the hdr slot (get_secret() allowed). A fresh schema per field. */
const template = (description = 'A Jinja2 template (hdr slot: get_secret() is allowed)') => documented(z.string(), description);

/** A literal algorithm is checked now; a templated one when it renders. */
const algorithm = () =>
  documented(
    z.string().refine((text) => hasTemplateMarkers(text) || (JWT_ALGORITHMS as readonly string[]).includes(text), {
      params: { code: 'auth-invalid-algorithm' },
    }),
    `One of ${JWT_ALGORITHMS.join(', ')}, or a template that renders one (default ${DEFAULT_JWT_ALGORITHM})`,
  ).optional();

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

const apiKeyConfig = () =>
  z.strictObject({
    key: template('Header or query parameter name (a template)'),
    value: template(),
    in: documented(z.enum(['header', 'query']), 'Send the pair as a header or as a query parameter'),
  });

export const apiKeyAuthSchema = z.strictObject({ type: z.literal('api_key'), config: apiKeyConfig() });

/** The reference's older spelling, accepted forever. */
export const apikeyAliasAuthSchema = z.strictObject({ type: z.literal('apikey'), config: apiKeyConfig() });

export const oauthClientCredentialsAuthSchema = z.strictObject({
  type: z.literal('oauth_client_credentials'),
  config: z.strictObject({
    token_url: template('Token endpoint URL (https)'),
    client_id: template(),
    client_secret: template(),
    scope: template().optional(),
    audience: template('Sent as `audience` in the token request when set (Conduit)').optional(),
    client_auth: documented(z.enum(['body', 'basic']), 'How client credentials reach the token endpoint (default body)').optional(),
  }),
});

export const jwtAuthSchema = z.strictObject({
  type: z.literal('jwt'),
  config: z.strictObject({
    private_key: template('PEM private key, or the shared secret for HS* algorithms'),
    algorithm: algorithm(),
    claims: jsonObject('JWT claims, every value a template; exp/iat/nbf that render as numbers become integers; nothing is added'),
    jwt_headers: jsonObject('Merged into the JOSE header (e.g. kid)').optional(),
  }),
});

export const oauthJwtBearerAuthSchema = z.strictObject({
  type: z.literal('oauth_jwt_bearer'),
  config: z.strictObject({
    client_id: template('The assertion issuer (iss)'),
    private_key: template('PEM private key, or the shared secret for HS* algorithms'),
    token_url: template('Token endpoint URL (https)'),
    subject: template('The assertion subject (sub)'),
    audience: template('The assertion audience (aud)'),
    token_ttl: documented(z.number().int().positive(), `How long an access token is reused, in seconds (default ${DEFAULT_TOKEN_TTL_SECONDS})`).optional(),
    algorithm: algorithm(),
    additional_claims: jsonObject('Further assertion claims, every value a template').optional(),
    jwt_headers: jsonObject('Merged into the JOSE header (e.g. kid)').optional(),
  }),
});

export const authenticationSchema = documented(
  z.discriminatedUnion('type', [
    noneAuthSchema,
    apiKeyAuthSchema,
    apikeyAliasAuthSchema,
    oauthClientCredentialsAuthSchema,
    jwtAuthSchema,
    oauthJwtBearerAuthSchema,
  ]),
  'How the call authenticates: {type, config} (SPEC §4)',
  'Authentication',
);

export type Authentication = z.infer<typeof authenticationSchema>;

/** Config fields of each type that are templates (string leaves included for claims/headers). */
export const AUTH_TEMPLATE_FIELDS: Readonly<Record<AuthType, readonly string[]>> = {
  none: [],
  api_key: ['key', 'value'],
  apikey: ['key', 'value'],
  oauth_client_credentials: ['token_url', 'client_id', 'client_secret', 'scope', 'audience'],
  jwt: ['private_key', 'algorithm', 'claims', 'jwt_headers'],
  oauth_jwt_bearer: ['client_id', 'private_key', 'token_url', 'subject', 'audience', 'algorithm', 'additional_claims', 'jwt_headers'],
};

/** Every config field of each type (for "did you mean" on unknown fields). */
export const AUTH_CONFIG_FIELDS: Readonly<Record<AuthType, readonly string[]>> = {
  none: [],
  api_key: Object.keys(apiKeyAuthSchema.shape.config.shape),
  apikey: Object.keys(apikeyAliasAuthSchema.shape.config.shape),
  oauth_client_credentials: Object.keys(oauthClientCredentialsAuthSchema.shape.config.shape),
  jwt: Object.keys(jwtAuthSchema.shape.config.shape),
  oauth_jwt_bearer: Object.keys(oauthJwtBearerAuthSchema.shape.config.shape),
};

export function isAuthType(value: unknown): value is AuthType {
  return typeof value === 'string' && (AUTH_TYPES as readonly string[]).includes(value);
}
