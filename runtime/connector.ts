// The shape of a compiled connector: what generated modules export and the executor runs.
// Everything here was decided at build time; the runtime only renders and sends.
import type { TemplateFunction } from './template/types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** A template that needs rendering per request. */
export interface CompiledTemplate {
  readonly render: TemplateFunction;
  /** The template text as written in the registry (shown instead of the value in debug output when usesSecret). */
  readonly source: string;
  /** True when the template calls get_secret(): its rendered value must never be shown or logged. */
  readonly usesSecret: boolean;
}

/** A string fixed at build time (template without expressions), or a template to render. */
export type TemplateValue = string | CompiledTemplate;

export interface CompiledKeyValue {
  /** Header name or query parameter key as written in the registry. */
  readonly key: string;
  /** Lower-cased header name (headers only match case-insensitively); equals key for query parameters. */
  readonly matchKey: string;
  readonly value: TemplateValue;
  readonly overridable: boolean;
}

export type CompiledUrl =
  /** No expressions: parsed and checked at build time. */
  | { readonly kind: 'static'; readonly href: string; readonly origin: string }
  /** Rendered per request. `origin` is set when scheme+host+port are literal (only path/query are templated). */
  | { readonly kind: 'template'; readonly template: CompiledTemplate; readonly origin: string | null };

/** A JSON value from an auth config (JWT claims, JWT header fields): strings are templates. */
export type CompiledJson =
  | { readonly kind: 'template'; readonly value: TemplateValue }
  | { readonly kind: 'literal'; readonly value: number | boolean | null }
  | { readonly kind: 'array'; readonly items: readonly CompiledJson[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, CompiledJson])[] };

export type JwtAlgorithmName = string; // validated at build time when literal, at run time otherwise

export type CompiledAuth =
  | { readonly type: 'none' }
  | {
      /** `api_key` (the registry's `apikey` alias compiles to it). */
      readonly type: 'api_key';
      readonly key: TemplateValue;
      readonly value: TemplateValue;
      readonly in: 'header' | 'query';
    }
  | {
      readonly type: 'oauth_client_credentials';
      readonly tokenUrl: TemplateValue;
      readonly clientId: TemplateValue;
      readonly clientSecret: TemplateValue;
      readonly scope: TemplateValue | null;
      readonly audience: TemplateValue | null;
      readonly clientAuth: 'body' | 'basic';
    }
  | {
      readonly type: 'jwt';
      readonly privateKey: TemplateValue;
      /** RS256 when the registry leaves it out. */
      readonly algorithm: TemplateValue;
      /** Rendered as written: nothing is added or overwritten. */
      readonly claims: CompiledJson & { readonly kind: 'object' };
      readonly jwtHeaders: CompiledJson & { readonly kind: 'object' };
    }
  | {
      readonly type: 'oauth_jwt_bearer';
      /** The assertion's `iss`. */
      readonly clientId: TemplateValue;
      readonly privateKey: TemplateValue;
      readonly tokenUrl: TemplateValue;
      /** The assertion's `sub`. */
      readonly subject: TemplateValue;
      /** The assertion's `aud`. */
      readonly audience: TemplateValue;
      /** Seconds an access token is reused (minus the safety margin); 3600 when left out. */
      readonly tokenTtl: number;
      readonly algorithm: TemplateValue;
      readonly additionalClaims: CompiledJson & { readonly kind: 'object' };
      readonly jwtHeaders: CompiledJson & { readonly kind: 'object' };
    };

/**
 * What a step sends that is fixed at build time, ready for the wire, so a request with nothing to
 * render costs no encoding, copying or checking. Each part is null when something in it varies.
 */
export interface CompiledWire {
  /** Every configured header as [name, value]: all literal, valid on the wire, none taking a caller value. */
  readonly headers: readonly (readonly [string, string])[] | null;
  /** The configured query parameters URL-encoded (`a=1&b=2`, '' for none): all literal, none taking a caller value. */
  readonly query: string | null;
  /** The static URL with `query` appended, as sent. */
  readonly href: string | null;
  /** The upstream's host name (no port, IPv6 without brackets) when the origin is literal: the timing headers name it. */
  readonly host: string | null;
}

export interface CompiledStep {
  readonly name: string;
  /** 0-based position in the chain (a regular connector is one step named after its permalink). */
  readonly index: number;
  readonly method: HttpMethod;
  readonly url: CompiledUrl;
  readonly headers: readonly CompiledKeyValue[];
  readonly queryParameters: readonly CompiledKeyValue[];
  readonly authentication: CompiledAuth;
  /** Sent only for POST/PUT/PATCH. '' when not configured. */
  readonly requestBody: TemplateValue;
  /** null: the upstream body passes through unchanged. */
  readonly responseBody: TemplateValue | null;
  /** Honoured on the last step only; null when not configured. */
  readonly responseContentType: string | null;
  /** GET/HEAD: the response may be cached when the upstream allows it. */
  readonly cacheable: boolean;
  /**
   * A composite step's condition (`when:`), compiled as `{% if EXPR %}1{% endif %}`: the step runs
   * when it renders '1', else it is skipped. Absent: the step always runs.
   */
  readonly when?: TemplateValue;
  /** Under `execution: parallel`: indices of the earlier steps it reads, which must finish before it starts. */
  readonly dependsOn?: readonly number[];
  /** Absent in modules built before it existed: the runtime then works everything out per request. */
  readonly wire?: CompiledWire;
}

export interface CompiledConnector {
  readonly kind: 'regular' | 'composite';
  readonly name: string;
  readonly permalink: string;
  readonly id: number | null;
  /** The method the caller must use: the configured one (regular) or POST (composite). */
  readonly method: HttpMethod;
  /**
   * Generated modules build the steps in a getter, anew on each read: the runtime reads them once
   * per connector, on its first use (server/prepared-on-first-use.ts), and holds the result.
   */
  readonly steps: readonly CompiledStep[];
  /** Names read as `pathParams.NAME` (regular connectors); each is required from the caller. */
  readonly pathParams: readonly string[];
  /** True when some template reads the caller's body (body_text/body_raw/request.body_*). */
  readonly readsRequestBody: boolean;
  /** 'parallel': each step starts as soon as the steps it reads (CompiledStep.dependsOn) are done. Absent: sequential. */
  readonly execution?: 'parallel';
  /**
   * True when a header or query parameter template reads `user.*`: an anonymous caller is refused
   * with 401 USER_REQUIRED before any upstream call (SPEC §5). Absent means false.
   */
  readonly requiresUser?: boolean;
}

export interface CompiledRegistry {
  /** Sorted by permalink. */
  readonly connectors: readonly CompiledConnector[];
  /** Every secret name some template reads (for `check --secrets` and start-up warnings). */
  readonly secretNames: readonly string[];
}
