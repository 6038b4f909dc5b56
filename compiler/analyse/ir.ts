// The intermediate representation: what analysis hands to code generation. Every template is
// already parsed (AST) and classified, so emit never re-parses a string.
import type { Root } from '../template/ast.js';
import type { HttpMethod } from '../../runtime/connector.js';

/** Where a template runs decides what it may use (SPEC §2). */
export type Slot = 'url' | 'body' | 'hdr' | 'resp';

export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly col: number;
}

export interface TemplateIR {
  /** The template text as written. */
  readonly source: string;
  readonly slot: Slot;
  /** Where the value starts in its registry file. */
  readonly location: SourceLocation;
  readonly ast: Root;
  /** HTML autoescaping (the registry file's `autoescape`, on unless false). */
  readonly autoescape: boolean;
  /** False when the template is plain text (no {{ }}, {% %}): emit it as a string constant. */
  readonly hasExpressions: boolean;
  /** Secret names passed to get_secret() (literal arguments). */
  readonly secretNames: readonly string[];
  /** Variable names passed to get_variable() (literal arguments). */
  readonly variableNames: readonly string[];
  /** Earlier steps this template reads (`steps.NAME` / `steps['NAME']`). */
  readonly stepRefs: readonly string[];
  /** Keys read as `pathParams.NAME`. */
  readonly pathParams: readonly string[];
  /** Keys read as `request.query_parameters.NAME` / `['NAME']` / `.get('NAME')`. */
  readonly queryParameterKeys: readonly string[];
  /**
   * Reads the caller's query parameters as a whole (`request.query_parameters | tojson`, `.items()`,
   * a computed key, `request` itself): any key may matter, not only those in queryParameterKeys.
   */
  readonly readsAllQueryParameters: boolean;
  /** Reads the caller's payload (body_text, body_raw, request.body_text, request.body_raw). */
  readonly readsRequestBody: boolean;
  /** Reads `user.*` (identity): such values must not be overridable by the caller. */
  readonly readsUser: boolean;
}

export interface KeyValueIR {
  readonly key: string;
  readonly value: TemplateIR;
  readonly overridable: boolean;
}

export type JsonIR =
  | { readonly kind: 'template'; readonly value: TemplateIR }
  | { readonly kind: 'literal'; readonly value: number | boolean | null }
  | { readonly kind: 'array'; readonly items: readonly JsonIR[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, JsonIR])[] };

export type JsonObjectIR = JsonIR & { readonly kind: 'object' };

export type AuthIR =
  | { readonly type: 'none' }
  /** `api_key` (the `apikey` alias is normalised to it). */
  | { readonly type: 'api_key'; readonly key: TemplateIR; readonly value: TemplateIR; readonly in: 'header' | 'query' }
  | {
      readonly type: 'oauth_client_credentials';
      readonly tokenUrl: TemplateIR;
      readonly clientId: TemplateIR;
      readonly clientSecret: TemplateIR;
      readonly scope: TemplateIR | null;
      readonly audience: TemplateIR | null;
      readonly clientAuth: 'body' | 'basic';
    }
  | {
      readonly type: 'jwt';
      readonly privateKey: TemplateIR;
      readonly algorithm: TemplateIR | null; // null: RS256
      readonly claims: JsonObjectIR;
      readonly jwtHeaders: JsonObjectIR;
    }
  | {
      readonly type: 'oauth_jwt_bearer';
      readonly clientId: TemplateIR;
      readonly privateKey: TemplateIR;
      readonly tokenUrl: TemplateIR;
      readonly subject: TemplateIR;
      readonly audience: TemplateIR;
      readonly tokenTtl: number;
      readonly algorithm: TemplateIR | null; // null: RS256
      readonly additionalClaims: JsonObjectIR;
      readonly jwtHeaders: JsonObjectIR;
    };

export interface UrlIR {
  readonly template: TemplateIR;
  /** scheme://host[:port] when literal in the template (checked at build time), else null. */
  readonly literalOrigin: string | null;
}

export interface StepIR {
  readonly name: string;
  readonly index: number;
  readonly method: HttpMethod;
  readonly url: UrlIR;
  readonly headers: readonly KeyValueIR[];
  readonly queryParameters: readonly KeyValueIR[];
  readonly authentication: AuthIR;
  readonly requestBody: TemplateIR | null; // null: not configured ('')
  readonly responseBody: TemplateIR | null; // null: not configured: pass through
  readonly responseContentType: string | null;
  /** A composite step's `when` as a condition template (compiler/analyse/step-condition.ts); null: always runs. */
  readonly when: TemplateIR | null;
  /** Indices of the earlier steps its templates read (the step dependency graph); [] for a regular connector. */
  readonly dependsOn: readonly number[];
}

/** How a composite runs its steps: one after another (the default), or each as soon as the steps it reads are done. */
export type ExecutionMode = 'sequential' | 'parallel';

export interface ConnectorIR {
  readonly kind: 'regular' | 'composite';
  readonly name: string;
  readonly permalink: string;
  readonly id: number | null;
  readonly method: HttpMethod;
  readonly steps: readonly StepIR[];
  /** Always 'sequential' for a regular connector. */
  readonly execution: ExecutionMode;
  /** The registry file the connector came from. */
  readonly file: string;
}

export interface RegistryIR {
  /** Sorted by permalink, so output order never depends on file system order. */
  readonly connectors: readonly ConnectorIR[];
}
