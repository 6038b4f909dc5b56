// The value one connector module exports, as code nodes following runtime/connector.ts.
// Everything static is decided here so the runtime only renders and sends: literal URLs parsed,
// templates without expressions as string constants, lower-cased header names for matching,
// cache eligibility, the path parameters the caller must send, whether the caller's body is read,
// and the wire form of whatever a step sends unchanged on every request.
import type { AuthIR, ConnectorIR, JsonIR, KeyValueIR, StepIR, TemplateIR } from '../analyse/ir.js';
import { DEFAULT_JWT_ALGORITHM } from '../validate/auth-schema.js';
import { stringLiteral } from './code-literal.js';
import type { CodeNode, CodeValues } from './code-value.js';
import { sortedUnique, templatesOfConnector } from './ir-templates.js';
import type { TemplateCompiler } from './template-value.js';
import { wireConstants } from './wire-constants.js';

type Entries = (readonly [string, CodeNode])[];

const JSON_OBJECT_TYPE = "CompiledJson & { readonly kind: 'object' }";

/** A name fragment from free text: `X-API-Key` → `x_api_key`. */
export function nameFragment(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 24).replace(/_+$/, '');
}

export class ConnectorValueBuilder {
  constructor(
    private readonly values: CodeValues,
    private readonly templates: TemplateCompiler,
  ) {}

  connector(connector: ConnectorIR): CodeNode {
    const v = this.values;
    const templates = templatesOfConnector(connector);
    const pathParams = sortedUnique(templates.flatMap((t) => t.pathParams));
    const parallel = connector.execution === 'parallel';
    // The keys of issue 17 are written only when used, so connectors without them emit as before.
    const execution: Entries = parallel ? [['execution', this.str('parallel')]] : [];
    return v.object('CompiledConnector', 'connector', [
      ['kind', this.str(connector.kind)],
      ['name', this.str(connector.name)],
      ['permalink', this.str(connector.permalink)],
      ['id', v.literal(connector.id === null ? 'null' : String(connector.id))],
      ['method', this.str(connector.method)],
      ['pathParams', v.literal(`[${pathParams.map(stringLiteral).join(', ')}]`)],
      ['readsRequestBody', this.bool(templates.some((t) => t.readsRequestBody))],
      // An identity sent in a header or query parameter needs a user (SPEC §5, USER_REQUIRED).
      ['requiresUser', this.bool(connector.steps.some((s) => [...s.headers, ...s.queryParameters].some((kv) => kv.value.readsUser)))],
      ['steps', this.list('readonly CompiledStep[]', 'steps', connector.steps.map((s) => this.step(s, connector.kind === 'regular', parallel)))],
      ...execution,
    ]);
  }

  private step(step: StepIR, callerOverrides: boolean, parallel: boolean): CodeNode {
    const v = this.values;
    const scheduling: Entries = [];
    if (step.when !== null) scheduling.push(['when', this.template(step.when)]);
    if (parallel) scheduling.push(['dependsOn', v.literal(`[${step.dependsOn.join(', ')}]`)]);
    return v.object('CompiledStep', `step_${nameFragment(step.name)}`, [
      ['name', this.str(step.name)],
      ['index', v.literal(String(step.index))],
      ['method', this.str(step.method)],
      ['url', this.url(step)],
      ['headers', this.list('readonly CompiledKeyValue[]', 'headers', step.headers.map((kv) => this.keyValue(kv, 'header')))],
      ['queryParameters', this.list('readonly CompiledKeyValue[]', 'query_parameters', step.queryParameters.map((kv) => this.keyValue(kv, 'query')))],
      ['authentication', this.auth(step.authentication)],
      ['requestBody', step.requestBody === null ? this.str('') : this.template(step.requestBody)],
      ['responseBody', this.templateOrNull(step.responseBody)],
      ['responseContentType', step.responseContentType === null ? v.literal('null') : this.str(step.responseContentType)],
      // Responses of GET/HEAD requests may be cached when the upstream allows it (SPEC §5).
      ['cacheable', this.bool(step.method === 'GET' || step.method === 'HEAD')],
      ['wire', this.wire(step, callerOverrides)],
      ...scheduling,
    ]);
  }

  /** The step's fixed parts in wire form (./wire-constants.ts). */
  private wire(step: StepIR, callerOverrides: boolean): CodeNode {
    const v = this.values;
    const wire = wireConstants(step, callerOverrides, this.templates);
    const orNull = (value: string | null) => (value === null ? v.literal('null') : this.str(value));
    const headers =
      wire.headers === null
        ? v.literal('null')
        : v.literal(`[${wire.headers.map(([name, value]) => `[${stringLiteral(name)}, ${stringLiteral(value)}]`).join(', ')}]`);
    return v.object('CompiledWire', 'wire', [
      ['headers', headers],
      ['query', orNull(wire.query)],
      ['href', orNull(wire.href)],
      ['host', orNull(wire.host)],
    ]);
  }

  private url(step: StepIR): CodeNode {
    const constant = this.templates.constantOf(step.url.template);
    if (constant !== null) {
      // Parsed once here (check already proved it parses); the runtime never parses a literal URL.
      const url = new URL(constant);
      return this.values.object('CompiledUrl', 'url', [
        ['kind', this.str('static')],
        ['href', this.str(url.href)],
        ['origin', this.str(url.origin)],
      ]);
    }
    return this.values.object('CompiledUrl', 'url', [
      ['kind', this.str('template')],
      ['origin', step.url.literalOrigin === null ? this.values.literal('null') : this.str(step.url.literalOrigin)],
      ['template', this.template(step.url.template)],
    ]);
  }

  private keyValue(kv: KeyValueIR, what: 'header' | 'query'): CodeNode {
    return this.values.object('CompiledKeyValue', `${what}_${nameFragment(kv.key)}`, [
      ['key', this.str(kv.key)],
      // Header names match case-insensitively: lower-cased once here, not per request.
      ['matchKey', this.str(what === 'header' ? kv.key.toLowerCase() : kv.key)],
      ['overridable', this.bool(kv.overridable)],
      ['value', this.template(kv.value)],
    ]);
  }

  private auth(auth: AuthIR): CodeNode {
    const entries: Entries = [['type', this.str(auth.type)]];
    switch (auth.type) {
      case 'none':
        break;
      case 'api_key':
        entries.push(['key', this.template(auth.key)], ['value', this.template(auth.value)], ['in', this.str(auth.in)]);
        break;
      case 'oauth_client_credentials':
        entries.push(
          ['tokenUrl', this.template(auth.tokenUrl)],
          ['clientId', this.template(auth.clientId)],
          ['clientSecret', this.template(auth.clientSecret)],
          ['scope', this.templateOrNull(auth.scope)],
          ['audience', this.templateOrNull(auth.audience)],
          ['clientAuth', this.str(auth.clientAuth)],
        );
        break;
      case 'jwt':
        entries.push(
          ['privateKey', this.template(auth.privateKey)],
          // Defaults of SPEC §4 written out, so the runtime has nothing to decide.
          ['algorithm', auth.algorithm === null ? this.str(DEFAULT_JWT_ALGORITHM) : this.template(auth.algorithm)],
          ['claims', this.json(auth.claims, 'claims')],
          ['jwtHeaders', this.json(auth.jwtHeaders, 'jwt_headers')],
        );
        break;
      case 'oauth_jwt_bearer':
        entries.push(
          ['clientId', this.template(auth.clientId)],
          ['privateKey', this.template(auth.privateKey)],
          ['tokenUrl', this.template(auth.tokenUrl)],
          ['subject', this.template(auth.subject)],
          ['audience', this.template(auth.audience)],
          ['tokenTtl', this.values.literal(String(auth.tokenTtl))],
          ['algorithm', auth.algorithm === null ? this.str(DEFAULT_JWT_ALGORITHM) : this.template(auth.algorithm)],
          ['additionalClaims', this.json(auth.additionalClaims, 'additional_claims')],
          ['jwtHeaders', this.json(auth.jwtHeaders, 'jwt_headers')],
        );
        break;
    }
    return this.values.object('CompiledAuth', `auth_${auth.type}`, entries);
  }

  private json(json: JsonIR, label = 'json'): CodeNode {
    const v = this.values;
    switch (json.kind) {
      case 'template':
        return v.object('CompiledJson', `${label}_value`, [['kind', this.str('template')], ['value', this.template(json.value)]]);
      case 'literal':
        return v.object('CompiledJson', `${label}_value`, [['kind', this.str('literal')], ['value', v.literal(JSON.stringify(json.value))]]);
      case 'array':
        return v.object('CompiledJson', `${label}_array`, [
          ['kind', this.str('array')],
          ['items', this.list('readonly CompiledJson[]', `${label}_items`, json.items.map((item) => this.json(item)))],
        ]);
      case 'object':
        return v.object(JSON_OBJECT_TYPE, label, [
          ['kind', this.str('object')],
          [
            'entries',
            this.list(
              'readonly (readonly [string, CompiledJson])[]',
              `${label}_entries`,
              json.entries.map(([key, value]) => v.array('readonly [string, CompiledJson]', `${label}_entry`, [this.str(key), this.json(value)])),
            ),
          ],
        ]);
    }
  }

  private list(type: string, label: string, items: readonly CodeNode[]): CodeNode {
    return items.length === 0 ? this.values.literal('[]') : this.values.array(type, label, items);
  }

  private template(template: TemplateIR): CodeNode {
    return this.templates.node(template);
  }

  private templateOrNull(template: TemplateIR | null): CodeNode {
    return template === null ? this.values.literal('null') : this.templates.node(template);
  }

  private str(value: string): CodeNode {
    return this.values.literal(stringLiteral(value));
  }

  private bool(value: boolean): CodeNode {
    return this.values.literal(String(value));
  }
}
