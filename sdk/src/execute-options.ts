// What widget code passes to connectors.execute and connectors.composite.execute (SPEC §6), typed by
// the registry types (registry-types.ts) so typos in permalinks and parameter names fail to compile.
import type {
  CompositeEntry,
  CompositePermalink,
  MethodOf,
  ParamNamesOf,
  RegistryTypes,
  RegularEntry,
  RegularPermalink,
  UntypedRegistry,
} from './registry-types.js';

/** A path parameter value; sent in `X-Path-Params` and checked by the runtime (`[A-Za-z0-9._~-]{1,200}`). */
export type PathParamValue = string | number;

export type QueryParamScalar = string | number | boolean;
/** An array repeats the key (`?tag=a&tag=b`); null and undefined leave the key out. */
export type QueryParamValue = QueryParamScalar | readonly QueryParamScalar[] | null | undefined;

/** Header name → value; an undefined value leaves the header out. */
export type HeaderMap = { readonly [name: string]: string | undefined };

/**
 * Regular connector payload, sent only for POST/PUT/PATCH: a plain object or array is sent as JSON
 * (Content-Type application/json); a string is sent as is; a Blob, ArrayBuffer, typed array,
 * URLSearchParams or FormData is handed to fetch unchanged. Anything else is a ConnectorBoundaryError.
 */
export type RegularPayload = string | object;

/** Composite connector payload: a plain object, sent as JSON. Strings and arrays are refused. */
export type CompositePayload = object;

/** A connector that reads no names of this kind: any key is a compile error. */
type NoParams = { readonly [name: string]: never };

type QueryParamsFor<Names extends string> = string extends Names
  ? { readonly [name: string]: QueryParamValue }
  : [Names] extends [never]
    ? NoParams
    : { readonly [K in Names]?: QueryParamValue };

type PathParamsFor<Names extends string> = string extends Names
  ? { readonly pathParams?: { readonly [name: string]: PathParamValue } }
  : [Names] extends [never]
    ? { readonly pathParams?: NoParams }
    : { readonly pathParams: { readonly [K in Names]: PathParamValue } };

export type RegularExecuteOptions<
  R extends RegistryTypes = UntypedRegistry,
  P extends RegularPermalink<R> = RegularPermalink<R>,
> = {
  /** The connector's permalink (or its numeric id as a string). */
  readonly permalink: P;
  /** Must equal the connector's configured method (else the runtime answers 405). */
  readonly method: MethodOf<RegularEntry<R, P>>;
  readonly payload?: RegularPayload;
  readonly queryParams?: QueryParamsFor<ParamNamesOf<RegularEntry<R, P>, 'queryParams'>>;
  /** Sent with this request only, after the config's default headers. */
  readonly headers?: HeaderMap;
  /** Aborts the request (rejects with scope 'Aborted'). */
  readonly signal?: AbortSignal;
} & PathParamsFor<ParamNamesOf<RegularEntry<R, P>, 'pathParams'>>;

export type CompositeExecuteOptions<
  R extends RegistryTypes = UntypedRegistry,
  P extends CompositePermalink<R> = CompositePermalink<R>,
> = {
  readonly permalink: P;
  /** Composite connectors are always called with POST; any other value is a ConnectorBoundaryError. */
  readonly method?: 'POST';
  readonly payload?: CompositePayload;
  readonly queryParams?: QueryParamsFor<ParamNamesOf<CompositeEntry<R, P>, 'queryParams'>>;
  readonly headers?: HeaderMap;
  readonly signal?: AbortSignal;
  /** Composite connectors take no path parameters: passing them is a ConnectorBoundaryError. */
  readonly pathParams?: never;
};
