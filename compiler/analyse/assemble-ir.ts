// Assembles the RegistryIR (compiler/analyse/ir.ts) from validated connectors and their analysed
// templates, applying the defaults of SPEC §1/§4: a regular connector (method GET unless given) is one step named after
// its permalink (index 0); a composite connector is called with POST and its steps default to
// GET; '' request/response bodies and content types mean "not configured" (null).
import { stepDependencies } from './step-graph.js';
import type { AuthIR, ConnectorIR, JsonIR, JsonObjectIR, KeyValueIR, RegistryIR, StepIR, TemplateIR } from './ir.js';
import type { DataPath } from '../load/node-path.js';
import { DEFAULT_TOKEN_TTL_SECONDS, type Authentication, type JsonValue } from '../validate/auth-schema.js';
import type { KeyValue, RegularConnector, Step } from '../validate/connector-schema.js';
import type { TemplateTable } from './template-table.js';
import { fieldKey } from './template-fields.js';
import type { ConnectorEntry } from '../validate/validate-file.js';

/** literalOrigin of each URL template, by connector-relative field key. */
export type OriginTable = ReadonlyMap<string, string | null>;

class TemplateMissing extends Error {}

interface Context {
  readonly templates: TemplateTable;
  readonly origins: OriginTable;
}

function template(ctx: Context, relative: DataPath): TemplateIR {
  const ir = ctx.templates.get(fieldKey(relative));
  // Only reachable when a template had errors, and then the registry is not assembled at all.
  if (ir === null || ir === undefined) throw new TemplateMissing(fieldKey(relative));
  return ir;
}

function optionalTemplate(ctx: Context, relative: DataPath, value: string | undefined): TemplateIR | null {
  return value === undefined ? null : template(ctx, relative);
}

function keyValues(ctx: Context, relative: DataPath, list: readonly KeyValue[] | undefined): KeyValueIR[] {
  return (list ?? []).map((item, i) => ({
    key: item.key,
    value: template(ctx, [...relative, i, 'value']),
    overridable: item.overridable ?? false,
  }));
}

function json(ctx: Context, relative: DataPath, value: JsonValue): JsonIR {
  if (typeof value === 'string') return { kind: 'template', value: template(ctx, relative) };
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return { kind: 'literal', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map((item, i) => json(ctx, [...relative, i], item)) };
  return jsonObject(ctx, relative, value);
}

function jsonObject(ctx: Context, relative: DataPath, value: { readonly [key: string]: JsonValue } | undefined): JsonObjectIR {
  const entries = Object.entries(value ?? {}).map(([k, v]) => [k, json(ctx, [...relative, k], v)] as const);
  return { kind: 'object', entries };
}

function authentication(ctx: Context, relative: DataPath, auth: Authentication | undefined): AuthIR {
  if (auth === undefined) return { type: 'none' };
  const at = (field: string): DataPath => [...relative, 'config', field];
  switch (auth.type) {
    case 'none':
      return { type: 'none' };
    case 'api_key':
    case 'apikey':
      return { type: 'api_key', key: template(ctx, at('key')), value: template(ctx, at('value')), in: auth.config.in };
    case 'oauth_client_credentials':
      return {
        type: 'oauth_client_credentials',
        tokenUrl: template(ctx, at('token_url')),
        clientId: template(ctx, at('client_id')),
        clientSecret: template(ctx, at('client_secret')),
        scope: optionalTemplate(ctx, at('scope'), auth.config.scope),
        audience: optionalTemplate(ctx, at('audience'), auth.config.audience),
        clientAuth: auth.config.client_auth ?? 'body',
      };
    case 'jwt':
      return {
        type: 'jwt',
        privateKey: template(ctx, at('private_key')),
        algorithm: optionalTemplate(ctx, at('algorithm'), auth.config.algorithm),
        claims: jsonObject(ctx, at('claims'), auth.config.claims),
        jwtHeaders: jsonObject(ctx, at('jwt_headers'), auth.config.jwt_headers),
      };
    case 'oauth_jwt_bearer':
      return {
        type: 'oauth_jwt_bearer',
        clientId: template(ctx, at('client_id')),
        privateKey: template(ctx, at('private_key')),
        tokenUrl: template(ctx, at('token_url')),
        subject: template(ctx, at('subject')),
        audience: template(ctx, at('audience')),
        tokenTtl: auth.config.token_ttl ?? DEFAULT_TOKEN_TTL_SECONDS,
        algorithm: optionalTemplate(ctx, at('algorithm'), auth.config.algorithm),
        additionalClaims: jsonObject(ctx, at('additional_claims'), auth.config.additional_claims),
        jwtHeaders: jsonObject(ctx, at('jwt_headers'), auth.config.jwt_headers),
      };
  }
}

function step(
  ctx: Context,
  relative: DataPath,
  def: RegularConnector | Step,
  name: string,
  index: number,
  method: StepIR['method'],
  stepNames: readonly string[],
): StepIR {
  const urlKey = fieldKey([...relative, 'url']);
  const prefix = `${fieldKey(relative)}/`;
  const own = [...ctx.templates].filter(([key, ir]) => ir !== null && (relative.length === 0 || key.startsWith(prefix)));
  return {
    name,
    index,
    method,
    url: { template: template(ctx, [...relative, 'url']), literalOrigin: ctx.origins.get(urlKey) ?? null },
    headers: keyValues(ctx, [...relative, 'headers'], def.headers),
    queryParameters: keyValues(ctx, [...relative, 'query_parameters'], def.query_parameters),
    authentication: authentication(ctx, [...relative, 'authentication'], def.authentication),
    requestBody: def.request_body ? template(ctx, [...relative, 'request_body']) : null,
    responseBody: def.response_body ? template(ctx, [...relative, 'response_body']) : null,
    responseContentType: def.response_content_type ? def.response_content_type : null,
    when: 'when' in def && def.when !== undefined ? template(ctx, [...relative, 'when']) : null,
    dependsOn: stepDependencies(own.map(([, ir]) => ir!), stepNames),
  };
}

/** The ConnectorIR of a valid connector, or null when one of its templates has no IR (it had errors). */
export function assembleConnector(entry: ConnectorEntry, templates: TemplateTable, origins: OriginTable): ConnectorIR | null {
  if (entry.valid === null || entry.permalink === null) return null;
  const ctx: Context = { templates, origins };
  const identity = { name: entry.valid.name, permalink: entry.permalink, id: entry.valid.id ?? null, file: entry.file };
  try {
    if (entry.kind === 'regular') {
      const def = entry.valid;
      const method = def.method ?? 'GET';
      const only = step(ctx, [], def, entry.permalink, 0, method, []);
      return { kind: 'regular', ...identity, method, steps: [only], execution: 'sequential' };
    }
    const names = entry.valid.steps.map((def) => def.name);
    const steps = entry.valid.steps.map((def, i) => step(ctx, ['steps', i], def, def.name, i, def.method ?? 'GET', names));
    return { kind: 'composite', ...identity, method: 'POST', steps, execution: entry.valid.execution ?? 'sequential' };
  } catch (err) {
    if (err instanceof TemplateMissing) return null;
    throw err;
  }
}

/**
 * Connectors sorted by permalink (code-unit order), a regular connector before a composite one
 * with the same permalink (separate namespaces), so output never depends on file order.
 */
export function assembleRegistry(connectors: readonly ConnectorIR[]): RegistryIR {
  const order = (a: ConnectorIR, b: ConnectorIR) =>
    a.permalink < b.permalink ? -1 : a.permalink > b.permalink ? 1 : a.kind === b.kind ? 0 : a.kind === 'regular' ? -1 : 1;
  return { connectors: [...connectors].sort(order) };
}
