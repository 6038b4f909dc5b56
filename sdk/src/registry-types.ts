// How generated registry types narrow the SDK: `conduit build` writes generated/sdk-types.d.ts with an
// interface of this shape, and a typed widget passes it as WidgetServiceSDK's type parameter:
//
//   import type { RegistryConnectors } from '../generated/sdk-types.js';
//   const sdk = new WidgetServiceSDK<RegistryConnectors>();
//
// Then `permalink` is a union of the registry's permalinks (per kind), `method` is the connector's
// configured method, `pathParams` requires exactly the names its URL reads, and `queryParams` accepts
// the keys it reads. Without a type parameter every field falls back to plain strings.
// See sdk/examples/sdk-types.d.ts for a complete file.
import type { HttpMethod } from './http-method.js';

/** One regular connector in the generated types. */
export interface RegularConnectorTypes {
  /** The configured method; the caller must use it. */
  readonly method: HttpMethod;
  /** Union of the names the URL reads as `pathParams.NAME`; `never` when it reads none. */
  readonly pathParams: string;
  /** Union of the query parameter keys the caller may set; `never` for none, `string` for any. */
  readonly queryParams: string;
}

/** One composite connector in the generated types. */
export interface CompositeConnectorTypes {
  /** Union of the keys templates read as `request.query_parameters.NAME`; `never` for none, `string` for any. */
  readonly queryParams: string;
}

/**
 * The constraint on WidgetServiceSDK's type parameter: permalinks are the keys of `regular` and
 * `composite`; each value should have the shape of RegularConnectorTypes / CompositeConnectorTypes
 * (a field that is missing falls back to the untyped form).
 */
export interface RegistryTypes {
  readonly regular: object;
  readonly composite: object;
}

/** The default: any permalink, any method, any parameter names. */
export interface UntypedRegistry extends RegistryTypes {
  readonly regular: { readonly [permalink: string]: RegularConnectorTypes };
  readonly composite: { readonly [permalink: string]: CompositeConnectorTypes };
}

export type RegularPermalink<R extends RegistryTypes> = Extract<keyof R['regular'], string>;
export type CompositePermalink<R extends RegistryTypes> = Extract<keyof R['composite'], string>;

export type RegularEntry<R extends RegistryTypes, P> = P extends keyof R['regular'] ? R['regular'][P] : never;
export type CompositeEntry<R extends RegistryTypes, P> = P extends keyof R['composite'] ? R['composite'][P] : never;

/** The configured method of a connector entry (every method when the entry does not say). */
export type MethodOf<E> = E extends { readonly method: infer M extends HttpMethod } ? M : HttpMethod;

/** The parameter names an entry lists under `field` (any name when the entry does not say). */
export type ParamNamesOf<E, F extends 'pathParams' | 'queryParams'> = E extends { readonly [K in F]: infer N }
  ? N extends string
    ? N
    : string
  : string;
